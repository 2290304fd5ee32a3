/*
 * Runs in the page, added after Paged.js (see scripts.ts). As each body
 * paragraph is set on its page, its lines are read: where more than two
 * consecutive lines end in a hyphen, the middle line's word loses its
 * hyphenation points, in the page and in Paged.js's source alike, and the
 * paragraph is read again, until no run is left (docs/typography.md).
 * Chromium has no limit on consecutive hyphens (CSS hyphenate-limit-lines
 * is not implemented), so the layout enforces it.
 *
 * The paragraph is read where it is set, not in a column of its own: it
 * has its final width, fonts and note calls there, and a paragraph split
 * over two pages is cut between two of these lines.
 */
(function () {
  const SOFT_HYPHEN = "\u00ad";
  const MAX_RUN = 2;
  /** Rounds of corrections one paragraph may take before it is left as it is. */
  const MAX_ROUNDS = 8;
  const LETTERS = /[\p{L}\p{M}\u00ad]/u;
  /** Notes are set at the foot of the page, and note calls hold no words. */
  const NOT_IN_LINE = ".footnote, [data-note], [data-footnote-call]";

  /** The text nodes of a paragraph's own lines, in order. */
  function textNodes(p) {
    const nodes = [];
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement.closest(NOT_IN_LINE)) nodes.push(n);
    return nodes;
  }

  function charRect(range, node, i) {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    return range.getBoundingClientRect();
  }

  /**
   * The lines that end in a hyphen, as {line, k, index}: `line` counts
   * lines from the paragraph's top, `k` is the text node and `index` where
   * the soft hyphen stands in it (-1 for a hyphen the text has).
   */
  function hyphenatedLines(p, nodes) {
    const range = document.createRange();
    const top = p.getBoundingClientRect().top;
    const height = parseFloat(getComputedStyle(p).lineHeight) || 1;
    const ends = [];
    nodes.forEach((node, k) => {
      const text = node.textContent;
      for (let i = 1; i < text.length - 2; i++) {
        const c = text[i];
        if (c !== SOFT_HYPHEN && c !== "-") continue;
        const before = charRect(range, node, i - 1);
        // Not the letter right after the break: Chromium reports its box
        // at the end of the line the break ends, beside the hyphen.
        const after = charRect(range, node, i + 2);
        if (before.height === 0 || after.top < before.bottom - 1) continue;
        ends.push({ line: Math.round((before.top - top) / height), k, index: c === SOFT_HYPHEN ? i : -1 });
      }
    });
    return ends;
  }

  /** The soft hyphen to take out of the first run of more than MAX_RUN lines: its middle line's, or null. */
  function firstRun(ends) {
    for (let j = MAX_RUN; j < ends.length; j++) {
      const run = ends.slice(j - MAX_RUN, j + 1);
      if (run.every((e, n) => n === 0 || e.line === run[n - 1].line + 1)) {
        return run.slice(1, -1).find((e) => e.index >= 0) || run.find((e) => e.index >= 0) || null;
      }
    }
    return null;
  }

  /** The bounds of the word around `index` in `text`. */
  function wordAround(text, index) {
    let start = index;
    let end = index;
    while (start > 0 && LETTERS.test(text[start - 1])) start--;
    while (end < text.length && LETTERS.test(text[end])) end++;
    return [start, end];
  }

  /** `text` with the soft hyphens of the word around `index` taken out. */
  function unhyphenated(text, index) {
    const [start, end] = wordAround(text, index);
    return text.slice(0, start) + text.slice(start, end).replaceAll(SOFT_HYPHEN, "") + text.slice(end);
  }

  /**
   * Sets `clone` (the paragraph on its page) without runs of hyphens,
   * making the same change in `source`. Only a paragraph set whole from
   * its start is read: its text nodes are the source's, one for one.
   */
  function settleParagraph(clone, source) {
    const nodes = textNodes(clone);
    const sources = textNodes(source);
    if (nodes.length !== sources.length || nodes.some((n, k) => n.textContent !== sources[k].textContent)) return;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const end = firstRun(hyphenatedLines(clone, nodes));
      if (!end) return;
      nodes[end.k].textContent = unhyphenated(nodes[end.k].textContent, end.index);
      sources[end.k].textContent = unhyphenated(sources[end.k].textContent, end.index);
    }
  }

  class HyphenRuns extends window.Paged.Handler {
    renderNode(clone, node) {
      if (clone.nodeType !== Node.ELEMENT_NODE || clone.tagName !== "P" || clone.hasAttribute("data-split-from")) return;
      if (clone.closest(NOT_IN_LINE) || getComputedStyle(clone).hyphens === "none") return;
      if (clone.textContent.includes(SOFT_HYPHEN)) settleParagraph(clone, node);
    }
  }

  window.Paged.registerHandlers(HyphenRuns);
})();
