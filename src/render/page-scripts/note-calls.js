/*
 * Runs in the page, after Paged.js and fonts.js (see scripts.ts): a note whose
 * call ends a full justified line is set at the foot, not dropped.
 *
 * Paged.js's footnote handler (moveFootnote) drops a note whose call
 * stands to the right of the page's text block, trusting the overflow to
 * set the call, and the note with it, on the next page. The call is an
 * empty anchor (Galley prints the number itself), so at the end of a
 * full justified line it stands right at the block's edge, and Chromium
 * can place it a fraction of a pixel past it (559.359 against 559.344 on
 * unseen varied seed 91). Nothing overflows, the call stays on the page,
 * and its note is lost: https://github.com/pagedjs/pagedjs/issues/130
 * describes the same loss under text-align: justify.
 *
 * The handler's method is wrapped: a note it dropped while its call stands
 * on the page, past the edge by less than a pixel, is set as Paged.js sets
 * a note whose call is placed already. A call truly past the foot stands
 * in Paged.js's overflow column, a column gap further right, and is left
 * to Paged.js.
 */
(function () {
  /** How far past the text block's edge a call may stand and still be on the page, in CSS pixels. */
  const EDGE = 1;
  const Footnotes = window.Paged.registeredHandlers.find((Handler) => Handler.prototype && typeof Handler.prototype.moveFootnote === "function");
  if (!Footnotes) throw new Error("note-calls.js: Paged.js's footnote handler was not found; this bundle of Paged.js is not the one Galley was written for");
  const moveFootnote = Footnotes.prototype.moveFootnote;

  Footnotes.prototype.moveFootnote = function (node, pageArea, needsNoteCall) {
    moveFootnote.call(this, node, pageArea, needsNoteCall);
    // Set at the foot, or queued for the next page: nothing was dropped.
    if (!needsNoteCall || node.isConnected || this.needsLayout.some((queued) => queued.contains(node))) return;
    const call = pageArea.querySelector(`[data-footnote-call="${CSS.escape(node.dataset.ref)}"]`);
    if (!call) return;
    const right = pageArea.querySelector(".pagedjs_page_content").getBoundingClientRect().right;
    if (call.getBoundingClientRect().left > right + EDGE) return;
    moveFootnote.call(this, node, pageArea, false);
  };
})();
