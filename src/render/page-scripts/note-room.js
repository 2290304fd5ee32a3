/*
 * Runs in the page, added after Paged.js and before breaks.js (see
 * scripts.ts): a note whose call is about to go overleaf is split at the
 * foot instead, so the call's line stays on the page.
 *
 * Paged.js sets a note at the foot as soon as its call is set, and gives
 * it the room below the call's line. The call's line can then still go
 * overleaf: Chromium keeps a paragraph's first two lines together
 * (`orphans: 2`), so a call on a first line near the foot takes its whole
 * paragraph over, and a line that the note's room leaves a pixel short
 * goes over too. Paged.js then takes the note out with its call but keeps
 * the room it had given it (its footnote handler's afterOverflowRemoved
 * leaves --pagedjs-footnotes-height as it was), so the page ends with a
 * hole as tall as the note: up to a third of the page.
 *
 * Here, when the text about to go overleaf holds the call of a note set
 * on the page, and would leave more than two lines empty, the note's room
 * is made just short enough for the call's line (and the line after it,
 * on a paragraph's first line) to stay on the page. The note is split
 * below them: Paged.js's own footnote handler sets its rest at the foot of
 * the next page, as for any note too long for its page (footnote-policy:
 * auto). Not when a note before it would no longer fit whole, or its own
 * first two lines would not fit: the text then goes over as it would.
 */
(function () {
  const { textNodes, lineNumbers, contentBottom, verticalEdges, marginAbove, MAX_EMPTY_LINES, KEEP_LINES, NOTE_IN_LINE } = window.galleyText;

  /**
   * Where the body must end for the line of `call` to stay on the page,
   * as its paragraph `p` would be set there: below that line, below the
   * paragraph's second where the call is on its first, and below its last
   * where one line alone would be left overleaf.
   */
  function footFor(call, p, wrapper, lineHeight) {
    const numbers = lineNumbers(p, textNodes(p));
    const upTo = document.createRange();
    upTo.setStart(p, 0);
    upTo.setEndBefore(call);
    const before = [...upTo.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
    const lines = before.length ? numbers.of(before[before.length - 1]) + 1 : 0;
    // Nor one line alone overleaf (`widows: 2`): then the whole paragraph stays.
    const keep = numbers.count - lines < KEEP_LINES ? numbers.count : Math.max(lines, KEEP_LINES);
    const right = wrapper.closest(".pagedjs_page_content").getBoundingClientRect().right;
    const first = p.getClientRects()[0];
    // Started on the page, or gone overleaf whole: then it starts below
    // what the page holds, after the headings that went over with it.
    const top = first && first.left < right ? first.top : contentBottom(wrapper, { onPage: true }) + overleafAbove(p, right);
    return top + keep * lineHeight + 1;
  }

  /**
   * The height that `p`, gone overleaf whole, needs above its first line:
   * the margin between it and what stays on the page, and the headings
   * kept with it (`break-after: avoid`) if they went over too. Margins
   * between blocks collapse: the largest stands (room.js marginAbove).
   */
  function overleafAbove(p, right) {
    const heading = window.galleyBreaks.withHeadings(p);
    const first = heading.getClientRects()[0];
    const over = heading !== p && first && first.left >= right;
    const top = over ? heading : p;
    return marginAbove(top) + (over ? p.getClientRects()[0].top - first.top : 0);
  }

  /**
   * Whether the line before where `range` starts ends in a hyphen, a soft
   * one or a compound's own (breaks.js, loaded after this file, reads it).
   */
  function hyphenBefore(range) {
    const { startContainer: node, startOffset: offset } = range;
    const p = node.nodeType === Node.TEXT_NODE && node.parentElement.closest("p, li");
    return Boolean(p) && window.galleyBreaks.endsInHyphen(p, { node, offset });
  }

  class NoteRoom extends window.Paged.Handler {
    onOverflow(overflow, rendered, bounds, layout) {
      if (!overflow || !rendered) return undefined;
      const pageArea = rendered.closest(".pagedjs_area");
      const content = pageArea && pageArea.querySelector(".pagedjs_footnote_content");
      const inner = content && content.querySelector(".pagedjs_footnote_inner_content");
      if (!inner) return undefined;
      const noteOf = (call) => inner.querySelector(`[data-ref="${CSS.escape(call.dataset.footnoteCall)}"]`);
      const calls = [...rendered.querySelectorAll("[data-footnote-call]")];
      // The first call going over whose note Paged.js has set on this page.
      const call = calls.find((c) => overflow.intersectsNode(c) && noteOf(c));
      const p = call && call.closest("p");
      if (!p) return undefined;
      const page = rendered.closest(".pagedjs_page_content");
      const lineHeight = parseFloat(getComputedStyle(p).lineHeight);
      if (!(lineHeight > 0)) return undefined;
      // What the page would be left with: the room below its text, and that of the notes going over.
      const leaving = calls.filter((c) => overflow.intersectsNode(c)).map(noteOf).filter(Boolean);
      const empty = page.getBoundingClientRect().bottom - contentBottom(rendered, { onPage: true }) + leaving.reduce((sum, note) => sum + note.getBoundingClientRect().height, 0);
      if (empty <= MAX_EMPTY_LINES * lineHeight + lineHeight / 2) return undefined;
      const kept = parseFloat(pageArea.style.getPropertyValue("--pagedjs-footnotes-height"));
      const saved = [pageArea.style.getPropertyValue("--pagedjs-footnotes-height"), inner.style.height];
      const restore = () => {
        pageArea.style.setProperty("--pagedjs-footnotes-height", saved[0]);
        inner.style.height = saved[1];
        return null;
      };
      /**
       * The text that goes overleaf when the body ends at `foot`, as
       * {moved} (null when all that is set so far now fits), or null (the
       * room put back) where that breaks a rule above.
       */
      const endAt = (foot) => {
        const gain = foot - page.getBoundingClientRect().bottom;
        if (!(gain > 0) || !(kept > gain)) return null;
        // As Paged.js sets the room of a note that does not fit (its moveFootnote).
        pageArea.style.setProperty("--pagedjs-footnotes-height", `${kept - gain}px`);
        inner.style.height = `${kept - gain - verticalEdges(content)}px`;
        const moved = layout.findOverflow(rendered, bounds) || null;
        const stays = (node) => !moved || !moved.isPointInRange(node, 0);
        if (!stays(call)) return restore();
        // Every note called from the text that stays is set at the foot: a
        // note whose call stood past the foot when Paged.js set it is still
        // in the line, and would print there.
        if ([...rendered.querySelectorAll(NOTE_IN_LINE)].some(stays)) return restore();
        const staying = calls.filter(stays).map(noteOf);
        if (staying.some((note) => !note)) return restore();
        // Those notes all stand whole but the last, which keeps its first lines here.
        const bottom = inner.getBoundingClientRect().bottom + 0.5;
        const split = staying[staying.length - 1];
        if (staying.slice(0, -1).some((note) => note.getBoundingClientRect().bottom > bottom)) return restore();
        const noteLine = parseFloat(getComputedStyle(split).lineHeight) || lineHeight;
        if (split.getBoundingClientRect().bottom > bottom && split.getBoundingClientRect().top + KEEP_LINES * noteLine > bottom) return restore();
        return { moved };
      };
      const foot = footFor(call, p, rendered, lineHeight);
      let ended = endAt(foot);
      // A page that would end in a hyphen takes a line more where it can:
      // sending the word over instead would leave the line loose (foot.js).
      if (ended && ended.moved && hyphenBefore(ended.moved)) ended = endAt(foot + lineHeight) || endAt(foot);
      if (!ended) return undefined;
      if (!ended.moved) {
        // All set so far fits: Paged.js goes on filling the page. The
        // range is marked for breaks.js, whose handler sees it next.
        overflow.galleyFits = true;
        return null;
      }
      overflow.setStart(ended.moved.startContainer, ended.moved.startOffset);
      return overflow;
    }
  }

  window.Paged.registerHandlers(NoteRoom);
})();
