/*
 * Runs in the page, added after Paged.js and foot.js (see scripts.ts).
 *
 * A page can end short while its article goes on: a heading kept with
 * the lines after it, a note that needs the room of the lines it is
 * called from, a block too tall for what is left. More than two empty
 * lines there is a hole (docs/typography.md). Once the page's break is
 * settled, this handler fills such a hole from the page itself: its
 * paragraphs that end on it are set a little looser, one at a time, each
 * kept so only where it gains a line, makes no more runs of hyphenated
 * lines nor loose lines and the page still holds everything, until no more
 * than two lines are empty. The break does not move, so no other page changes.
 */
(function () {
  /**
   * Settings tried on a paragraph to make it a line longer: tracking within
   * 1 %, wider word spaces. The widest adds 0.16 em to a space of about
   * 0.25 em: well short of a loose line (twice the page's usual space),
   * and a hole at the page's foot is the worse fault.
   */
  const LOOSER = [
    { letterSpacing: "0.01em", wordSpacing: "" },
    { letterSpacing: "0.01em", wordSpacing: "0.04em" },
    { letterSpacing: "0.01em", wordSpacing: "0.08em" },
    { letterSpacing: "0.01em", wordSpacing: "0.12em" },
    { letterSpacing: "0.01em", wordSpacing: "0.16em" },
  ];
  const { lineCount, textNodes, hyphenatedLines, runLines, spacesByLine, median, pageBottom, contentBottom, MAX_EMPTY_LINES, LOOSE } = window.galleyText;
  const runs = (p) => runLines(hyphenatedLines(p, textNodes(p)));
  /** The word space of each justified line of `p` (its last line is set ragged). */
  const lineSpaces = (p) => spacesByLine(p, textNodes(p)).map((line) => median(line.widths)).slice(0, -1);

  class FillHoles extends window.Paged.Handler {
    afterPageLayout(pageElement, page, breakToken) {
      // An article's last page may end short.
      if (!breakToken || !breakToken.node) return;
      const wrapper = page.wrapper;
      // The paragraph the page breaks in is cut at one of its lines: it may not be set anew.
      const node = breakToken.node;
      const cut = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest("p");
      const paragraphs = [...wrapper.querySelectorAll("p")].filter(
        (p) =>
          !(cut && p.dataset.ref === cut.dataset.ref) &&
          !p.closest(".footnote, .pullquote, figure, table, [data-note]") &&
          getComputedStyle(p).textAlign === "justify",
      );
      if (paragraphs.length === 0) return;
      const lineHeight = parseFloat(getComputedStyle(paragraphs[0]).lineHeight) || 16;
      const bottom = pageBottom(pageElement);
      if (bottom - contentBottom(wrapper) <= MAX_EMPTY_LINES * lineHeight) return;
      const usual = median(paragraphs.flatMap(lineSpaces));
      const loose = (p) => lineSpaces(p).filter((space) => space > LOOSE * usual).length;
      for (const p of paragraphs.reverse()) {
        if (bottom - contentBottom(wrapper) <= MAX_EMPTY_LINES * lineHeight) return;
        const lines = lineCount(p);
        const hyphenRuns = runs(p);
        const looseLines = loose(p);
        const before = [p.style.letterSpacing, p.style.wordSpacing];
        let kept = false;
        for (const setting of LOOSER) {
          Object.assign(p.style, setting);
          if (lineCount(p) === lines + 1 && contentBottom(wrapper) <= bottom + 0.5 && runs(p) <= hyphenRuns && loose(p) <= looseLines) {
            kept = true;
            break;
          }
        }
        if (!kept) [p.style.letterSpacing, p.style.wordSpacing] = before;
      }
    }
  }

  window.Paged.registerHandlers(FillHoles);
})();
