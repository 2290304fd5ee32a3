/*
 * Runs in the page, after Paged.js and before Galley's other page scripts
 * (see scripts.ts): how set text is read, shared by them as
 * window.galleyText (room.js adds how the room left on a page is read).
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

  const SOFT_HYPHEN = "\u00ad";
  /** A word (what stands between spaces) with a point a line may break at after a hyphen. */
  const BREAKABLE_WORD = /[^\s]*[\u00ad-][^\s]*/g;
  /** Consecutive lines that may end in a hyphen. */
  const MAX_RUN = 2;
  /** A line is loose when its word space is more than this times the page's usual. */
  const LOOSE = 2;
  /** Body lines a page may be left short at its foot while its article goes on. */
  const MAX_EMPTY_LINES = 2;
  /** Lines of a paragraph, and of a note, kept together at a page's foot (text.css orphans). */
  const KEEP_LINES = 2;

  function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
  }
  /** Notes are set at the foot of the page, and note calls hold no words. */
  const NOT_IN_LINE = ".footnote, [data-note], [data-footnote-call]";
  /** A note still in its call's line, not the call Paged.js leaves of a note set at the foot (it takes the note's classes). */
  const NOTE_IN_LINE = ":is(.footnote, [data-note]):not([data-footnote-call])";

  /** The text nodes of a paragraph's own lines, in order. */
  function textNodes(p) {
    const nodes = [];
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement.closest(NOT_IN_LINE)) nodes.push(n);
    return nodes;
  }

  /**
   * Which column of its page a box of `p` stands in, as a function of the
   * box: 0 on the page, 1 and on in Paged.js's overflow columns, each
   * `pitch` pixels further right.
   */
  function columnsOf(p) {
    const content = p.closest(".pagedjs_page_content") || p;
    const area = content.getBoundingClientRect();
    // Paged.js sets the columns a page's margins apart (its Layout).
    const style = getComputedStyle(content);
    const pitch = (parseFloat(style.columnWidth) || area.width) + (parseFloat(style.columnGap) || 0);
    const columnOf = (rect) => Math.floor((rect.left - area.left) / pitch);
    return { columnOf, pitch };
  }

  /**
   * Numbers the lines `nodes` (the text of paragraph `p`) are set on, in
   * reading order, as {count, of}: how many there are, and the number of
   * the line a text box stands on. Lines past the page's foot stand in Paged.js's overflow columns,
   * to the right of the page, and are numbered on from the page's last:
   * they are the paragraph's next lines, whichever page sets them. (The
   * paragraph's own box is of no help there: it spans all its columns.)
   */
  function lineNumbers(p, nodes) {
    const { columnOf } = columnsOf(p);
    const half = (parseFloat(getComputedStyle(p).lineHeight) || 2) / 2;
    const middleOf = (rect) => (rect.top + rect.bottom) / 2;
    const range = document.createRange();
    const boxes = [];
    for (const node of nodes) {
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0 && rect.height > 0) boxes.push({ column: columnOf(rect), middle: middleOf(rect) });
    }
    boxes.sort((a, b) => a.column - b.column || a.middle - b.middle);
    const lines = [];
    for (const box of boxes) {
      const last = lines[lines.length - 1];
      if (!last || last.column !== box.column || box.middle - last.middle > half) lines.push(box);
    }
    const of = (rect) => {
      const column = columnOf(rect);
      const middle = middleOf(rect);
      let best = -1;
      lines.forEach((line, n) => {
        if (line.column === column && (best < 0 || Math.abs(line.middle - middle) < Math.abs(lines[best].middle - middle))) best = n;
      });
      return best;
    };
    return { count: lines.length, of };
  }

  /**
   * The lines that end in a hyphen, as {line, k, index}: `line` numbers
   * the paragraph's lines in order (lineNumbers), `k` is the text node and
   * `index` where the soft hyphen stands in it (-1 for a hyphen the text has).
   * Only words that stand on more than one line are read character by
   * character: a word's box is one read, a character's another, and most
   * words with break points are not broken (measured: 78 reads a
   * paragraph became 30).
   */
  function hyphenatedLines(p, nodes) {
    const range = document.createRange();
    const lineOf = lineNumbers(p, nodes).of;
    const ends = [];
    nodes.forEach((node, k) => {
      const text = node.textContent;
      for (const word of text.matchAll(BREAKABLE_WORD)) {
        const start = word.index;
        const end = start + word[0].length;
        range.setStart(node, start);
        range.setEnd(node, end);
        if (range.getClientRects().length < 2) continue;
        for (let i = Math.max(1, start); i < Math.min(end, text.length - 1); i++) {
          const c = text[i];
          if (c === SOFT_HYPHEN) {
            // A soft hyphen takes room only where the line breaks at it: it is drawn there.
            const rect = charRect(range, node, i);
            if (rect.width > 0) ends.push({ line: lineOf(rect), k, index: i });
            continue;
          }
          if (c !== "-" || i >= text.length - 2) continue;
          const before = charRect(range, node, i - 1);
          // Not the letter right after the break: Chromium reports its box
          // at the end of the line the break ends, beside the hyphen.
          const after = charRect(range, node, i + 2);
          if (before.height === 0 || after.top < before.bottom - 1) continue;
          ends.push({ line: lineOf(before), k, index: -1 });
        }
      }
    });
    return ends;
  }

  /** The soft hyphens (of hyphenatedLines `ends`) of the first run of more than MAX_RUN lines, its middle lines' first; null when there is none. */
  function firstRun(ends) {
    for (let j = MAX_RUN; j < ends.length; j++) {
      const run = ends.slice(j - MAX_RUN, j + 1);
      if (run.every((e, n) => n === 0 || e.line === run[n - 1].line + 1)) {
        return [...run.slice(1, -1), run[0], run[run.length - 1]].filter((e) => e.index >= 0);
      }
    }
    return null;
  }

  /** Lines that are the third or later of a run ending in a hyphen. */
  function runLines(ends) {
    let count = 0;
    for (let j = MAX_RUN; j < ends.length; j++) {
      const run = ends.slice(j - MAX_RUN, j + 1);
      if (run.every((e, n) => n === 0 || e.line === run[n - 1].line + 1)) count++;
    }
    return count;
  }

  /** Characters skipped after each space measured: a line of the body holds several such stretches. */
  const SPACE_STRIDE = 20;

  /**
   * The widths of a sample of the spaces of `nodes` (the text of
   * paragraph `p`), line by line, in order: Chromium justifies a line by widening all its spaces alike, so
   * a few on each line tell its spacing.
   */
  function spacesByLine(p, nodes) {
    const range = document.createRange();
    const lineOf = lineNumbers(p, nodes).of;
    const byLine = new Map();
    for (const node of nodes) {
      const text = node.textContent;
      for (let i = text.indexOf(" "); i !== -1; i = text.indexOf(" ", i + SPACE_STRIDE)) {
        const rect = charRect(range, node, i);
        if (rect.width === 0) continue;
        const line = lineOf(rect);
        if (!byLine.has(line)) byLine.set(line, { top: Math.round(rect.top), widths: [] });
        byLine.get(line).widths.push(rect.width);
      }
    }
    return [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([, line]) => line);
  }

  /**
   * The word space of each of `p`'s lines, in order: the median of its
   * spaces' boxes (Chromium justifies a line by widening them all alike).
   */
  function lineWordSpaces(p, nodes = textNodes(p)) {
    return spacesByLine(p, nodes).map((line) => median(line.widths));
  }

  /**
   * Where the `n`-th line of `el` from its end starts, counting only text
   * before `before` when given, as {node, offset, first}; `first` says it
   * is the first line of `el` on the page. Null when there are fewer lines.
   */
  function lineStart(el, { before = null, n = 1 } = {}) {
    const range = document.createRange();
    const nodes = textNodes(el).filter((node) => !before || node.compareDocumentPosition(before) & Node.DOCUMENT_POSITION_FOLLOWING);
    let lineTop = null;
    let start = null;
    let line = 1;
    for (let k = nodes.length - 1; k >= 0; k--) {
      const node = nodes[k];
      for (let i = node.textContent.length - 1; i >= 0; i--) {
        if (/\s/.test(node.textContent[i])) continue;
        const rect = charRect(range, node, i);
        if (rect.height === 0) continue;
        if (lineTop === null) lineTop = rect.top;
        else if (rect.bottom <= lineTop + 1) {
          // The character ends the line above the one read so far.
          if (line === n) return { ...start, first: false };
          line++;
          lineTop = rect.top;
        }
        start = { node, offset: i };
      }
    }
    return start && line === n ? { ...start, first: true } : null;
  }

  /** The notes still in `clone`'s lines that stand past the page's foot (in Paged.js's overflow column). */
  function notesPastFoot(clone) {
    const area = clone.closest(".pagedjs_page_content").getBoundingClientRect();
    return [...clone.querySelectorAll(NOTE_IN_LINE)].filter((n) => n.getBoundingClientRect().left >= area.right);
  }

  /** Whether one of `notes`, past the page's foot before, now stands on the page. */
  function noteComesBack(clone, notes) {
    if (notes.length === 0) return false;
    const area = clone.closest(".pagedjs_page_content").getBoundingClientRect();
    return notes.some((n) => n.getBoundingClientRect().left < area.right);
  }

  /**
   * Whether the text before `note` (hidden while lines are read) ends past
   * the page's foot, in Paged.js's overflow column.
   */
  function calledPastFoot(clone, note) {
    const area = clone.closest(".pagedjs_page_content").getBoundingClientRect();
    const before = textNodes(clone).filter((n) => n.textContent.trim() !== "" && n.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING);
    const last = before[before.length - 1];
    if (!last) return false;
    return charRect(document.createRange(), last, last.textContent.trimEnd().length - 1).left >= area.right;
  }

  /** The width of the hyphen Chromium draws at a soft hyphen in `p`. */
  function hyphenWidth(p) {
    const probe = document.createElement("span");
    probe.textContent = "-";
    p.appendChild(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
  }

  window.galleyText = {
    lineCount,
    lineNumbers,
    columnsOf,
    lineStart,
    notesPastFoot,
    noteComesBack,
    calledPastFoot,
    hyphenWidth,
    charRect,
    textNodes,
    hyphenatedLines,
    runLines,
    firstRun,
    spacesByLine,
    lineWordSpaces,
    median,
    MAX_RUN,
    LOOSE,
    MAX_EMPTY_LINES,
    KEEP_LINES,
    SOFT_HYPHEN,
    NOT_IN_LINE,
    NOTE_IN_LINE,
  };
})();
