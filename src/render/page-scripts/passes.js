/*
 * Runs in the page, after text.js and before widows.js, foot.js and
 * fill.js (see scripts.ts): what one layout of a document asks of a later
 * one, shared as window.galleyPasses.
 *
 * Paged.js lays out forward only. A page left short, or a widow no line
 * given over could mend, is mended by setting something before it anew
 * (a paragraph a line shorter or longer, a heading closer to the text
 * above) in a later layout of the document (render/pagedjs.ts
 * layOutBest), resumed from the page before it (resume.js). Each is
 * named by its place among the document's elements of SET_ANEW, which
 * the same HTML keeps, with the inline style to give it. Two sets are
 * asked for, tried in turn: `up`, the text before the fault moved up;
 * `down`, lines given over from the pages before (see fill.js). The
 * faults a layout left are counted, and the pages it left short that the
 * verifier excuses: the layout with the fewest is kept.
 */
(function () {
  const { lineCount, textNodes, hyphenatedLines, runLines, lineWordSpaces, median, LOOSE } = window.galleyText;
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
  /** Settings tried on a paragraph to make it a line shorter: tracking within 1 %, narrower word spaces. */
  const TIGHTER = [
    { letterSpacing: "-0.01em", wordSpacing: "" },
    { letterSpacing: "", wordSpacing: "-0.04em" },
    { letterSpacing: "-0.01em", wordSpacing: "-0.04em" },
    { letterSpacing: "-0.01em", wordSpacing: "-0.07em" },
  ];
  const HEADINGS = "h2, h3, h4";
  /** What a later pass may set anew: paragraphs, list items and headings. */
  const SET_ANEW = `p, li, ${HEADINGS}`;

  const asked = { up: [], down: [] };
  /** Read by render/pagedjs.ts once the layout is done. */
  window.galleyHints = asked;
  window.galleyFaults = 0;
  /** The page of the first fault this layout left (-1 for none): where a later pass that mends the faults before it has got to. */
  window.galleyFaultPage = -1;
  window.galleyShort = 0;

  /**
   * The document's elements of SET_ANEW in their order before layout.
   * Read then, not from Paged.js's source once the layout is done: the
   * layout moves floats there (finish.js), and a place counted after
   * that would name another element in the next pass.
   */
  let order = [];

  /** The place of `el` (set on a page, or in Paged.js's `source`) among the document's elements of SET_ANEW; -1 if it has none. */
  function indexIn(source, el) {
    return order.indexOf(source.querySelector(`[data-ref="${el.dataset.ref}"]`));
  }

  /** Reads `content` (the document before Paged.js reads it, which becomes its source) and sets its elements as this layout's hints say. */
  function setAnew(content) {
    order = [...content.querySelectorAll(SET_ANEW)];
    for (const { index, setting } of window.galleyHintsIn || []) if (order[index]) Object.assign(order[index].style, setting);
  }

  /**
   * The first of `settings` that sets element `el` (a paragraph or a list
   * item) `change` lines longer (+1) or shorter (-1), with no more lines
   * ending a run of hyphens nor justified lines with word spaces over
   * twice `usual` (by default, the median of its own), where `allowed`
   * agrees. Each is tried in place and undone; null when none does.
   */
  function settingFor(el, settings, change, usual = median(spaces(el)), allowed = () => true) {
    const runs = () => runLines(hyphenatedLines(el, textNodes(el)));
    const loose = () => spaces(el).filter((space) => space > LOOSE * usual).length;
    const [lines, hyphenRuns, looseLines] = [lineCount(el), runs(), loose()];
    const before = [el.style.letterSpacing, el.style.wordSpacing];
    const setting = settings.find((tried) => {
      Object.assign(el.style, tried);
      return lineCount(el) === lines + change && runs() <= hyphenRuns && loose() <= looseLines && allowed();
    });
    [el.style.letterSpacing, el.style.wordSpacing] = before;
    return setting || null;
  }

  /** Whether `el` is text of the body, not a note's, a quote's or a caption's. */
  const ofBody = (el) => !el.closest(".footnote, .pullquote, figure, table, [data-note]");

  /**
   * Whether a setting may set `el` anew: text of the body, and not one
   * whose lines were chosen as a whole (paragraph.js): those lines do not
   * wrap, so no spacing resets them.
   */
  const resettable = (el) => ofBody(el) && !el.querySelector("[data-line-of]");

  /** The word space of each justified line of `el` (its last line is set ragged). */
  const spaces = (el) => lineWordSpaces(el).slice(0, -1);

  /**
   * The space the stylesheet sets above `heading`, which finish.js takes
   * off at a page's top: what a later pass may halve (fill.js
   * closerHeading), and what the heading would need at the foot of the
   * page before (measure.js leadLines).
   */
  function spaceAbove(heading) {
    const kept = heading.style.marginTop;
    heading.style.marginTop = "";
    const margin = parseFloat(getComputedStyle(heading).marginTop) || 0;
    heading.style.marginTop = kept;
    return margin;
  }

  /**
   * Whether this layout sets `source` (an element of Paged.js's source) a
   * line shorter or longer by a setting a layout before asked for: its
   * lines are then to stay as many as that setting makes them.
   */
  function setAnewHere(source) {
    const hints = window.galleyHintsIn || [];
    if (hints.length === 0) return false;
    const index = order.indexOf(source);
    return index >= 0 && hints.some((hint) => hint.index === index && !("marginTop" in hint.setting));
  }

  /** The indexes named already: set anew in this layout, or asked of a later one in `set`. */
  const named = (set) => new Set([...(window.galleyHintsIn || []), ...set].map((hint) => hint.index));

  window.galleyPasses = {
    LOOSER,
    TIGHTER,
    HEADINGS,
    asked,
    indexIn,
    setAnew,
    setAnewHere,
    /** The document's elements of SET_ANEW, in their order before layout: what a hint's index names. */
    order: () => order,
    named,
    settingFor,
    ofBody,
    resettable,
    spaces,
    spaceAbove,
    /** Counts a fault this layout left on page `page` (its index) that a later one may mend. */
    fault(page) {
      window.galleyFaults++;
      if (window.galleyFaultPage < 0 || page < window.galleyFaultPage) window.galleyFaultPage = page;
    },
    /** Counts a page this layout left short that the verifier excuses, but that lines a later one gains may fill. */
    excusedShort() {
      window.galleyShort++;
    },
  };
})();
