/*
 * Runs in the page, after Paged.js and before Galley's other page scripts
 * (see scripts.ts): how set text is read, shared by them as
 * window.galleyText.
 */
(function () {
  /** How many lines an element's text is set on: its boxes grouped by their middles. */
  function lineCount(el) {
    const range = document.createRange();
    range.selectNodeContents(el);
    const middles = [];
    for (const rect of range.getClientRects()) {
      if (rect.width === 0 || rect.height === 0) continue;
      const middle = (rect.top + rect.bottom) / 2;
      if (!middles.some((m) => Math.abs(m - middle) < rect.height / 2)) middles.push(middle);
    }
    return middles.length;
  }

  /** The box of character `i` of text node `node`, through `range`. */
  function charRect(range, node, i) {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    return range.getBoundingClientRect();
  }

  window.galleyText = { lineCount, charRect };
})();
