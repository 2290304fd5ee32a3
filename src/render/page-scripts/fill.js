/*
 * Runs in the page, added after Paged.js, foot.js and fill-page.js (see
 * scripts.ts).
 *
 * A page can end short while its article goes on: a heading kept with
 * the lines after it, a note that needs the room of the lines it is
 * called from, a block too tall for what is left. More than two empty
 * lines there is a hole (docs/typography.md). Once the page's break is
 * settled, this handler fills such a hole from the page itself, its
 * paragraphs set looser or a line longer (fill-page.js); once every page
 * is set, also those whose lines were chosen as a whole (lines.js). The
 * break does not move, so no other page changes.
 *
 * A page it cannot fill asks for a later layout pass of its document, in
 * which paragraphs of it or of the pages before are set a line shorter or
 * longer: see hint().
 */
(function () {
  const PX_TO_PT = 0.75;
  /** Lines a later pass is counted on to gain for a short page, and the paragraphs it asks to have set tighter where it does not know how many it needs. */
  const MAX_HINTS_PER_PAGE = 3;
  /** Paragraphs a short page asks to have set tighter where it knows it needs that many lines (a heading of two lines and the two it keeps, say). */
  const MAX_UP_LINES = 5;
  /** Pages before a short page whose paragraphs may be set a line shorter to move its text up. */
  const UP_PAGES = 3;
  /** Pages before a short page whose paragraphs may be set a line longer to fill it, and the lines they may give. */
  const PUSH_PAGES = 6;
  const MAX_PUSH_LINES = 8;
  const { LOOSER, TIGHTER, HEADINGS, asked, indexIn, setAnew, named, settingFor, spaces: lineSpaces, spaceAbove, fault, excusedShort } = window.galleyPasses;
  const { median, pageBottom, contentBottom, spaceBelow, fitNoteArea, MAX_EMPTY_LINES } = window.galleyText;
  const { isSetWhole, fillPage } = window.galleyFillPage;

  /** The page's paragraphs set whole on it, from the foot up: one split with another page would change that page too. */
  const settled = (wrapper) =>
    [...wrapper.querySelectorAll("p")].filter((p) => isSetWhole(p) && !p.hasAttribute("data-split-from") && !p.hasAttribute("data-split-to")).reverse();

  /** The whole lines left empty at the page's foot, counted as the verifier counts a hole: a twentieth spared. */
  const emptyLines = (page, lineHeight) => Math.floor((pageBottom(page.element) - contentBottom(page.wrapper)) / lineHeight + 0.05);

  /**
   * The body's leading: the line height most of the document's paragraphs
   * set whole on a page have, as the verifier reads it. A page may hold
   * none of its own, and the first one found may be the abstract's, set
   * closer: a page short by two body lines and a half was counted a hole
   * of three (varied seed 78's article-21). Null where there are none.
   */
  function bodyLeading(pages) {
    const counts = new Map();
    for (const page of pages) {
      for (const p of page.wrapper ? settled(page.wrapper) : []) {
        const height = parseFloat(getComputedStyle(p).lineHeight);
        if (height > 0) counts.set(height, (counts.get(height) || 0) + 1);
      }
    }
    const [most] = [...counts].sort((a, b) => b[1] - a[1]);
    return most ? most[0] : null;
  }

  /**
   * The pages before page `i` through which a line gained on one reaches
   * page `i`: each full, so it gives its last line over. Nearest first,
   * at most PUSH_PAGES.
   */
  function fullBefore(pages, i, lineHeight) {
    const full = [];
    for (let j = i - 1; j >= 0 && full.length < PUSH_PAGES; j--) {
      if (!pages[j].wrapper || emptyLines(pages[j], lineHeight) > 0) break;
      full.push(pages[j]);
    }
    return full;
  }

  /**
   * What each way of starting the paragraph that opens the next page at
   * the foot of `page` (`lead`, measure.js leadLines) needs there, with
   * the notes its lines call (and the rule above them where the page has
   * none yet) or without: below the space the page ends with, where that
   * is more than theirs, as the verifier counts.
   */
  function leadNeeds(page, lead) {
    const inner = page.element.querySelector(".pagedjs_footnote_inner_content");
    const hasNotes = inner !== null && (inner.textContent || "").trim() !== "";
    // The space the page ends with (an abstract's margin) stands above the lines too, as the verifier counts.
    const gap = Math.max(0, spaceBelow(page.wrapper) - lead.above);
    return {
      withNotes: (way) => gap + way.text + (way.notes > 0 ? way.notes + (hasNotes ? 0 : lead.rule) : 0),
      alone: (way) => gap + way.text,
    };
  }

  /**
   * Whether no way of starting the paragraph that opens the next page at
   * the foot of `page` would fill it, with `room` left there and up to
   * `gained` more a later pass may make, for the notes its lines call:
   * each needs more with them, or less by over two lines, while one would
   * fill it without them. As the verifier excuses a hole.
   */
  function notesBar(page, lead, room, gained, lineHeight) {
    if (!lead) return false;
    const { withNotes, alone } = leadNeeds(page, lead);
    const fills = (needs) => (way) => needs(way) <= room + gained + 1 && (way.whole || room - needs(way) < (MAX_EMPTY_LINES + 1) * lineHeight);
    return !lead.ways.some(fills(withNotes)) && lead.ways.some(fills(alone));
  }

  /**
   * The lines the text before the foot of `page` must move up by, with
   * `room` left there, for what opens the next page to stand there: its
   * figure or table (`block`, in points), or a way of starting its
   * paragraph (`lead`) with the notes it calls, the fewest any way
   * needs. At least one (where it would fit already, what kept it over
   * needs a line or the heading brought closer), at most MAX_UP_LINES;
   * MAX_HINTS_PER_PAGE where neither is known.
   * A paragraph set a line shorter beyond that would be set so for nothing.
   */
  function linesShort(page, lead, block, room, lineHeight) {
    let needed = MAX_HINTS_PER_PAGE;
    if (block !== null) needed = Math.ceil((block / PX_TO_PT - room - 1) / lineHeight);
    else if (lead) {
      const { withNotes } = leadNeeds(page, lead);
      needed = Math.min(...lead.ways.map((way) => Math.ceil((withNotes(way) - room - 1) / lineHeight)));
    }
    return Math.min(MAX_UP_LINES, Math.max(1, needed));
  }

  class FillHoles extends window.Paged.Handler {
    constructor(chunker, polisher, caller) {
      super(chunker, polisher, caller);
      this.chunker = chunker;
    }

    /**
     * A later pass laid out from the start: the paragraphs and headings the
     * first asked for are set anew before Paged.js reads them (a resumed
     * pass has resume.js set them).
     */
    beforeParsed(content) {
      setAnew(content);
    }

    afterPageLayout(pageElement, page, breakToken) {
      // Again after foot.js, which may have sent notes overleaf since it gave the room back.
      fitNoteArea(pageElement);
      // An article's last page may end short.
      if (!breakToken || !breakToken.node) return;
      // The paragraph the page breaks in is cut at one of its lines: it may not be set anew.
      const node = breakToken.node;
      const cut = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest("p");
      fillPage(pageElement, page.wrapper, (p) => !(cut && p.dataset.ref === cut.dataset.ref));
    }

    /**
     * Once every page is set, a page still short while its document goes
     * on (the lines that would fill it went overleaf with a heading, a
     * note's call or a figure, some only after the page was first laid
     * out) asks for a later pass: see hint().
     */
    afterRendered() {
      // Front and back pages end short by design: only an article's are filled.
      if (!document.body.classList.contains("document-article")) return;
      const pages = this.chunker.pages;
      const lineHeight = bodyLeading(pages);
      if (lineHeight === null) return;
      pages.forEach((page, i) => {
        if (i === pages.length - 1 || !page.wrapper) return;
        const own = settled(page.wrapper);
        const hole = () => emptyLines(page, lineHeight) > MAX_EMPTY_LINES;
        if (!hole()) return;
        // The steps after this file's (foot.js, breaks.js) can leave a page
        // shorter than it was when it was filled: it is filled again, as it
        // stands now. The paragraph going on overleaf stays as it is cut.
        fillPage(page.element, page.wrapper, (p) => !p.hasAttribute("data-split-to"), true);
        if (!hole()) return;
        const room = pageBottom(page.element) - contentBottom(page.wrapper);
        // A page before a figure or table taller than the room left is no
        // hole (finish.js set before it all the text it could): as the
        // verifier counts. Nor is one before lines whose notes could not
        // start in it (measure.js); but lines a later pass gains may let
        // them in, so it asks for one, counted apart from the faults.
        // Only where more lines than a pass gains are needed is it left.
        // One the notes would bar only once lines are gained is a hole now:
        // the text that opens the next page needs those lines even without
        // its notes (a heading and the lines it keeps), and lines given
        // over from the pages before may fill it.
        const next = pages[i + 1];
        const block = next && next.area ? window.galleyLeadBlock(next.area) : null;
        if (block !== null && block / PX_TO_PT > room) return;
        const lead = next && next.area ? window.galleyLeadLines(next.area) : null;
        const barred = notesBar(page, lead, room, 0, lineHeight);
        if (barred && notesBar(page, lead, room, MAX_HINTS_PER_PAGE * lineHeight, lineHeight)) return;
        if (barred) excusedShort();
        else fault(i);
        // Lines gained here and on the pages just before move its text up
        // to let in what went over: not where the next page opens with a
        // figure or table far taller than a line or two gained. A line
        // gained a page or two before moves each page's text up a line on
        // to this one, as each of them breaks inside the text.
        const nearby = [...own, ...pages.slice(Math.max(0, i - UP_PAGES), i).reverse().flatMap((before) => (before.wrapper ? settled(before.wrapper) : []))];
        const tooTall = block !== null && block / PX_TO_PT > room + MAX_HINTS_PER_PAGE * lineHeight;
        const short = linesShort(page, lead, block, room, lineHeight);
        const up = tooTall ? [] : [...this.hint(nearby, TIGHTER, -1, short, asked.up), ...this.closerHeading(next)];
        // Or lines the full pages before give over fill it from above, and
        // what went over stays there, however tall: none unless all it
        // needs are found, since fewer would leave it short still.
        const wanted = emptyLines(page, lineHeight) - MAX_EMPTY_LINES;
        let down = wanted > MAX_PUSH_LINES ? [] : this.hint(fullBefore(pages, i, lineHeight).flatMap((before) => settled(before.wrapper)), LOOSER, +1, wanted, asked.down);
        if (down.length < wanted) down = tooTall ? [] : this.hint(nearby, TIGHTER, -1, short, asked.down);
        asked.up.push(...up);
        asked.down.push(...down);
      });
    }

    /**
     * A heading that opens page `next` (it went over with the lines it
     * keeps) may give up to half its space above, as a book's heads do
     * where a page needs it: named to be set so in a later pass, with the
     * text moved up, it needs that much less room to come back.
     */
    closerHeading(next) {
      const first = next && next.wrapper ? next.wrapper.querySelector(HEADINGS) : null;
      if (!first || next.wrapper.textContent.trim().indexOf(first.textContent.trim()) !== 0) return [];
      const index = indexIn(this.chunker.source, first);
      // finish.js took the margin off at the page's top: the stylesheet's is read.
      const margin = spaceAbove(first);
      return index < 0 || margin === 0 ? [] : [{ index, setting: { marginTop: `${margin / 2}px` } }];
    }

    /**
     * Paragraphs of `paragraphs` (from the foot up) that one of `settings`
     * sets `change` lines longer (+1) or shorter (-1), with no more hyphen
     * runs nor loose lines, up to `wanted` of them, for a later layout
     * pass to set so (see beforeParsed, and resume.js). A paragraph a line
     * longer on a full page before the short one gives its page's last
     * line over, and the short page starts a line earlier in the text; one
     * a line shorter there or on the page before moves its text up a line.
     * None already set anew or in `taken` (named for another page) is named.
     */
    hint(paragraphs, settings, change, wanted, taken) {
      const given = named(taken);
      const usual = median(paragraphs.flatMap(lineSpaces));
      const found = [];
      for (const p of paragraphs) {
        if (found.length === wanted) break;
        const index = indexIn(this.chunker.source, p);
        if (index < 0 || given.has(index)) continue;
        const setting = settingFor(p, settings, change, usual);
        if (setting) found.push({ index, setting });
      }
      return found;
    }
  }

  window.Paged.registerHandlers(FillHoles);
})();
