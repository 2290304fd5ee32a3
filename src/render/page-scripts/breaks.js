/*
 * Runs in the page, added after Paged.js (runPagedJs in engine.ts).
 *
 * When the last line on a page ends at a soft hyphen, Paged.js measures the
 * break one letter late: "pre-|sumptively" is cut as "pres|umptively", and
 * the hyphen it adds is U+2011, which text faces rarely have, so it comes
 * from a system font. This handler moves such a break back to the soft
 * hyphen the browser actually broke the line at, and makes the added
 * hyphen an ordinary one.
 *
 * Second, on footnote-heavy pages the text of a laid-out page can grow
 * after its break was found (measured: between the page's afterPageLayout
 * and the next page's beforePageLayout). The end of its text is pushed
 * into an overflow column that is never printed, while the next page
 * starts from the old break: that text is lost. Before and after each page
 * this handler looks for such overflow and, if there is any, moves it to
 * the next page by correcting the break token in place. (Paged.js's own
 * footnote handler takes back the notes whose calls move with it.)
 *
 * Third, Paged.js watches each laid-out page with a ResizeObserver and, if
 * it grows while later pages are laid out, stops the layout and drops the
 * pages after it without laying them out again. Observers report only
 * when the browser renders a frame, which the front tab of the window does
 * and the others do not (see tick.js), so the same document could come
 * out differently in different tabs. The repairs above deal with pages
 * that grow; this handler removes Paged.js's watchers from each page once
 * it is laid out, in every tab alike.
 *
 * Fourth, the foot of each page is settled as a book is set
 * (docs/typography.md): a page does not end on a hyphen, a paragraph does
 * not leave its last line alone at the top of the next page (a widow) nor
 * its first line alone at the foot of this one (an orphan). The page gives
 * up its last line, or the whole paragraph, to the next page instead: a
 * page a line short is the lesser fault.
 */
(function () {
  const LETTER = /[\p{L}\p{M}\p{N}]/u;
  const HYPHEN = "-";
  const SOFT_HYPHEN = "\u00ad";

  const PARAGRAPH = "p, li";
  /** Body lines a page may be left short at its foot. */
  const MAX_EMPTY_LINES = 2;

  /**
   * The space that would stand empty at the page's foot if `range` went
   * overleaf: what is empty now, the lines taken, and the notes whose calls
   * go with them.
   */
  function emptyAfter(page, range, fragment) {
    const pageEl = page.element;
    const content = pageEl.querySelector(".pagedjs_page_content").getBoundingClientRect();
    const notesArea = pageEl.querySelector(".pagedjs_footnote_area");
    const notesBox = notesArea && notesArea.getBoundingClientRect();
    const bottom = notesBox && notesBox.height > 0 ? Math.min(content.bottom, notesBox.top) : content.bottom;
    const rects = [...range.getClientRects()].filter((r) => r.height > 0);
    const top = rects.length ? Math.min(...rects.map((r) => r.top)) : fragment.getBoundingClientRect().bottom;
    let notes = 0;
    const calls = range.cloneContents().querySelectorAll("[data-footnote-call]");
    for (const call of calls) {
      const note = notesArea && notesArea.querySelector(`[data-ref="${call.dataset.footnoteCall}"]`);
      if (note) notes += note.getBoundingClientRect().height;
    }
    return bottom - top + notes;
  }

  /** The last text node of the page's flow (not its notes) that holds more than spaces. */
  function lastText(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let last = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.textContent.trim() !== "" && !n.parentElement.closest(".pagedjs_footnote_area, [data-note]")) last = n;
    }
    return last;
  }

  /** How many lines an element's text is set on: its boxes grouped by their middles. */
  function lineCount(el) {
    const range = document.createRange();
    range.selectNodeContents(el);
    const middles = [];
    for (const rect of range.getClientRects()) {
      if (rect.width === 0 || rect.height === 0) continue;
      const middle = (rect.top + rect.bottom) / 2;
      if (!middles.some((m) => Math.abs(m - middle) < rect.height / 2)) middles.push(middle);
    }
    return middles.length;
  }

  /** Text nodes of `el`'s own flow, in order (notes set inside it left out). */
  function textNodes(el) {
    const nodes = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement.closest("[data-note]")) nodes.push(n);
    return nodes;
  }

  /**
   * Where a line of `el` starts, as {node, offset, first}: the last line,
   * or the line holding the text just before `before`. `first` says it is
   * the first line of `el` on the page.
   */
  function lineStart(el, before = null) {
    const range = document.createRange();
    const nodes = textNodes(el).filter((n) => !before || n.compareDocumentPosition(before) & Node.DOCUMENT_POSITION_FOLLOWING);
    let lineTop = null;
    let start = null;
    for (let k = nodes.length - 1; k >= 0; k--) {
      const node = nodes[k];
      for (let i = node.textContent.length - 1; i >= 0; i--) {
        if (/\s/.test(node.textContent[i])) continue;
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (rect.height === 0) continue;
        if (lineTop === null) lineTop = rect.top;
        else if (rect.bottom <= lineTop + 1) return { ...start, first: false };
        start = { node, offset: i };
      }
    }
    return start && { ...start, first: true };
  }

  /** The source paragraph the page breaks inside, if it breaks inside one. */
  function sourceParagraph(breakToken) {
    const node = breakToken.node;
    return (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest(PARAGRAPH);
  }

  /** Lines the rest of a split paragraph will take overleaf, set in a hidden copy on this page. */
  function restLines(fragment, breakToken, source) {
    const node = breakToken.node;
    const range = document.createRange();
    range.setStart(node, breakToken.offset || 0);
    range.setEndAfter(source.lastChild);
    const trial = fragment.cloneNode(false);
    trial.removeAttribute("data-split-to");
    trial.setAttribute("data-split-from", fragment.dataset.ref);
    trial.style.visibility = "hidden";
    trial.append(range.cloneContents());
    for (const note of trial.querySelectorAll("[data-note]")) note.remove();
    fragment.after(trial);
    const lines = lineCount(trial);
    trial.remove();
    return lines;
  }

  /**
   * Takes off the hyphens Paged.js added at a break, and returns the text
   * nodes they ended. Paged.js maps rendered text back to the source by
   * content, and the hyphen is not in the source.
   */
  function takeOffHyphens(root) {
    const taken = [];
    for (const hyphenated of root.querySelectorAll(".pagedjs_hyphen")) {
      const last = hyphenated.lastChild;
      if (last && last.nodeType === Node.TEXT_NODE && last.textContent.endsWith(HYPHEN)) {
        last.textContent = last.textContent.slice(0, -HYPHEN.length);
        taken.push(last);
      }
      hyphenated.classList.remove("pagedjs_hyphen");
    }
    return taken;
  }

  /** Whether anything with text stands before `el` on the page. */
  function contentBefore(el, root) {
    const range = document.createRange();
    range.setStart(root, 0);
    range.setEndBefore(el);
    return range.toString().trim() !== "";
  }

  class PageBreakRepairs extends window.Paged.Handler {
    constructor(chunker, polisher, caller) {
      super(chunker, polisher, caller);
      chunker.settings.hyphenGlyph = HYPHEN;
    }

    onOverflow(overflow) {
      if (!overflow || overflow.startContainer.nodeType !== Node.TEXT_NODE) return undefined;
      const node = overflow.startContainer;
      const text = node.textContent;
      let i = overflow.startOffset;
      if (i === 0 || !LETTER.test(text[i - 1]) || !LETTER.test(text[i] || "")) return undefined;
      while (i > 0 && LETTER.test(text[i - 1])) i--;
      if (i === 0 || text[i - 1] !== "\u00ad") return undefined;
      overflow.setStart(node, i);
      return overflow;
    }

    beforePageLayout(page, content, breakToken, chunker) {
      this.rebreak(chunker.pages[page.position - 1], breakToken, chunker);
    }

    afterPageLayout(pageElement, page, breakToken, chunker) {
      page.removeListeners();
      this.rebreak(page, breakToken, chunker);
      this.settleFoot(page, breakToken, chunker);
      this.keepNotesWithCalls(page, breakToken, chunker);
    }

    /**
     * A note is set at the foot of its call's page, if only its first
     * lines (footnote-policy: auto). When even the first line finds no
     * room, Paged.js sends the whole note overleaf and leaves its call
     * here; the call's line then goes overleaf too. The note Paged.js
     * queued for the next page is set there first, and the call, set
     * again, finds it (Paged.js does not set a note twice).
     */
    keepNotesWithCalls(page, breakToken, chunker) {
      if (!breakToken || !breakToken.node) return;
      const notes = page.element.querySelector(".pagedjs_footnote_area");
      const call = [...page.wrapper.querySelectorAll("[data-footnote-call]")].find(
        (c) => !(notes && notes.querySelector(`[data-ref="${c.dataset.footnoteCall}"]`)),
      );
      const fragment = call && call.closest(PARAGRAPH);
      if (!fragment) return;
      const start = lineStart(fragment, call);
      if (!start) return;
      const range = document.createRange();
      range.setEndAfter(page.wrapper.lastChild);
      const startsHere = !fragment.hasAttribute("data-split-from");
      if (start.first && startsHere && contentBefore(fragment, page.wrapper)) {
        range.setStartBefore(fragment);
        this.moveOver(page, breakToken, chunker, range, { node: chunker.source.querySelector(`[data-ref="${fragment.dataset.ref}"]`), offset: 0 });
        return;
      }
      if (start.first && !contentBefore(fragment, page.wrapper)) return;
      range.setStart(start.node, start.offset);
      takeOffHyphens(page.wrapper);
      this.moveOver(page, breakToken, chunker, range, page.layoutMethod.createBreakToken(range, page.wrapper, chunker.source));
    }

    /** Sends what `range` holds overleaf, the next page starting at `token`. */
    moveOver(page, breakToken, chunker, range, token) {
      if (!token || !token.node) return;
      breakToken.node = token.node;
      breakToken.offset = token.offset;
      // Not layoutMethod.removeOverflow: it would hyphenate the text left before the break.
      const removed = range.extractContents();
      // Notes whose calls went over go with them (Paged.js's footnote handler).
      chunker.hooks.afterOverflowRemoved.trigger(removed, page.wrapper, page.layoutMethod);
    }

    /** Moves the page's last line, or its last paragraph's start, overleaf: see the header. */
    settleFoot(page, breakToken, chunker) {
      if (!breakToken || !breakToken.node) return;
      const last = lastText(page.wrapper);
      const fragment = last && last.parentElement.closest(PARAGRAPH);
      // Paged.js marks a fragment data-split-to only once the next page is laid out: ask the token.
      const source = sourceParagraph(breakToken);
      if (!fragment || !source || source.dataset.ref !== fragment.dataset.ref) return;
      if (last.parentElement.closest(".pagedjs_hyphen")) {
        // The word goes over whole; the line it leaves is justified like any other.
        takeOffHyphens(page.wrapper);
        this.breakBeforeWord(page, breakToken, chunker, last);
        return;
      }
      if (/\p{L}-$/u.test(last.textContent)) {
        this.breakBeforeWord(page, breakToken, chunker, last);
        return;
      }
      const lines = lineCount(fragment);
      const startsHere = !fragment.hasAttribute("data-split-from");
      let give = restLines(fragment, breakToken, source) === 1 ? 1 : 0;
      if (startsHere && lines - give < 2 && (give > 0 || lines < 2)) give = lines;
      if (give === 0) return;
      const range = document.createRange();
      range.setEndAfter(page.wrapper.lastChild);
      if (give < lines) {
        const start = lineStart(fragment);
        if (!start || start.first) return;
        range.setStart(start.node, start.offset);
      } else {
        // The whole paragraph goes over, unless nothing would be left here.
        if (!startsHere || !contentBefore(fragment, page.wrapper)) return;
        range.setStartBefore(fragment);
      }
      // A page left more than two lines short is a worse fault than the widow or orphan.
      const lineHeight = parseFloat(getComputedStyle(fragment).lineHeight) || 16;
      if (emptyAfter(page, range, fragment) > MAX_EMPTY_LINES * lineHeight + lineHeight / 2) return;
      const token = give < lines ? page.layoutMethod.createBreakToken(range, page.wrapper, chunker.source) : { node: source, offset: 0 };
      this.moveOver(page, breakToken, chunker, range, token);
    }

    /** Moves the page's break to the start of the word that ends `node`, if a space stands before it. */
    breakBeforeWord(page, breakToken, chunker, node) {
      const text = node.textContent;
      let i = text.length;
      // A compound broken at its own hyphen goes over from its first part.
      if (text.endsWith(HYPHEN)) i--;
      while (i > 0 && (LETTER.test(text[i - 1]) || text[i - 1] === SOFT_HYPHEN)) i--;
      if (i === 0 || !/\s/.test(text[i - 1])) return;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEndAfter(page.wrapper.lastChild);
      const token = page.layoutMethod.createBreakToken(range, page.wrapper, chunker.source);
      if (!token || !token.node) return;
      page.layoutMethod.removeOverflow(range);
      breakToken.node = token.node;
      breakToken.offset = token.offset;
    }

    rebreak(page, breakToken, chunker) {
      if (!page || !page.layoutMethod || !breakToken || !breakToken.node) return;
      const bounds = page.area.getBoundingClientRect();
      if (!page.layoutMethod.findOverflow(page.wrapper, bounds)) return;
      // Paged.js maps rendered text back to the source by content; the
      // hyphen it added at the old break is not in the source, so take it off.
      const taken = takeOffHyphens(page.wrapper);
      const fresh = page.layoutMethod.findBreakToken(page.wrapper, chunker.source, bounds, undefined, true);
      if (!fresh) {
        // The page fits only without its hyphen, and would end "negotia"
        // with none. Set the hyphen again, in an element of its own so the
        // text still matches the source, and break again: the word goes
        // back to an earlier soft hyphen, or whole to the next page.
        const marks = taken.map((last) => {
          const mark = document.createElement("span");
          mark.textContent = HYPHEN;
          last.parentNode.insertBefore(mark, last.nextSibling);
          return mark;
        });
        const earlier = page.layoutMethod.findBreakToken(page.wrapper, chunker.source, bounds, undefined, true);
        if (earlier && earlier.node && !earlier.equals(breakToken)) {
          breakToken.node = earlier.node;
          breakToken.offset = earlier.offset;
        } else {
          // No earlier break was found, and a hyphen kept here has been
          // seen to push the word's last letters off a page that grew once
          // more: the word goes whole to the next page instead.
          for (const mark of marks) mark.remove();
          if (taken.length) this.breakBeforeWord(page, breakToken, chunker, taken[taken.length - 1]);
        }
        return;
      }
      if (fresh.node && !fresh.equals(breakToken)) {
        breakToken.node = fresh.node;
        breakToken.offset = fresh.offset;
      }
    }
  }

  window.Paged.registerHandlers(PageBreakRepairs);
})();
