/*
 * Runs in the page, after paragraph.js and before fill.js (see
 * scripts.ts): how fill.js fills a page left short from the page's own
 * paragraphs, shared as window.galleyFillPage.
 *
 * Its paragraphs are set a little looser, one at a time, from the foot
 * up, or where that does not gain a line, set as a whole a line longer
 * (paragraph.js), each kept so only where it gains a line, makes no more
 * runs of hyphenated lines nor loose lines and the page still holds
 * everything, until no more than two lines are empty. The page's break
 * does not move, so no other page changes.
 */
(function () {
  /** A paragraph set a line longer as a whole keeps its word spaces under this share of a loose line's. */
  const FILL_SPACE = 0.85;
  const { LOOSER, settingFor, ofBody, resettable, spaces: lineSpaces } = window.galleyPasses;
  const { textNodes, lineCount, hyphenatedLines, runLines, median, pageBottom, contentBottom, MAX_EMPTY_LINES, LOOSE } = window.galleyText;
  const runs = (p) => runLines(hyphenatedLines(p, textNodes(p)));

  /** A justified paragraph a setting may set anew (passes.js). */
  const isSetWhole = (p) => resettable(p) && getComputedStyle(p).textAlign === "justify";

  /**
   * Fills a hole at the page's foot from the page's own paragraphs (those
   * `settable` allows), from the foot up: see this file's head. With
   * `chosen`, once every page is set, also those whose lines paragraph.js
   * chose as a whole (lines.js).
   */
  function fillPage(pageElement, wrapper, settable, chosen = false) {
    const paragraphs = [...wrapper.querySelectorAll("p")].filter((p) => settable(p) && (isSetWhole(p) || (chosen && isChosen(p))));
    if (paragraphs.length === 0) return;
    const lineHeight = parseFloat(getComputedStyle(paragraphs[0]).lineHeight) || 16;
    const bottom = pageBottom(pageElement);
    if (bottom - contentBottom(wrapper) <= MAX_EMPTY_LINES * lineHeight) return;
    const usual = median(paragraphs.flatMap(lineSpaces));
    const loose = (p) => lineSpaces(p).filter((space) => space > LOOSE * usual).length;
    for (const p of paragraphs.reverse()) {
      if (bottom - contentBottom(wrapper) <= MAX_EMPTY_LINES * lineHeight) return;
      const setting = isSetWhole(p) ? settingFor(p, LOOSER, +1, usual, () => contentBottom(wrapper) <= bottom + 0.5) : null;
      if (setting) {
        Object.assign(p.style, setting);
        continue;
      }
      const [hyphenRuns, looseLines] = [runs(p), loose(p)];
      // Its lines chosen as a whole, a line more may share the room
      // where one line at a time none did (paragraph.js).
      const undo = setLonger(p, LOOSE * usual * FILL_SPACE);
      if (undo && (contentBottom(wrapper) > bottom + 0.5 || runs(p) > hyphenRuns || loose(p) > looseLines)) undo();
    }
  }

  /** A justified paragraph of the body whose lines paragraph.js chose as a whole (lines.js), not set again here yet. */
  const isChosen = (p) => ofBody(p) && p.querySelector("[data-line-of]") !== null && !p.hasAttribute("data-page-part") && getComputedStyle(p).textAlign === "justify";

  /**
   * Sets `p` as a whole a line longer than it stands, no word space wider
   * than `widest` (paragraph.js setPagePart); one whose lines were chosen
   * as a whole already is set from its words again, on the page only (the
   * source's lines matter only for a paragraph going on overleaf). Returns
   * what undoes it, lines chosen before put back, or null where no
   * setting does it.
   */
  function setLonger(p, widest) {
    const lines = lineCount(p) + 1;
    const before = isChosen(p) ? [...p.childNodes].map((node) => node.cloneNode(true)) : null;
    const putBack = () => before && p.replaceChildren(...before);
    if (before) window.galleyParagraph.unset(p);
    if (window.galleyParagraph.setPagePart(p, { lines, widest })) {
      return () => {
        window.galleyParagraph.unsetPagePart(p);
        putBack();
      };
    }
    putBack();
    return null;
  }

  window.galleyFillPage = { isSetWhole, fillPage };
})();
