/*
 * Runs in the page, added after Paged.js and breaks.js (see scripts.ts).
 *
 * The foot of each page is settled as a book is set
 * (docs/typography.md): a page does not end on a hyphen, a paragraph does
 * not leave its last line alone at the top of the next page (a widow) nor
 * its first line alone at the foot of this one (an orphan). The page gives
 * up its last line, or the whole paragraph, to the next page instead: a
 * page a line short is the lesser fault.
 *
 * A note is set at the foot of its call's page, if only its first lines
 * (footnote-policy: auto): see keepNotesWithCalls.
 */
(function () {
  const { takeOffHyphens, putBackHyphens, breakBeforeWord, breakTokenAt, lastText, contentBefore, endsInHyphen, wholeWord, withHeadings, sourceOf } = window.galleyBreaks;
  const { lineCount, lineStart, lineWordSpaces, median, fitNoteArea, emptyAfter, leavesHole, MAX_EMPTY_LINES, KEEP_LINES, LOOSE } = window.galleyText;
  const { HEADINGS, fault } = window.galleyPasses;
  const { PARAGRAPH, restLines, askForWidow } = window.galleyWidows;
  /** A page's last line is set anew from this share of a loose line's word space, and no line may be wider after. */
  const NEAR = 0.9;

  /** The source paragraph the page breaks inside, if it breaks inside one. */
  function sourceParagraph(breakToken) {
    const node = breakToken.node;
    return (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest(PARAGRAPH);
  }

  /** Whether `range` holds the call of a note that Paged.js split over the page's foot (see moveOver). */
  function carriesSplitNote(page, range) {
    const notes = page.element.querySelector(".pagedjs_footnote_area");
    if (!notes) return false;
    return [...range.cloneContents().querySelectorAll("[data-footnote-call]")].some((call) => {
      const note = notes.querySelector(`[data-ref="${call.dataset.footnoteCall}"]`);
      return note !== null && note.dataset.lastSplitElement === "true";
    });
  }

  class FootRules extends window.Paged.Handler {
    /**
     * The notes Paged.js queued for this page whose calls are no longer
     * set (keepNotesWithCalls sent them over with their line) are taken
     * out again: Paged.js sets a note whole when it sets its call, unless
     * it finds it on the page already. So the rest of a note split over
     * the page before goes with its first part, and the notes stand in
     * the order of their calls.
     */
    beforePageLayout(page) {
      for (const note of page.element.querySelectorAll(".pagedjs_footnote_area [data-note]")) {
        if (!document.querySelector(`[data-footnote-call="${CSS.escape(note.dataset.ref)}"]`)) note.remove();
      }
    }

    afterPageLayout(pageElement, page, breakToken, chunker) {
      // The room Paged.js kept for notes that went overleaf is measured as the text's.
      fitNoteArea(pageElement);
      this.settleFoot(page, breakToken, chunker);
      this.keepNotesWithCalls(page, breakToken, chunker);
      this.shareSlack(page, breakToken);
    }

    /**
     * A note is set at the foot of its call's page, if only its first
     * lines (footnote-policy: auto). When even the first line finds no
     * room, Paged.js sends the whole note overleaf and leaves its call
     * here; the call's line then goes overleaf too. The note Paged.js
     * queued for the next page is set there first, and the call, set
     * again, finds it (Paged.js does not set a note twice).
     *
     * At the end of the text there is no next page to send lines to:
     * Paged.js gives the note a page of its own (its footnote handler's
     * clonePage). The call's lines are carried onto that page with it.
     */
    keepNotesWithCalls(page, breakToken, chunker) {
      const notePage = breakToken ? null : chunker.pages[chunker.pages.length - 1];
      if (breakToken ? !breakToken.node : !notePage || notePage === page) return;
      const move = (range, token) => (notePage ? this.carryOver(page, notePage, range) : this.moveOver(page, breakToken, chunker, range, token));
      const notes = page.element.querySelector(".pagedjs_footnote_area");
      const call = [...page.wrapper.querySelectorAll("[data-footnote-call]")].find(
        (c) => !(notes && notes.querySelector(`[data-ref="${c.dataset.footnoteCall}"]`)),
      );
      const fragment = call && call.closest(PARAGRAPH);
      if (!fragment) return;
      let start = lineStart(fragment, { before: call });
      if (!start) return;
      // The call's line ending the text would stand alone on the note's page: the line before goes with it.
      const last = lineStart(fragment);
      if (notePage && !start.first && last && last.node === start.node && last.offset === start.offset && lineCount(fragment) >= 4) {
        start = lineStart(fragment, { before: call, n: 2 }) || start;
      }
      const range = document.createRange();
      range.setEndAfter(page.wrapper.lastChild);
      const startsHere = !fragment.hasAttribute("data-split-from");
      // The call's line going over would leave the paragraph's first line
      // alone at the foot (an orphan): the paragraph goes over whole, unless
      // only that would leave the page short by more than the verifier
      // excuses there. It goes over for its note, so the page may stand
      // short by two lines and the two the paragraph's first would take
      // without the note (verify/finish.ts checkHole).
      const previous = !start.first && startsHere ? lineStart(fragment, { before: call, n: 2 }) : null;
      if (previous && previous.first) {
        const short = (from, spare) => {
          const rest = document.createRange();
          rest.setStart(from.node, from.offset);
          rest.setEndAfter(page.wrapper.lastChild);
          return leavesHole(page, rest, fragment, spare);
        };
        if (!short(previous, KEEP_LINES) || short(wholeWord(start), 0)) start = previous;
      }
      if (start.first && startsHere && contentBefore(withHeadings(fragment), page.wrapper)) {
        range.setStartBefore(withHeadings(fragment));
        if (notePage && carriesSplitNote(page, range)) return;
        move(range, { node: sourceOf(withHeadings(fragment), chunker), offset: 0 });
        return;
      }
      if (start.first && !contentBefore(fragment, page.wrapper)) return;
      const { node, offset } = wholeWord(start);
      range.setStart(node, offset);
      if (notePage && carriesSplitNote(page, range)) return;
      const taken = takeOffHyphens(page.wrapper);
      if (!move(range, notePage ? null : breakTokenAt(range, page, chunker))) putBackHyphens(taken);
    }

    /**
     * Moves what `range` holds, the end of the text, to the top of
     * `notePage`; returns whether it did. Not when it holds a call whose
     * note stays on this page. A paragraph cut in two is marked as Paged.js
     * marks one (its Splits handler, on the note page, marks this half).
     */
    carryOver(page, notePage, range) {
      const notes = page.element.querySelector(".pagedjs_footnote_area");
      const calls = [...range.cloneContents().querySelectorAll("[data-footnote-call]")];
      if (calls.some((c) => notes && notes.querySelector(`[data-ref="${c.dataset.footnoteCall}"]`))) return false;
      const container = range.startContainer.nodeType === Node.TEXT_NODE ? range.startContainer.parentElement : range.startContainer;
      const cut = container.closest(PARAGRAPH);
      const moved = range.extractContents();
      const rest = cut && moved.querySelector(`[data-ref="${cut.dataset.ref}"]`);
      if (rest) rest.dataset.splitFrom = cut.dataset.ref;
      (notePage.wrapper || notePage.createWrapper()).append(moved);
      return true;
    }

    /**
     * Sends what `range` holds overleaf, the next page starting at `token`;
     * returns whether it did.
     * Not when it holds the call of a note split over the page's foot:
     * Paged.js has queued the note's rest for the next page already, and
     * the call set again there would find that rest and not set the note.
     */
    moveOver(page, breakToken, chunker, range, token) {
      if (!token || !token.node) return false;
      breakToken.node = token.node;
      breakToken.offset = token.offset;
      // Not layoutMethod.removeOverflow: it would hyphenate the text left before the break.
      const removed = range.extractContents();
      // Notes whose calls went over go with them (Paged.js's footnote handler).
      chunker.hooks.afterOverflowRemoved.trigger(removed, page.wrapper, page.layoutMethod);
      return true;
    }

    /**
     * Sends the last lines of `fragment`, the page's last paragraph, overleaf
     * whole, as few as will do (up to MAX_EMPTY_LINES): the line before
     * them must not end in a hyphen, and a paragraph that starts on this
     * page keeps two lines here or goes over entire. Returns whether it did.
     */
    giveLines(page, breakToken, chunker, fragment, source) {
      const lines = lineCount(fragment);
      const startsHere = !fragment.hasAttribute("data-split-from");
      const lineHeight = parseFloat(getComputedStyle(fragment).lineHeight) || 16;
      for (let give = 1; give <= MAX_EMPTY_LINES && give <= lines; give++) {
        const range = document.createRange();
        range.setEndAfter(page.wrapper.lastChild);
        let token;
        if (give === lines) {
          if (!startsHere || !contentBefore(withHeadings(fragment), page.wrapper)) return false;
          range.setStartBefore(withHeadings(fragment));
          token = { node: sourceOf(withHeadings(fragment), chunker), offset: 0 };
        } else {
          if (startsHere && lines - give < 2) continue;
          const start = lineStart(fragment, { n: give });
          if (!start || endsInHyphen(fragment, start)) continue;
          range.setStart(start.node, start.offset);
        }
        if (emptyAfter(page, range, fragment) > MAX_EMPTY_LINES * lineHeight + lineHeight / 2) return false;
        if (carriesSplitNote(page, range)) continue;
        return this.moveOver(page, breakToken, chunker, range, token || breakTokenAt(range, page, chunker));
      }
      return false;
    }

    /**
     * Where the page breaks inside a paragraph whose last line there came
     * out loose, its lines on the page are set anew as a whole, to share
     * the room out (setPagePart). A word sent overleaf so the page does not
     * end in a hyphen (settleFoot), or with a note's call (keepNotesWithCalls),
     * leaves that line short, and Chromium justifies it loose. Done once
     * the page's break is settled: the lines then stand in spans Paged.js
     * cannot map back to its source.
     */
    shareSlack(page, breakToken) {
      if (!breakToken || !breakToken.node) return;
      const last = lastText(page.wrapper);
      const fragment = last && last.parentElement.closest(PARAGRAPH);
      const source = sourceParagraph(breakToken);
      if (!fragment || !source || source.dataset.ref !== fragment.dataset.ref || fragment.querySelector("[data-line-of]")) return;
      // Its last line is justified once Paged.js marks it split, when the next page is laid out.
      const align = fragment.style.textAlignLast;
      fragment.style.textAlignLast = "justify";
      const lines = lineWordSpaces(fragment);
      fragment.style.textAlignLast = align;
      if (lines.length < 2) return;
      // The fragment's other lines tell the page's usual word space.
      const usual = median(lines.slice(0, -1));
      if (lines[lines.length - 1] <= LOOSE * usual * NEAR) return;
      // Where the margin leaves no setting, one just short of loose is still far better than the line left as it is.
      if (!window.galleyParagraph.setPagePart(fragment, { widest: LOOSE * usual * NEAR })) window.galleyParagraph.setPagePart(fragment, { widest: LOOSE * usual });
    }

    /** Moves the page's last line, or its last paragraph's start, overleaf: see the header. */
    settleFoot(page, breakToken, chunker) {
      if (!breakToken || !breakToken.node) return;
      const last = lastText(page.wrapper);
      // A heading the page breaks after (the lines it keeps did not fit)
      // goes over with them, whatever room it leaves.
      const heading = last && last.parentElement.closest(HEADINGS);
      if (heading && !heading.contains(breakToken.node) && contentBefore(withHeadings(heading), page.wrapper)) {
        const range = document.createRange();
        range.setStartBefore(withHeadings(heading));
        range.setEndAfter(page.wrapper.lastChild);
        this.moveOver(page, breakToken, chunker, range, { node: sourceOf(withHeadings(heading), chunker), offset: 0 });
        return;
      }
      const fragment = last && last.parentElement.closest(PARAGRAPH);
      // Paged.js marks a fragment data-split-to only once the next page is laid out: ask the token.
      const source = sourceParagraph(breakToken);
      if (!fragment || !source || source.dataset.ref !== fragment.dataset.ref) return;
      const pagedHyphen = last.parentElement.closest(".pagedjs_hyphen") !== null;
      if (pagedHyphen || /\p{L}-$/u.test(last.textContent)) {
        // The page must not end on a hyphen. Its last lines go over whole,
        // where that leaves the page no more than two lines short; otherwise
        // the word goes over whole, and the page's lines of the paragraph
        // are set anew to share the room it leaves (shareSlack), which
        // Chromium would leave on its one line, loose.
        const taken = pagedHyphen ? takeOffHyphens(page.wrapper) : [];
        if (this.giveLines(page, breakToken, chunker, fragment, source)) return;
        if (!breakBeforeWord(page, breakToken, chunker, last)) putBackHyphens(taken);
        return;
      }
      const lines = lineCount(fragment);
      const startsHere = !fragment.hasAttribute("data-split-from");
      const widow = restLines(fragment, breakToken, source) === 1;
      let give = widow ? 1 : 0;
      if (startsHere && lines - give < 2 && (give > 0 || lines < 2)) give = lines;
      if (give === 0) return;
      const range = document.createRange();
      range.setEndAfter(page.wrapper.lastChild);
      if (give < lines) {
        const start = lineStart(fragment);
        if (!start || start.first) return;
        const { node, offset } = wholeWord(start);
        range.setStart(node, offset);
      } else {
        // The whole paragraph goes over, unless nothing would be left here.
        if (!startsHere || !contentBefore(withHeadings(fragment), page.wrapper)) return;
        range.setStartBefore(withHeadings(fragment));
      }
      // A page left more than two lines short is a worse fault than the
      // widow or orphan. A widow so left asks for its paragraph a line
      // shorter or longer in a later pass (widows.js).
      const lineHeight = parseFloat(getComputedStyle(fragment).lineHeight) || 16;
      if (emptyAfter(page, range, fragment) > MAX_EMPTY_LINES * lineHeight + lineHeight / 2) {
        fault(chunker.pages.indexOf(page));
        if (widow) askForWidow(fragment, source, chunker.source);
        return;
      }
      if (carriesSplitNote(page, range)) return;
      const token = give < lines ? breakTokenAt(range, page, chunker) : { node: sourceOf(withHeadings(fragment), chunker), offset: 0 };
      this.moveOver(page, breakToken, chunker, range, token);
    }
  }

  window.Paged.registerHandlers(FootRules);
})();
