/*
 * Runs in the page, after text.js and before breaks.js (see scripts.ts):
 * where the words around a page's break start and end, shared as
 * window.galleyWords. breaks.js and foot.js move a break to a word's
 * start so a page does not end in a hyphen; lines.js sets a word whole.
 */
(function () {
  const { textNodes } = window.galleyText;
  const LETTER = /[\p{L}\p{M}\p{N}]/u;
  const HYPHEN = "-";
  const SOFT_HYPHEN = "\u00ad";
  const OPENING = /[«‹“‘„‚"'(\[¿¡]/u;

  /** The nearest element around `node` that is not set inline: the paragraph, list item or the like whose lines `node` stands on. */
  function blockOf(node) {
    let el = node.parentElement;
    while (el.parentElement && getComputedStyle(el).display.startsWith("inline")) el = el.parentElement;
    return el;
  }

  /**
   * Where the word that ends `node` starts, as {node, offset}, if a space
   * stands before it; null otherwise. The word is followed back across
   * the inline elements it starts in ("a <em>ad-</em>" starts at the
   * emphasis), within its paragraph; notes and their calls are passed over.
   */
  function wordStart(node) {
    const nodes = textNodes(blockOf(node));
    let k = nodes.indexOf(node);
    if (k < 0) return null;
    let text = node.textContent;
    let i = text.length;
    // A compound, broken at its own hyphen or inside a part, goes over from its first part.
    if (text.endsWith(HYPHEN)) i--;
    const inWord = (j) => LETTER.test(text[j]) || text[j] === SOFT_HYPHEN || (text[j] === HYPHEN && j > 0 && LETTER.test(text[j - 1]));
    for (;;) {
      while (i > 0 && inWord(i - 1)) i--;
      // An opening quote or bracket goes over with its word.
      while (i > 0 && OPENING.test(text[i - 1])) i--;
      if (i > 0 || k === 0) break;
      k--;
      text = nodes[k].textContent;
      i = text.length;
      if (/\s$/.test(text)) return { node: nodes[k + 1], offset: 0 };
    }
    return i > 0 && /\s/.test(text[i - 1]) ? { node: nodes[k], offset: i } : null;
  }

  const WORD = /[\p{L}\p{M}\u00ad]/u;

  /** Whether the text of `el` before the line starting at `start` ends in a hyphen, a soft one or a compound's. */
  function endsInHyphen(el, start) {
    const nodes = textNodes(el);
    let text = start.node.textContent.slice(0, start.offset).trimEnd();
    for (let k = nodes.indexOf(start.node) - 1; text === "" && k >= 0; k--) text = nodes[k].textContent.trimEnd();
    return text.endsWith(SOFT_HYPHEN) || (text.endsWith("-") && WORD.test(text[text.length - 2] || ""));
  }

  /**
   * Where the text that goes overleaf must start so the page does not end
   * in a hyphen: a line that begins inside a hyphenated word (after a soft
   * hyphen, or a compound's own hyphen) goes over with the whole word.
   */
  function wholeWord(start) {
    const text = start.node.textContent;
    let i = start.offset;
    const before = text[i - 1];
    if (before !== SOFT_HYPHEN && !(before === "-" && WORD.test(text[i - 2] || ""))) return start;
    i--;
    while (i > 0 && (WORD.test(text[i - 1]) || (text[i - 1] === "-" && WORD.test(text[i - 2] || "")))) i--;
    return i > 0 && /\s/.test(text[i - 1]) ? { ...start, offset: i } : start;
  }

  /** The bounds of the word around `index` in `text`. */
  function wordAround(text, index) {
    let start = index;
    let end = index;
    while (start > 0 && WORD.test(text[start - 1])) start--;
    while (end < text.length && WORD.test(text[end])) end++;
    return [start, end];
  }

  /** `text` with the soft hyphens of the word around `index` taken out: the word set whole (lines.js). */
  function unhyphenated(text, index) {
    const [start, end] = wordAround(text, index);
    return text.slice(0, start) + text.slice(start, end).replaceAll(SOFT_HYPHEN, "") + text.slice(end);
  }

  window.galleyWords = { blockOf, wordStart, endsInHyphen, wholeWord, unhyphenated };
})();
