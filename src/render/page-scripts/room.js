/*
 * Runs in the page, after text.js and before Galley's other page scripts
 * (see scripts.ts): how the room left on a page is read, and the room
 * Paged.js keeps for notes that left it given back, added to
 * window.galleyText for them.
 */
(function () {
  const { MAX_EMPTY_LINES } = window.galleyText;
  /** The height `el`'s margins, borders and padding add above and below its content, as Paged.js counts a note area's. */
  function verticalEdges(el) {
    const style = getComputedStyle(el);
    return ["margin-top", "margin-bottom", "padding-top", "padding-bottom", "border-top-width", "border-bottom-width"].reduce((sum, name) => sum + (parseFloat(style.getPropertyValue(name)) || 0), 0);
  }

  /** The least room between the text and the rule above the notes (docs/typography.md), in CSS pixels: 6 pt. */
  const NOTE_CLEARANCE = 8;

  /**
   * Where the page's text must end: the foot of its text block, or, above
   * notes, the clearance above their rule. The notes are measured where
   * they are printed, not by the area Paged.js keeps for them, which may
   * still hold the room of a note sent overleaf. The verifier measures the
   * same way (verify/finish.ts), so the layout and it agree on a hole.
   */
  function pageBottom(pageEl) {
    const content = pageEl.querySelector(".pagedjs_page_content").getBoundingClientRect().bottom;
    const notes = pageEl.querySelector(".pagedjs_footnote_area .pagedjs_footnote_inner_content");
    if (!notes || (notes.textContent || "").trim() === "") return content;
    return Math.min(content, notes.getBoundingClientRect().top - NOTE_CLEARANCE);
  }

  /**
   * The bottom of what is set on the page so far, or Infinity when it
   * runs past the page already: Paged.js sets a page's content in columns
   * one page wide, so text that overflows stands in a column to the right.
   * Lines of text, pictures and rules are measured (a block's bottom
   * border is a rule), not the boxes around them, which may reach further
   * down than anything in them. With `onPage`, what stands past the foot
   * is left out instead: the bottom of what the page itself holds.
   */
  function contentBottom(wrapper, { onPage = false } = {}) {
    const box = wrapper.getBoundingClientRect();
    const range = document.createRange();
    let bottom = box.top;
    const walker = document.createTreeWalker(wrapper, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      let rects;
      if (n.nodeType === Node.TEXT_NODE) {
        if (n.textContent.trim() === "") continue;
        range.selectNodeContents(n);
        rects = range.getClientRects();
      } else if (n.matches("img, svg, hr, tr") || hasBottomRule(n)) {
        rects = [n.getBoundingClientRect()];
      } else continue;
      for (const rect of rects) {
        if (rect.height === 0 || rect.width === 0) continue;
        if (rect.left >= box.right - 1) {
          if (onPage) continue;
          return Infinity;
        }
        bottom = Math.max(bottom, rect.bottom);
      }
    }
    return bottom;
  }

  /**
   * The space a block set after the last one on the page would keep above
   * it, in CSS pixels: the bottom margins that end the page, which
   * collapse into the largest of them. An abstract keeps its margin
   * between it and the body's first lines; a paragraph keeps none.
   */
  function spaceBelow(wrapper) {
    return endMargins(lastBlock(wrapper));
  }

  /** The last child of `el` that takes room on the page, if any. */
  const lastBlock = (el) => [...el.children].reverse().find((child) => child.getBoundingClientRect().height > 0) || null;

  /** The bottom margins that end `block`: its own and its last blocks', down to padding or a rule that holds them. */
  function endMargins(block) {
    let space = 0;
    for (let el = block; el; el = lastBlock(el)) {
      const style = getComputedStyle(el);
      // A line's own boxes have no margin that counts.
      if (style.display.startsWith("inline")) return space;
      space = Math.max(space, parseFloat(style.marginBottom) || 0);
      // Padding or a rule at its foot holds the margins inside it.
      if ((parseFloat(style.paddingBottom) || 0) > 0 || hasBottomRule(el)) return space;
    }
    return space;
  }

  /**
   * The space above `el` where it follows what is set before it, in CSS
   * pixels: its top margin, those of the blocks it is the first of, and
   * the bottom margins that end the block before, all collapsed into the
   * largest. A paragraph opening an article's body keeps the abstract's.
   */
  function marginAbove(el) {
    let space = 0;
    let at = el;
    for (;;) {
      const style = getComputedStyle(at);
      space = Math.max(space, parseFloat(style.marginTop) || 0);
      if (at.previousElementSibling) return Math.max(space, endMargins(at.previousElementSibling));
      const parent = at.parentElement;
      const outer = parent && getComputedStyle(parent);
      // The page's own box, or padding or a rule above: nothing before collapses with it.
      if (!parent || parent.matches(".pagedjs_page_content") || (parseFloat(outer.paddingTop) || 0) > 0 || (parseFloat(outer.borderTopWidth) || 0) > 0) return space;
      at = parent;
    }
  }

  /** Whether `el` draws a rule along its foot (a bottom border): it ends there, not at its last line. */
  function hasBottomRule(el) {
    const style = getComputedStyle(el);
    return style.borderBottomStyle !== "none" && parseFloat(style.borderBottomWidth) > 0;
  }

  /**
   * The space that would stand empty at the page's foot if `range` went
   * overleaf: what is empty now, the lines taken, and the notes whose calls
   * go with them. A range that starts before a block takes the space above
   * it too (an abstract's margin above the body's first paragraph), as the
   * verifier counts from the last line or rule left (varied seed 5).
   */
  function emptyAfter(page, range, fragment) {
    const notesArea = page.element.querySelector(".pagedjs_footnote_area");
    const bottom = pageBottom(page.element);
    const rects = [...range.getClientRects()].filter((r) => r.height > 0);
    const first = range.startContainer.nodeType === Node.ELEMENT_NODE ? range.startContainer.childNodes[range.startOffset] : null;
    const above = first && first.nodeType === Node.ELEMENT_NODE ? marginAbove(first) : 0;
    const top = (rects.length ? Math.min(...rects.map((r) => r.top)) : fragment.getBoundingClientRect().bottom) - above;
    let notes = 0;
    const calls = range.cloneContents().querySelectorAll("[data-footnote-call]");
    for (const call of calls) {
      const note = notesArea && notesArea.querySelector(`[data-ref="${call.dataset.footnoteCall}"]`);
      if (note) notes += note.getBoundingClientRect().height;
    }
    return bottom - top + notes;
  }

  /** Where a font's ascent and descent are read (its own metrics, as the line box is built of). */
  const canvas = document.createElement("canvas").getContext("2d");

  /**
   * Whether `range` going overleaf would leave the page more than
   * MAX_EMPTY_LINES short, counted as the verifier counts a hole
   * (verify/finish.ts): from the foot of the letters of the line above it
   * (a quarter of the size below their baseline), whole lines of
   * `fragment`'s leading, a twentieth to spare. The line box reaches
   * further down than that, so a count of line boxes (emptyAfter) finds a
   * hole sooner. `spare`: lines more that may stand empty.
   */
  function leavesHole(page, range, fragment, spare = 0) {
    const style = getComputedStyle(fragment);
    const lineHeight = parseFloat(style.lineHeight) || 16;
    const size = parseFloat(style.fontSize) || 16;
    canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const { fontBoundingBoxAscent: ascent, fontBoundingBoxDescent: descent } = canvas.measureText("x");
    // Below the letters' foot, the line box above the range still holds this much.
    const below = (lineHeight - ascent + descent) / 2 - size / 4;
    return Math.floor((emptyAfter(page, range, fragment) + below) / lineHeight + 0.05) > MAX_EMPTY_LINES + spare;
  }

  /**
   * Paged.js keeps room at the page's foot for the notes it first set there
   * (--pagedjs-footnotes-height), and does not give it back when a note
   * then goes overleaf, with its call or without: the text block stays
   * that much shorter, and a blank stands between the text and the notes.
   * The room is made the notes' own again, so the page shows how short it
   * really is, to foot.js, fill.js and the verifier alike. foot.js calls it
   * before it settles the page's foot: measured with the room kept, a page
   * gave a line over that left it 3.6 lines short once the room was given
   * back (varied seed 65's article-05).
   */
  function fitNoteArea(pageElement) {
    const area = pageElement.querySelector(".pagedjs_area");
    const content = pageElement.querySelector(".pagedjs_footnote_content");
    const inner = pageElement.querySelector(".pagedjs_footnote_inner_content");
    if (!area || !content || !inner) return;
    const kept = parseFloat(area.style.getPropertyValue("--pagedjs-footnotes-height"));
    if (!(kept > 0)) return;
    const needed = (inner.textContent || "").trim() === "" ? 0 : inner.getBoundingClientRect().height + verticalEdges(content);
    if (needed < kept - 1) area.style.setProperty("--pagedjs-footnotes-height", `${needed}px`);
  }

  Object.assign(window.galleyText, { verticalEdges, fitNoteArea, pageBottom, contentBottom, spaceBelow, marginAbove, emptyAfter, leavesHole });
})();
