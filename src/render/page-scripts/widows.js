/*
 * Runs in the page, after passes.js and before foot.js (see scripts.ts):
 * how foot.js reads a widow, and what one it must leave asks of a later
 * layout pass, shared as window.galleyWidows.
 */
(function () {
  const { lineCount } = window.galleyText;
  const { LOOSER, TIGHTER, asked, indexIn, named, settingFor, resettable } = window.galleyPasses;
  /** What a page's foot may break: paragraphs and list items. */
  const PARAGRAPH = "p, li";
  /** Elements set whole on the page that a later pass may set a line shorter (passes.js resettable). */
  const settable = (el) => !el.querySelector(PARAGRAPH) && !el.hasAttribute("data-split-from") && resettable(el);

  /** A hidden copy of `nodes` set after `fragment` (a paragraph's part on the page) as a part of the same paragraph would be; its notes, which go to a foot, left out. */
  function trialAfter(fragment, nodes) {
    const trial = fragment.cloneNode(false);
    trial.removeAttribute("data-split-to");
    trial.style.visibility = "hidden";
    trial.append(...nodes);
    for (const note of trial.querySelectorAll("[data-note]")) note.remove();
    fragment.after(trial);
    return trial;
  }

  /** Lines the rest of a split paragraph will take overleaf, set in a hidden copy on this page. */
  function restLines(fragment, breakToken, source) {
    const range = document.createRange();
    range.setStart(breakToken.node, breakToken.offset || 0);
    range.setEndAfter(source.lastChild);
    const trial = trialAfter(fragment, [range.cloneContents()]);
    trial.setAttribute("data-split-from", fragment.dataset.ref);
    const lines = lineCount(trial);
    trial.remove();
    return lines;
  }

  /**
   * Asks a later pass (passes.js) to set paragraph `source` (in Paged.js's
   * `sources`), whose last line stands alone overleaf, a line shorter, so
   * that it ends on this page, or else a line longer, so that two lines go
   * over: read in a hidden copy set after `fragment`, its part on the page.
   * Failing both, a paragraph set whole above it on the page a line
   * shorter, so that the page holds the widow's line: the nearest first.
   */
  function askForWidow(fragment, source, sources) {
    const taken = named(asked.up);
    const index = indexIn(sources, source);
    if (index < 0 || taken.has(index)) return;
    const trial = trialAfter(fragment, source.cloneNode(true).childNodes);
    const setting = settingFor(trial, TIGHTER, -1) || (lineCount(fragment) >= 2 ? settingFor(trial, LOOSER, +1) : null);
    trial.remove();
    let hint = setting ? { index, setting } : null;
    const above = [...fragment.closest(".pagedjs_page_content").querySelectorAll(PARAGRAPH)].filter(
      (el) => el.compareDocumentPosition(fragment) & Node.DOCUMENT_POSITION_FOLLOWING && !el.contains(fragment) && settable(el),
    );
    for (const el of above.reverse()) {
      if (hint) break;
      const at = indexIn(sources, el);
      const shorter = at < 0 || taken.has(at) ? null : settingFor(el, TIGHTER, -1);
      if (shorter) hint = { index: at, setting: shorter };
    }
    if (!hint) return;
    asked.up.push(hint);
    asked.down.push(hint);
  }

  window.galleyWidows = { PARAGRAPH, restLines, askForWidow };
})();
