/*
 * Runs in the page, after Paged.js is loaded (pagedjs-cli's additionalScripts).
 *
 * When the last line on a page ends at a soft hyphen, Paged.js measures the
 * break one letter late: "pre-|sumptively" is cut as "pres|umptively", and
 * the hyphen it adds is U+2011, which text faces rarely have, so it comes
 * from a system font. This handler moves such a break back to the soft
 * hyphen the browser actually broke the line at, and makes the added
 * hyphen an ordinary one.
 */
(function () {
  const LETTER = /[\p{L}\p{M}\p{N}]/u;

  class SoftHyphenBreaks extends window.Paged.Handler {
    constructor(chunker, polisher, caller) {
      super(chunker, polisher, caller);
      chunker.settings.hyphenGlyph = "-";
    }

    onOverflow(overflow) {
      if (!overflow || overflow.startContainer.nodeType !== Node.TEXT_NODE) return undefined;
      const node = overflow.startContainer;
      const text = node.textContent;
      let i = overflow.startOffset;
      if (i === 0 || !LETTER.test(text[i - 1]) || !LETTER.test(text[i] || "")) return undefined;
      while (i > 0 && LETTER.test(text[i - 1])) i--;
      if (i === 0 || text[i - 1] !== "\u00ad") return undefined;
      overflow.setStart(node, i);
      return overflow;
    }
  }

  window.Paged.registerHandlers(SoftHyphenBreaks);
})();
