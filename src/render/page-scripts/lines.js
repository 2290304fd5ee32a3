/*
 * Runs in the page, added after Paged.js (see scripts.ts). As each body
 * paragraph is set on its page, its lines are read (docs/typography.md):
 *
 * - Where more than two consecutive lines end in a hyphen, the middle
 *   line's word loses its hyphenation points, in the page and in Paged.js's
 *   source alike, and the paragraph is read again, until no run is left.
 *   Chromium has no limit on consecutive hyphens (CSS
 *   hyphenate-limit-lines is not implemented), so the layout enforces it.
 * - Where a justified line's word spaces are over twice the page's usual,
 *   the paragraph is set again with its letters tracked up to 1 % tighter
 *   or looser and its word spaces a little narrower or wider, and the
 *   setting with the fewest loose lines is kept.
 * - A paragraph either step leaves loose or with a run has its lines
 *   chosen as a whole (paragraph.js), where that has fewer faults.
 * - None of these changes the line count of a paragraph a later layout
 *   pass sets a line shorter or longer (passes.js): that line is what
 *   the pass is for.
 *
 * The paragraph is read where it is set, not in a column of its own: it
 * has its final width, fonts and note calls there, and a paragraph split
 * over two pages is cut between two of these lines. The paragraphs of a
 * quotation or a list item are read as the block is set, and the rest of
 * a split paragraph once its page is laid out (see afterPageLayout).
 */
(function () {
  const { unhyphenated } = window.galleyWords;
  const { lineCount, textNodes, hyphenatedLines, runLines, firstRun, lineWordSpaces, median, notesPastFoot, noteComesBack, calledPastFoot, LOOSE, SOFT_HYPHEN, NOT_IN_LINE } = window.galleyText;
  /**
   * Settings tried on a paragraph with a loose line, in order: tracking
   * within ±1 %, and word spaces a little narrower or wider, which lets
   * the line breaker fit one word more or fewer on a line.
   */
  const SETTINGS = [
    { letterSpacing: "-0.01em", wordSpacing: "" },
    { letterSpacing: "0.01em", wordSpacing: "" },
    { letterSpacing: "", wordSpacing: "-0.04em" },
    { letterSpacing: "-0.01em", wordSpacing: "-0.04em" },
    { letterSpacing: "", wordSpacing: "0.04em" },
    { letterSpacing: "0.01em", wordSpacing: "0.04em" },
    { letterSpacing: "", wordSpacing: "-0.07em" },
    { letterSpacing: "-0.01em", wordSpacing: "-0.07em" },
  ];
  /**
   * Spaces measured before a page's usual space is trusted; until then, a
   * space this many ems wide is usual, or less where the page's lines so
   * far and the paragraph's own say so (see usualSpace).
   */
  const MIN_SAMPLE = 20;
  const USUAL_EM = 0.3;
  /** What a setting that brings a note's call back onto the page scores: more than any number of faults. */
  const CALL_COMES_BACK = 1e6;
  /** Rounds of corrections one paragraph may take before it is left as it is. */
  const MAX_ROUNDS = 8;
  /** Blocks Paged.js copies into the page whole, children and all. */
  const WHOLE_COPIES = ["BLOCKQUOTE", "LI", "DD", "FIGURE"];
  /** Blocks of lines read as a paragraph's: a figure's caption is hyphenated as the text is. */
  const LINES = ["P", "FIGCAPTION"];

  /**
   * Sets `clone` (the paragraph on its page) without runs of hyphens,
   * making the same change in `source`. Of a run's hyphens, the one whose
   * word is set whole is the one that leaves fewest runs, then fewest
   * loose lines (`loose` counts them), of those `allowed` lets stand.
   * Only a paragraph set whole from its start is read: its text nodes are
   * the source's, one for one. With no `source`, the page alone changes.
   * Returns whether it changed the text, and the lines of runs it left as
   * last read (null when it did not read them as they stand).
   */
  function settleParagraph(clone, source, loose, allowed) {
    const nodes = textNodes(clone);
    const sources = source ? textNodes(source) : null;
    if (sources && (nodes.length !== sources.length || nodes.some((n, k) => n.textContent !== sources[k].textContent))) return { changed: false, runs: null };
    let changed = false;
    // The lines the change kept last left, read when it was tried (the same text lays out the same).
    let read = null;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const ends = read ?? hyphenatedLines(clone, nodes);
      const candidates = firstRun(ends);
      if (!candidates || candidates.length === 0) return { changed, runs: runLines(ends) };
      let best = null;
      // The first of the lowest scores wins: none is lower than 0, and loose
      // lines are not read where the runs alone score no better than the best.
      for (const end of candidates) {
        const text = nodes[end.k].textContent;
        nodes[end.k].textContent = unhyphenated(text, end.index);
        const tried = allowed() ? hyphenatedLines(clone, nodes) : null;
        const runs = tried ? runLines(tried) * 1000 : Infinity;
        const score = runs === Infinity || (best && runs >= best.score) ? Infinity : runs + loose();
        nodes[end.k].textContent = text;
        if (score < Infinity && (!best || score < best.score)) best = { end, score, tried };
        if (best && best.score === 0) break;
      }
      if (!best) return { changed, runs: runLines(ends) };
      read = best.tried;
      const { k, index } = best.end;
      nodes[k].textContent = unhyphenated(nodes[k].textContent, index);
      if (sources) sources[k].textContent = unhyphenated(sources[k].textContent, index);
      changed = true;
    }
    return { changed, runs: null };
  }

  /** The word space of each justified line of `p`: its last line is set ragged and left out. */
  const lineSpaces = (p, nodes) => lineWordSpaces(p, nodes).slice(0, -1);

  /**
   * Sets `clone` and `source` with the spacing that scores lowest, of
   * those that leave it `lines` lines where that is given. `score(limit)`
   * counts what is wrong with the lines as they stand, exactly where that
   * is under `limit` (the best so far); `count` is the score now. Returns
   * whether it changed the spacing.
   */
  function settleSpacing(clone, source, score, count, lines = null) {
    if (count === 0) return false;
    const unchanged = { letterSpacing: clone.style.letterSpacing, wordSpacing: clone.style.wordSpacing };
    let best = { setting: unchanged, count };
    for (const setting of SETTINGS) {
      Object.assign(clone.style, setting);
      if (lines !== null && lineCount(clone) !== lines) continue;
      const tried = score(best.count);
      if (tried < best.count) best = { setting, count: tried };
      if (tried === 0) break;
    }
    Object.assign(clone.style, best.setting);
    if (best.setting === unchanged) return false;
    Object.assign(source.style, best.setting);
    return true;
  }

  class ParagraphLines extends window.Paged.Handler {
    constructor(chunker, polisher, caller) {
      super(chunker, polisher, caller);
      this.spaces = [];
    }

    beforePageLayout() {
      this.spaces = [];
    }

    renderNode(clone, node) {
      if (clone.nodeType !== Node.ELEMENT_NODE || clone.hasAttribute("data-split-from")) return;
      if (LINES.includes(clone.tagName)) {
        if (!clone.closest(NOT_IN_LINE)) this.settle(clone, node);
        return;
      }
      // Paged.js copies a quotation or a list item whole (pagedjs
      // isContainer()) and calls this hook for the copy alone: its
      // paragraphs, or a list item's own lines, are read here, matched to
      // the source's one for one. A list item holding a list is left as it is.
      if (!WHOLE_COPIES.includes(clone.tagName)) return;
      const inner = (el) => (el.tagName === "FIGURE" ? [...el.querySelectorAll("figcaption")] : el.querySelector("ul, ol") ? [] : el.tagName !== "BLOCKQUOTE" && !el.querySelector("p") ? [el] : [...el.querySelectorAll("p")]);
      const sources = inner(node);
      inner(clone).forEach((p, k) => {
        if (sources[k] && !p.closest(NOT_IN_LINE)) this.settle(p, sources[k]);
      });
    }

    /**
     * The rest of a paragraph split from the page before is set from where
     * the break left it, and its lines need not be those read there (the
     * page before may have set its own part again, or given it a line
     * more). A run of hyphens in it is settled here, once the page is laid
     * out, by words set whole, each kept only where the paragraph keeps
     * its number of lines, so the page's break stands; not its source,
     * where Paged.js reads breaks, nor a paragraph going on overleaf.
     */
    afterPageLayout(pageElement, page, breakToken) {
      // A blank page Paged.js adds (a recto start) has no content.
      const rest = page.wrapper && page.wrapper.querySelector("p[data-split-from]");
      if (!rest || rest.closest(NOT_IN_LINE) || getComputedStyle(rest).hyphens === "none") return;
      const cut = breakToken && breakToken.node && (breakToken.node.nodeType === Node.TEXT_NODE ? breakToken.node.parentElement : breakToken.node);
      if (cut && rest.contains(cut)) return;
      const lines = lineCount(rest);
      const usual = this.usualSpace(rest, lineSpaces(rest, textNodes(rest)));
      const loose = () => lineSpaces(rest, textNodes(rest)).filter((space) => space > LOOSE * usual).length;
      settleParagraph(rest, null, loose, () => lineCount(rest) === lines);
    }

    /**
     * The page's usual word space, as far as it is known when paragraph
     * `p` is set, its justified lines' spaces being `own`. Near a page's
     * top, the guess may be wider than the page's spaces turn out: lines
     * over twice the page's median were then let stand (varied seed 13).
     * The page's lines so far with the paragraph's own lower it where they
     * are narrower. Never raised: a paragraph's own loose lines would then
     * excuse themselves (varied seed 9: 55 loose lines, over its budget of
     * 35). Nor is a line read as loose short of twice the usual: more
     * paragraphs set tighter lower the page's median, and its other lines
     * stand looser beside them (seed 9: 38).
     */
    usualSpace(p, own) {
      if (this.spaces.length >= MIN_SAMPLE) return median(this.spaces);
      const guess = USUAL_EM * parseFloat(getComputedStyle(p).fontSize);
      const sample = [...this.spaces, ...own];
      return sample.length >= MIN_SAMPLE / 2 ? Math.min(guess, median(sample)) : guess;
    }

    /** Reads and mends the lines of paragraph `clone` as set on the page, and its source `node` alike: see this file's head. */
    settle(clone, node) {
      const style = getComputedStyle(clone);
      const nodes = textNodes(clone);
      const sources = textNodes(node);
      const pastFoot = notesPastFoot(clone);
      // A note still in the line stands past the page's foot, where Paged.js
      // left it to set overleaf. If the paragraph set again brings it back
      // onto the page after Paged.js looked, it would print inline: each
      // change that does so is undone.
      const justified = style.textAlign === "justify";
      const hyphenated = style.hyphens !== "none" && clone.textContent.includes(SOFT_HYPHEN);
      const spaces = justified ? lineSpaces(clone, nodes) : [];
      const usual = this.usualSpace(clone, spaces);
      const countLoose = (lines) => lines.filter((space) => space > LOOSE * usual).length;
      // Read afresh: breaking the paragraph as a whole splits its text nodes.
      const loose = () => (justified ? countLoose(lineSpaces(clone, textNodes(clone))) : 0);
      let changed = false;
      const texts = [nodes, sources].map((list) => list.map((n) => n.textContent));
      const styles = [clone, node].map((el) => [el.style.letterSpacing, el.style.wordSpacing]);
      // The lines past the page's foot are read as the next page will set
      // them: with the notes there gone to the foot, not taking room in the line.
      const displays = pastFoot.map((n) => n.style.display);
      pastFoot.forEach((n) => (n.style.display = "none"));
      // A setting that brings a note's call from past the foot onto the page is never kept.
      const calledPast = pastFoot.filter((n) => calledPastFoot(clone, n));
      const callComesBack = () => calledPast.some((n) => !calledPastFoot(clone, n));
      const penalty = () => loose() + (callComesBack() ? CALL_COMES_BACK : 0);
      // Runs count first, then loose lines; hyphens are not read where loose lines alone reach `limit`.
      const runs = () => (hyphenated ? runLines(hyphenatedLines(clone, textNodes(clone))) : 0);
      const faults = (limit = Infinity) => {
        const rest = penalty();
        return rest >= limit ? rest : runs() * 1000 + rest;
      };
      // A note past the foot, not yet at a foot, stands in the line: a word
      // set whole can bring it back onto the page, where it would print.
      const notesStayPast = () => {
        if (pastFoot.length === 0) return true;
        pastFoot.forEach((n, k) => (n.style.display = displays[k]));
        const stay = !noteComesBack(clone, pastFoot);
        pastFoot.forEach((n) => (n.style.display = "none"));
        return stay;
      };
      // A paragraph a later pass sets a line shorter or longer (passes.js)
      // keeps as many lines as that setting gives it: mended otherwise, it
      // would lose the line the pass is for.
      const kept = window.galleyPasses.setAnewHere(node) ? lineCount(clone) : null;
      const keepsLines = () => kept === null || lineCount(clone) === kept;
      const allowed = () => keepsLines() && notesStayPast();
      // Each reading of the hyphens is used for as long as the paragraph stands as read.
      const settled = hyphenated ? settleParagraph(clone, node, penalty, allowed) : { changed: false, runs: 0 };
      changed = settled.changed;
      if (justified) {
        // A run of hyphens no word could be taken from (a compound's own
        // hyphens) may still be broken by spacing.
        const spaced = settleSpacing(clone, node, faults, changed ? faults() : (settled.runs ?? runs()) * 1000 + countLoose(spaces), kept);
        // Spaces set anew may end more lines in hyphens: those runs are settled again.
        if (hyphenated && (spaced || settled.runs === null)) changed = settleParagraph(clone, node, penalty, allowed).changed || changed;
        changed = spaced || changed;
      }
      let optimal = false;
      // Unchanged, the paragraph had no run of hyphens (settleParagraph
      // would have changed it), and its loose lines were read already.
      const before = !justified ? 0 : changed ? faults() : countLoose(spaces);
      if (before > 0 && before < CALL_COMES_BACK) {
        // What no setting of the whole paragraph mends, breaking it as a whole may (paragraph.js): kept where
        // that leaves fewer faults, or as many with its widest space narrower (a loose line the page's median may pass).
        const widest = () => Math.max(0, ...lineSpaces(clone, textNodes(clone)));
        const wide = widest();
        optimal = window.galleyParagraph.setOptimal(clone, node, usual);
        const after = optimal ? faults(before + 1) : 0;
        if (optimal && (after > before || (after === before && widest() >= wide) || !keepsLines())) {
          [clone, node].forEach(window.galleyParagraph.unset);
          optimal = false;
        }
      }
      pastFoot.forEach((n, k) => (n.style.display = displays[k]));
      if (noteComesBack(clone, pastFoot)) {
        const restore = () => {
          [nodes, sources].forEach((list, j) => list.forEach((n, k) => (n.textContent = texts[j][k])));
          [clone, node].forEach((el, j) => ([el.style.letterSpacing, el.style.wordSpacing] = styles[j]));
        };
        if (optimal) [clone, node].forEach(window.galleyParagraph.unset);
        optimal = false;
        restore();
        // The run of hyphens alone may still be settled without it: words
        // set whole change the lines least.
        if (hyphenated) {
          pastFoot.forEach((n) => (n.style.display = "none"));
          changed = settleParagraph(clone, node, penalty, notesStayPast).changed;
          pastFoot.forEach((n, k) => (n.style.display = displays[k]));
          if (changed && noteComesBack(clone, pastFoot)) restore();
        }
      }
      if (justified) this.spaces.push(...(changed || optimal ? lineSpaces(clone, textNodes(clone)) : spaces));
      if (changed || optimal) window.galleyFootnotes.refit(clone); // Set a line shorter, it may leave its note more room.
    }
  }

  window.Paged.registerHandlers(ParagraphLines);
})();
