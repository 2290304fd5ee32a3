/*
 * Runs in the page, added after Paged.js (runPagedJs in engine.ts). After layout, Galley
 * calls galleyInspectLayout() to learn what each page is and which
 * elements stick out of their page's text area and would be cut off.
 * Plain JavaScript in a file of its own: functions passed to
 * page.evaluate() from TypeScript pick up build helpers the page lacks.
 */
(function () {
  const PX_TO_PT = 0.75;
  const TOLERANCE = 2;
  const CHECKED = "img, figure, table, pre, aside, p, li, h1, h2, h3, h4, blockquote, .footnote";
  const STATE = /^pagedjs_(page|left|right|first|blank|named)_page$/;

  function describe(el) {
    const text = (el.textContent || "").replace(/\s+/g, " ").trim();
    const classes = [...el.classList].filter((c) => !c.startsWith("pagedjs")).join(".");
    const preview = text ? ` "${text.slice(0, 60)}${text.length > 60 ? "…" : ""}"` : "";
    // A note names itself and its place in the manuscript (see
    // markdown/plugins/footnotes.ts); so does text that calls one, since a
    // note too long for the page pushes its call's text off it too.
    const calls = el.querySelectorAll(".fn-call[data-line]");
    const call = calls.length ? calls[calls.length - 1] : null;
    const note = el.closest("[data-note]") || el.querySelector("[data-note]");
    // Paged.js sets data-note="footnote" on the notes it moves: their number
    // is in the text, in the note's first part when it runs over pages.
    const first = note && note.dataset.ref && document.querySelector(`.pagedjs_footnote_area [data-ref="${note.dataset.ref}"] .fn-number`);
    const number = note && (first ? first.textContent.trim() : note.dataset.note);
    const place = note
      ? ` (footnote ${number}, manuscript line ${note.dataset.line})`
      : call
        ? ` (with its call to footnote ${call.textContent.trim()}, manuscript line ${call.dataset.line})`
        : "";
    return `<${el.tagName.toLowerCase()}${classes ? "." + classes : ""}>${preview}${place}`;
  }

  /**
   * The body headings (marked data-outline by the build) that start on the
   * page: a heading Paged.js carried over from the page before
   * (data-split-from) is not a new one.
   */
  function headingsOn(page, box) {
    return [...page.querySelectorAll(".pagedjs_page_content [data-outline]")]
      .filter((h) => !h.hasAttribute("data-split-from") && h.getClientRects().length > 0)
      .map((h) => ({
        level: Number(h.dataset.outline),
        text: headingText(h),
        top: (h.getBoundingClientRect().top - box.top) * PX_TO_PT,
      }))
      .filter((h) => h.text !== "");
  }

  /** A heading's words, without soft hyphens or the numbers of note calls in it. */
  function headingText(h) {
    const copy = h.cloneNode(true);
    copy.querySelectorAll(".fn-call, .footnote").forEach((call) => call.remove());
    return (copy.textContent || "").replace(/\u00ad/g, "").replace(/\s+/g, " ").trim();
  }

  window.galleyInspectLayout = function () {
    // A pull quote left out on one page may be set on a later one, where
    // the walk met it again: only one set nowhere is left out.
    const setQuotes = new Set(
      [...document.querySelectorAll(".pagedjs_page .pullquote")].filter((q) => q.getClientRects().length > 0).map((q) => `pullquote-${q.dataset.line}`),
    );
    const pages = [];
    const overflows = [];
    const reported = [];
    document.querySelectorAll(".pagedjs_page").forEach((el, index) => {
      // Positions are measured from the trim edge, the page box, not the sheet with its bleed.
      const box = (el.querySelector(".pagedjs_pagebox") || el).getBoundingClientRect();
      const notes = el.querySelector(".pagedjs_footnote_area .pagedjs_footnote_inner_content");
      const hasNotes = notes !== null && (notes.textContent || "").trim() !== "";
      pages.push({
        blank: el.classList.contains("pagedjs_blank_page"),
        first: el.classList.contains("pagedjs_first_page"),
        names: [...el.classList]
          .filter((c) => c.startsWith("pagedjs_") && c.endsWith("_page") && !STATE.test(c))
          .map((c) => c.slice("pagedjs_".length, -"_page".length)),
        footnoteTop: hasNotes ? (notes.getBoundingClientRect().top - box.top) * PX_TO_PT : null,
        // The contents is found by what it holds, not by its heading's words.
        holdsContents: el.querySelector("[data-folio-for]") !== null,
        leftOut: [...el.querySelectorAll("[data-left-out]")].flatMap((box) => box.dataset.leftOut.split(" ").filter((id) => id && !setQuotes.has(id))),
        finish: window.galleyMeasurePage(el),
        headings: headingsOn(el, box),
      });
      const area = el.querySelector(".pagedjs_page_content");
      if (!area) return;
      const textLimit = area.getBoundingClientRect();
      // The notes stand below the text area, in the page area: they must end within it.
      const pageArea = el.querySelector(".pagedjs_area");
      const noteLimit = pageArea ? pageArea.getBoundingClientRect() : textLimit;
      const setNotes = [...el.querySelectorAll(".pagedjs_footnote_area .footnote")];
      // A full-bleed figure runs across the margins to the sheet's edge, bleed included.
      const sheet = (el.querySelector(".pagedjs_sheet") || el).getBoundingClientRect();
      const rightLimit = (child, limit) => (child.closest(".full-bleed") ? sheet.right : limit.right);
      // Name the outermost element that sticks out, not each of its children.
      for (const child of [...area.querySelectorAll(CHECKED), ...setNotes]) {
        const inNotes = child.closest(".pagedjs_footnote_area") !== null;
        const limit = inNotes ? noteLimit : textLimit;
        const r = child.getBoundingClientRect();
        if (r.height === 0 && r.width === 0) continue;
        let reason = null;
        if (r.bottom > limit.bottom + TOLERANCE) {
          reason = `runs ${Math.round((r.bottom - limit.bottom) * PX_TO_PT)} pt below the ${inNotes ? "page area" : "text area"}`;
        } else if (r.right > rightLimit(child, limit) + TOLERANCE) {
          reason = `runs ${Math.round((r.right - rightLimit(child, limit)) * PX_TO_PT)} pt past the ${inNotes ? "page area" : "text area"}'s edge`;
        }
        if (reason && !reported.some((outer) => outer.contains(child))) {
          reported.push(child);
          overflows.push({ page: index + 1, element: describe(child), reason });
        }
      }
    });
    return { pages, overflows };
  };
})();
