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
 * The foot of each page is settled after these repairs, in foot.js, which
 * uses the helpers this file shares as window.galleyBreaks.
 */
(function () {
  const { blockOf, wordStart, endsInHyphen, wholeWord } = window.galleyWords;
  const LETTER = /[\p{L}\p{M}\p{N}]/u;
  const HYPHEN = "-";
  const SOFT_HYPHEN = "\u00ad";

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

  /** Sets again the hyphens takeOffHyphens took off, where a break stays. */
  function putBackHyphens(taken) {
    for (const node of taken) {
      node.textContent += HYPHEN;
      node.parentElement.classList.add("pagedjs_hyphen");
    }
  }

  /**
   * Moves the page's break to the start of the word that ends `node`, if a
   * space stands before it. Returns whether it did.
   */
  function breakBeforeWord(page, breakToken, chunker, node) {
    const start = wordStart(node);
    if (start === null) return false;
    const range = document.createRange();
    if (start.offset > 0) range.setStart(start.node, start.offset);
    else {
      // A word that opens an element goes over with the element: a range
      // from the start of its text would leave the element empty on the
      // page, and Paged.js's removeOverflow hyphenates an empty text node
      // (hyphenateAtBreak tests its missing last letter, undefined, as the
      // word "undefined"), printing a lone hyphen.
      let first = start.node;
      while (first.parentNode !== blockOf(start.node) && first.parentNode.firstChild === first) first = first.parentNode;
      range.setStartBefore(first);
    }
    range.setEndAfter(page.wrapper.lastChild);
    const token = breakTokenAt(range, page, chunker);
    if (!token || !token.node) return false;
    page.layoutMethod.removeOverflow(range);
    breakToken.node = token.node;
    breakToken.offset = token.offset;
    return true;
  }

  /**
   * The break token for a range that starts in a text node. Paged.js
   * finds the text node's counterpart in the source as the first text
   * node of the parent that contains the rendered text: for " The ob-"
   * after a note call, that was the paragraph's earlier " The observers
   * of the Gulf…", and for "/coastal" in an address that names two coastal
   * things, the first; the next page started there, printing lines twice.
   * The counterpart is looked for after the rendered node's nearest
   * earlier sibling that has one (a call's anchor, an address's <wbr>),
   * as the source has them in the same order. Used for Galley's own
   * breaks and, through onBreakToken, for Paged.js's.
   */
  function breakTokenAt(range, page, chunker) {
    return correctToken(page.layoutMethod.createBreakToken(range, page.wrapper, chunker.source), range, chunker.source);
  }

  /** `token`, made from `range`, pointed at the right counterpart of the text node `range` starts in (see breakTokenAt). */
  function correctToken(token, range, source) {
    let node = range.startContainer;
    let offset = range.startOffset;
    if (node.nodeType === Node.ELEMENT_NODE) {
      node = node.childNodes[offset];
      offset = 0;
    }
    if (!token || !token.node || !node || node.nodeType !== Node.TEXT_NODE) return token;
    let before = node.previousSibling;
    while (before && !(before.nodeType === Node.ELEMENT_NODE && before.dataset.ref)) before = before.previousSibling;
    const anchor = before && source.querySelector(`[data-ref="${before.dataset.ref}"]`);
    const parent = token.node.nodeType === Node.TEXT_NODE ? token.node.parentNode : token.node;
    if (!anchor || (anchor.parentNode !== token.node.parentNode && anchor.parentNode !== parent)) return token;
    for (let at = anchor.nextSibling; at; at = at.nextSibling) {
      if (at.nodeType !== Node.TEXT_NODE || !at.textContent.includes(node.textContent)) continue;
      if (at === token.node) return token;
      return new token.constructor(at, at.textContent.indexOf(node.textContent) + offset);
    }
    return token;
  }

  /**
   * The text node of a lone soft hyphen that stands just before where
   * `overflow` starts, at the start of a line set by paragraph.js; or null.
   */
  function softHyphenBefore(overflow) {
    const { startContainer: at, startOffset } = overflow;
    const first = at.nodeType === Node.TEXT_NODE ? at : at.childNodes[startOffset];
    if (!first || (at.nodeType === Node.TEXT_NODE && startOffset > 0)) return null;
    const line = first.nodeType === Node.ELEMENT_NODE && first.hasAttribute("data-line-of") ? first : first.parentElement && first.parentElement.closest("[data-line-of]");
    if (!line) return null;
    const range = document.createRange();
    range.setStart(line, 0);
    range.setEndBefore(first);
    if (range.toString() !== "") return null;
    const before = line.previousSibling;
    return before && before.nodeType === Node.TEXT_NODE && before.textContent === SOFT_HYPHEN ? before : null;
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

  /** Whether anything with text stands before `el` on the page. */
  function contentBefore(el, root) {
    const range = document.createRange();
    range.setStart(root, 0);
    range.setEndBefore(el);
    return range.toString().trim() !== "";
  }

  /**
   * Where `el`, going over whole, starts: before the headings just above
   * it, which are kept with it (break-after: avoid), so none is left alone
   * at the foot.
   */
  function withHeadings(el) {
    let first = el;
    while (first.previousElementSibling && first.previousElementSibling.matches(window.galleyPasses.HEADINGS)) first = first.previousElementSibling;
    return first;
  }

  /** The element of Paged.js's source that `el`, set on the page, was copied from. */
  const sourceOf = (el, chunker) => chunker.source.querySelector(`[data-ref="${el.dataset.ref}"]`);

  class PageBreakRepairs extends window.Paged.Handler {
    constructor(chunker, polisher, caller) {
      super(chunker, polisher, caller);
      this.chunker = chunker;
      chunker.settings.hyphenGlyph = HYPHEN;
    }

    /** Paged.js's own breaks, pointed at the right text node (see breakTokenAt). */
    onBreakToken(breakToken, overflow) {
      if (!breakToken || !overflow) return undefined;
      const corrected = correctToken(breakToken, overflow, this.chunker.source);
      return corrected === breakToken ? undefined : corrected;
    }

    onOverflow(overflow) {
      // note-room.js found that what is set fits after all.
      if (!overflow || overflow.galleyFits) return undefined;
      // A paragraph broken as a whole (paragraph.js) keeps a soft hyphen
      // between two lines in a text node of its own: the break is set
      // after it, where Paged.js looks for one to draw the hyphen.
      const shy = softHyphenBefore(overflow);
      if (shy) {
        overflow.setStart(shy, shy.textContent.length);
        return overflow;
      }
      if (overflow.startContainer.nodeType !== Node.TEXT_NODE) return undefined;
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
    }

    rebreak(page, breakToken, chunker) {
      if (!page || !page.layoutMethod || !breakToken || !breakToken.node) return;
      const bounds = page.area.getBoundingClientRect();
      if (!page.layoutMethod.findOverflow(page.wrapper, bounds)) return;
      // Paged.js maps rendered text back to the source by content; the
      // hyphen it added at the old break is not in the source, so take it
      // off, and the lines foot.js set anew go back into their paragraph.
      window.galleyParagraph.unsetPageParts(page.wrapper);
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
          if (taken.length) breakBeforeWord(page, breakToken, chunker, taken[taken.length - 1]);
        }
        return;
      }
      if (fresh.node && !fresh.equals(breakToken)) {
        breakToken.node = fresh.node;
        breakToken.offset = fresh.offset;
      }
    }
  }

  window.galleyBreaks = { takeOffHyphens, putBackHyphens, breakBeforeWord, breakTokenAt, lastText, contentBefore, endsInHyphen, wholeWord, withHeadings, sourceOf };
  window.Paged.registerHandlers(PageBreakRepairs);
})();
