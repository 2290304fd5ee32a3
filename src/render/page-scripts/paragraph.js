/*
 * Runs in the page, after text.js (see scripts.ts): a line breaker that
 * sets a paragraph's lines all at once, shared as window.galleyParagraph.
 *
 * Chromium breaks lines one at a time: it fills each line as full as it
 * can and justifies what is left. Before a long word that never breaks (a
 * place or a person's name), the line is left with wide gaps, and no
 * setting of the whole paragraph may close them. Breaking the paragraph
 * as a whole, as Knuth and Plass did for TeX, lets the lines before such a
 * word give or take a word, so the slack is shared out.
 *
 * How: with the paragraph set on one line (`white-space: nowrap`), the
 * place of each break opportunity (a space, a soft hyphen, a compound's
 * own hyphen) is read from its box, so widths come from the page's own
 * fonts, note calls and inline pictures included. The breaks are chosen
 * over those places by line-breaks.js. Then each chosen line is
 * wrapped in a span that does not wrap, so Chromium, still filling lines
 * one at a time, finds no break but the chosen ones; it still justifies
 * each line, and draws the hyphen of a soft hyphen left between two lines.
 * A line a little too long for the column gets word spaces narrowed by
 * its span's `word-spacing`: Chromium's justification only widens.
 *
 * lines.js calls it for a paragraph that Chromium's own lines leave loose
 * or with a run of hyphens. The same change is made in Paged.js's source
 * of the paragraph, so a paragraph that goes on overleaf goes on with the
 * same lines. foot.js and fill.js set again the part of a paragraph a
 * page holds once the page is settled (setPagePart).
 */
(function () {
  const { textNodes, charRect, lineNumbers, columnsOf, hyphenWidth, median, SOFT_HYPHEN, LOOSE } = window.galleyText;
  const LETTER = /[\p{L}\p{M}]/u;
  const { bestBreaks } = window.galleyLineBreaks;
  /** Kept under the loose limit by this share, for what measuring may miss. */
  const MARGIN = 0.95;
  /** Marks a line span, and names it for Paged.js, which maps what it sets back to its source by data-ref. */
  const LINE = "data-line-of";
  /** Marks the part of an element that a line boundary split off, with the name of the element it came from. */
  const COPY = "data-copy-of";
  /** Marks the part of a paragraph on a page that setPagePart set. */
  const PAGE_PART = "data-page-part";

  /** Whether `p` can be measured on one line: nothing in it takes more than one line's room or a line of its own. */
  function measurable(p) {
    if (p.querySelector("br, img, svg, math, [data-line-of]")) return false;
    const style = getComputedStyle(p);
    const first = getComputedStyle(p, "::first-letter");
    if (first.float !== "none" || first.fontSize !== style.fontSize) return false;
    const line = getComputedStyle(p, "::first-line");
    return line.fontVariantCaps === style.fontVariantCaps && line.textTransform === style.textTransform;
  }

  /**
   * The break opportunities of `nodes` (the text of `p`), in order, as
   * {k, index, kind, end, start}: `end` is where a line broken there ends,
   * `start` where the next begins, both in CSS pixels from the paragraph's
   * content edge with the paragraph set on one line. `kind` is "space",
   * "soft" (a soft hyphen: the line gains a hyphen) or "hard" (after a
   * compound's own hyphen). Text that must not wrap gives none.
   */
  function opportunities(p, nodes) {
    const wraps = new Map();
    const mayWrap = (el) => {
      if (!wraps.has(el)) wraps.set(el, getComputedStyle(el).whiteSpace.startsWith("normal") || getComputedStyle(el).whiteSpace === "pre-line");
      return wraps.get(el);
    };
    const allowed = nodes.map((n) => mayWrap(n.parentElement));
    const saved = p.getAttribute("style");
    p.style.whiteSpace = "nowrap";
    p.style.textAlign = "left";
    p.style.textAlignLast = "left";
    const box = p.getBoundingClientRect();
    const style = getComputedStyle(p);
    const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
    const range = document.createRange();
    const found = [];
    const spaces = [];
    nodes.forEach((node, k) => {
      if (!allowed[k]) return;
      const text = node.textContent;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === " ") {
          const rect = charRect(range, node, i);
          if (rect.width === 0) continue; // collapsed
          spaces.push(rect.width);
          found.push({ k, index: i, kind: "space", end: rect.left - left, start: rect.right - left });
        } else if (c === SOFT_HYPHEN && i > 0 && i < text.length - 1) {
          const rect = charRect(range, node, i);
          found.push({ k, index: i, kind: "soft", end: rect.left - left, start: rect.left - left });
        } else if (c === "-" && i > 0 && LETTER.test(text[i - 1]) && LETTER.test(text[i + 1] ?? "")) {
          const rect = charRect(range, node, i);
          found.push({ k, index: i, kind: "hard", end: rect.right - left, start: rect.right - left });
        }
      }
    });
    range.selectNodeContents(p);
    const width = range.getBoundingClientRect().right - left;
    const hyphen = hyphenWidth(p);
    if (saved === null) p.removeAttribute("style");
    else p.setAttribute("style", saved);
    const column = p.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { found, width, hyphen, column, space: median(spaces) };
  }

  /**
   * Which of `found` (read from `p` as it is set now, its text `nodes`)
   * the page's last line ends at, and how many lines the paragraph has on
   * the page, as {end, lines}, where it runs past the page's foot: its
   * lines past the foot stand in Paged.js's overflow column, to the right.
   * Undefined when it does not run past; null when the line ends at a
   * break not among `found`.
   */
  function pageEnd(p, nodes, found) {
    const range = document.createRange();
    const right = p.closest(".pagedjs_page_content").getBoundingClientRect().right;
    /** The box of character `i` of text node `k`, read on into the next node or back into the one before; null past the text's ends. */
    const boxAt = (k, i) => {
      // A space may open its text node: the character before it ends the one before.
      if (i < 0) return k > 0 ? boxAt(k - 1, nodes[k - 1].textContent.length - 1) : null;
      if (i >= nodes[k].textContent.length) return k + 1 < nodes.length ? boxAt(k + 1, 0) : null;
      return charRect(range, nodes[k], i);
    };
    const pastFoot = (k, i) => {
      const box = boxAt(k, i);
      return box !== null && box.left >= right;
    };
    const after = (o) => pastFoot(o.k, o.index + 1);
    let low = 0;
    let high = found.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (after(found[mid])) high = mid;
      else low = mid + 1;
    }
    if (low === found.length) return undefined;
    const o = found[low];
    const last = boxAt(o.k, o.kind === "hard" ? o.index : o.index - 1);
    if (last !== null && last.left >= right) return null;
    // Its lines on the page: the page's last line and those before it, numbered in reading order.
    return { end: low, lines: last === null ? 0 : lineNumbers(p, nodes).of(last) + 1 };
  }

  /**
   * The lines `chosen` (from bestBreaks) make in the DOM, as {from, to,
   * shrink}: positions in `nodes`' terms ({k, offset}, null for the
   * paragraph's edge), and the word spacing in pixels that fits a line too
   * long by a little.
   */
  function linesOf({ found, column }, chosen) {
    let from = null;
    return chosen.map(({ at, natural, gaps }) => {
      const o = at === null ? null : found[at];
      const over = natural - column;
      const line = { from, to: o === null ? null : { k: o.k, offset: o.kind === "hard" ? o.index + 1 : o.index }, shrink: over > 0 && gaps > 0 ? -(over / gaps) - 0.05 : 0 };
      if (o !== null) from = { k: o.k, offset: o.index + 1 };
      return line;
    });
  }

  /**
   * Sets `lines` in `p`, whose text is `nodes`: each line's content wrapped
   * in a span that does not wrap. A span's word-spacing replaces the
   * paragraph's, `spacing` in pixels, which the widths were measured with:
   * read from the page's copy, as Paged.js's source has no computed style
   * (its spans lost a setting's narrower spaces, and where the paragraph
   * went on overleaf a line came out too wide for its hyphen: seed 24).
   */
  function wrapLines(p, nodes, lines, ref, spacing = parseFloat(getComputedStyle(p).wordSpacing) || 0) {
    const range = document.createRange();
    for (let i = lines.length - 1; i >= 0; i--) {
      const { from, to, shrink } = lines[i];
      if (from === null) range.setStart(p, 0);
      else range.setStart(nodes[from.k], from.offset);
      if (to === null) range.setEnd(p, p.childNodes.length);
      else range.setEnd(nodes[to.k], to.offset);
      const content = range.extractContents();
      // An element the line starts or ends inside is split in two: the
      // part taken out gets a name of its own.
      for (const el of content.querySelectorAll("[data-ref]")) {
        const name = el.getAttribute("data-ref");
        if (!p.querySelector(`[data-ref="${CSS.escape(name)}"]`)) continue;
        el.setAttribute("data-ref", `${name}-${i}`);
        el.setAttribute(COPY, name);
      }
      const span = document.createElement("span");
      span.setAttribute(LINE, ref);
      span.setAttribute("data-ref", `${ref}-line-${i}`);
      span.style.whiteSpace = "nowrap";
      if (shrink < 0) span.style.wordSpacing = `${(spacing + shrink).toFixed(2)}px`;
      span.appendChild(content);
      range.insertNode(span);
    }
  }

  /**
   * Sets `clone` (a paragraph on its page) with the best breaks of the
   * whole paragraph, and `source` (Paged.js's copy) alike. Both must hold
   * the same text nodes. Returns whether it did: not when the paragraph
   * cannot be measured on one line, or no setting fits.
   */
  function setOptimal(clone, source, usual) {
    if (!measurable(clone)) return false;
    const nodes = textNodes(clone);
    const sources = textNodes(source);
    if (nodes.length !== sources.length || nodes.some((n, k) => n.textContent !== sources[k].textContent)) return false;
    const measure = opportunities(clone, nodes);
    const page = pageEnd(clone, nodes, measure.found);
    if (page === null) return false;
    const chosen = bestBreaks(measure, LOOSE * usual * MARGIN, page);
    if (!chosen) return false;
    const ref = clone.getAttribute("data-ref") || "p";
    if (!setLines(clone, nodes, measure, chosen, ref)) return false;
    wrapLines(source, sources, linesOf(measure, chosen), ref, parseFloat(getComputedStyle(clone).wordSpacing) || 0);
    return true;
  }

  /**
   * Sets `chosen` in `p` (the page's copy), unless a line comes out wider
   * than the column as set, which measuring on one line can miss (a kerning
   * pair across a break): then nothing changes. Returns whether it did.
   * A line past the page's foot is read in its overflow column, where it
   * stands as far right of the page's as that column is.
   */
  function setLines(p, nodes, measure, chosen, ref) {
    wrapLines(p, nodes, linesOf(measure, chosen), ref);
    const { columnOf, pitch } = columnsOf(p);
    const edge = p.getBoundingClientRect().left + measure.column + measure.hyphen / 2;
    const tooWide = (span) => {
      const box = span.getBoundingClientRect();
      return box.right - columnOf(box) * pitch > edge;
    };
    if ([...p.querySelectorAll(`[${LINE}]`)].some(tooWide)) {
      unset(p);
      return false;
    }
    return true;
  }

  /**
   * Sets `fragment`, the part of a paragraph a page holds, anew as a whole,
   * on its page only: Paged.js has set the page, and the text overleaf
   * starts after it. Returns whether it did.
   *
   * - foot.js calls it where the page breaks inside the paragraph and its
   *   last line there would come out loose (a word sent overleaf so the
   *   page does not end in a hyphen, a long name that did not fit):
   *   Chromium leaves the slack on that one line, where here the
   *   fragment's lines share it, on as many lines, the last justified like
   *   the others, no word space wider than `widest`.
   * - fill.js calls it with `lines` for a paragraph set whole on a page
   *   left short: it is set on that many lines, no word space wider than
   *   `widest`, its last line ragged as usual.
   */
  function setPagePart(fragment, { lines = null, widest = null } = {}) {
    if (!measurable(fragment)) return false;
    const nodes = textNodes(fragment);
    const count = lineNumbers(fragment, nodes).count;
    const measure = opportunities(fragment, nodes);
    const options = lines !== null ? { lines } : { lines: count, lastJustified: true };
    const chosen = bestBreaks(measure, widest ?? LOOSE * measure.space * MARGIN, null, options);
    if (chosen === null || !setLines(fragment, nodes, measure, chosen, fragment.getAttribute("data-ref") || "p")) return false;
    fragment.setAttribute(PAGE_PART, "");
    return true;
  }

  /** Undoes setPagePart in `part`. */
  function unsetPagePart(part) {
    unset(part);
    part.removeAttribute(PAGE_PART);
  }

  /**
   * Undoes setPagePart in the page `wrapper` holds: Paged.js finds the
   * source of what it sets by its elements' names, and the lines' spans
   * have none there. breaks.js calls it before it breaks a page again.
   */
  function unsetPageParts(wrapper) {
    wrapper.querySelectorAll(`[${PAGE_PART}]`).forEach(unsetPagePart);
  }

  /**
   * Undoes setOptimal in `p`: the lines' content back in place, each
   * element a line boundary split whole again (the element Paged.js knows
   * by its name keeps it), its text nodes joined.
   */
  function unset(p) {
    for (const span of p.querySelectorAll(`[${LINE}]`)) span.replaceWith(...span.childNodes);
    for (const original of p.querySelectorAll(`[data-ref]:not([${COPY}])`)) {
      const copies = [...p.querySelectorAll(`[${COPY}="${CSS.escape(original.getAttribute("data-ref"))}"]`)];
      const before = copies.filter((copy) => copy.compareDocumentPosition(original) & Node.DOCUMENT_POSITION_FOLLOWING);
      before.reverse().forEach((copy) => original.prepend(...copy.childNodes));
      copies.filter((copy) => !before.includes(copy)).forEach((copy) => original.append(...copy.childNodes));
      copies.forEach((copy) => copy.remove());
    }
    p.normalize();
  }

  window.galleyParagraph = { setOptimal, setPagePart, unsetPagePart, unsetPageParts, unset };
})();
