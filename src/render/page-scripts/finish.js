/*
 * Runs in the page, added after Paged.js (see scripts.ts): the layout
 * rules of the pages' finish that are decided while a page is filled
 * (docs/typography.md).
 *
 * First, space above an element is space between it and what precedes it
 * on the page. At the top of a page nothing precedes it, and a heading or
 * a pull quote that kept its margin there set the page's first line
 * 13–22 pt below the text block's top. CSS fragmentation truncates such
 * margins at a break; Paged.js does not, so this handler does it for each
 * element that comes first on its page.
 *
 * Second, pull quotes, figures and tables float. Each may stand later
 * than where the manuscript put it: when it would not fit in what is left
 * of the page (Paged.js would push it over and leave a hole) it moves in
 * the source to after the next paragraph, and the text goes on in its
 * place. It is tried again there, and so on until it fits or the article
 * ends. A block taller than a page is left where it is, to be split. A
 * pull quote also moves on when the page or the page before holds one,
 * and never comes to stand next to the paragraph it quotes.
 */
(function () {
  const QUOTE = "pullquote";
  const FLOATS = ".pullquote, figure, table";
  /** Pages between two quotes of one article: at least one page without. */
  const QUOTE_DISTANCE = 2;

  /** Whether nothing with content stands before `el` on its page. */
  function firstOnPage(el, wrapper) {
    const range = document.createRange();
    range.setStart(wrapper, 0);
    range.setEndBefore(el);
    if (range.toString().trim() !== "") return false;
    return !range.cloneContents().querySelector("img, svg, table, hr, figure");
  }

  /** The floating block that follows `node` in the source, if one does. */
  function floatAfter(node) {
    let next = node.nextSibling;
    while (next && next.nodeType === Node.TEXT_NODE && next.textContent.trim() === "") next = next.nextSibling;
    return next && next.nodeType === Node.ELEMENT_NODE && next.matches(FLOATS) ? next : null;
  }

  const letters = (text) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

  /** Whether `quote` repeats words of paragraph `p`. */
  function quotes(quote, p) {
    return p !== null && quote.classList.contains(QUOTE) && letters(p.textContent).includes(letters(quote.textContent).slice(0, 60));
  }

  /** Where the page's text must end: above its notes, if it has any. */
  function pageBottom(pageEl) {
    const content = pageEl.querySelector(".pagedjs_page_content").getBoundingClientRect().bottom;
    const notes = pageEl.querySelector(".pagedjs_footnote_area");
    if (!notes) return content;
    const box = notes.getBoundingClientRect();
    return box.height > 0 ? Math.min(content, box.top) : content;
  }

  /** The height `block` would take after `clone`, margins included, measured on the page itself. */
  function blockHeight(block, clone) {
    const trial = block.cloneNode(true);
    trial.style.visibility = "hidden";
    clone.after(trial);
    const style = getComputedStyle(trial);
    const height = trial.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
    trial.remove();
    return height;
  }

  const nextParagraph = (el) => {
    let next = el && el.nextElementSibling;
    while (next && next.tagName !== "P") next = next.nextElementSibling;
    return next;
  };

  /**
   * Moves `block` in the source to after the next paragraph, with what
   * stands between; a pull quote goes on past the paragraph it quotes.
   */
  function defer(block) {
    let after = nextParagraph(block);
    while (after && (quotes(block, after) || quotes(block, nextParagraph(after)))) after = nextParagraph(after);
    if (after) after.after(block);
  }

  class FinishRules extends window.Paged.Handler {
    constructor(chunker, polisher, caller) {
      super(chunker, polisher, caller);
      this.lastQuotePage = -Infinity;
    }

    /** A pull quote set by the manuscript next to the paragraph it quotes moves on at once. */
    beforeParsed(content) {
      for (const quote of content.querySelectorAll("." + QUOTE)) {
        if (quotes(quote, quote.previousElementSibling) || quotes(quote, quote.nextElementSibling)) defer(quote);
      }
    }

    renderNode(clone, node) {
      if (clone.nodeType !== Node.ELEMENT_NODE) return;
      const pageEl = clone.closest(".pagedjs_page");
      const wrapper = clone.closest(".pagedjs_page_content");
      if (!pageEl || !wrapper) return;
      const index = this.chunker.pages.length - 1;
      // An opening page's sink above the title is the template's design, not a margin left over.
      if (index > 0 && parseFloat(getComputedStyle(clone).marginTop) > 0 && firstOnPage(clone, wrapper)) clone.style.marginTop = "0";
      if (clone.classList.contains(QUOTE)) this.lastQuotePage = index;
      const block = floatAfter(node);
      if (!block) return;
      const left = pageBottom(pageEl) - clone.getBoundingClientRect().bottom;
      // Text that does not fit breaks this page anyway: the block follows it overleaf.
      if (left < 0) return;
      const crowded = block.classList.contains(QUOTE) && index - this.lastQuotePage < QUOTE_DISTANCE;
      if (crowded) return defer(block);
      const height = blockHeight(block, clone);
      const page = pageBottom(pageEl) - wrapper.getBoundingClientRect().top;
      if (height > left && height <= page) defer(block);
    }
  }

  window.Paged.registerHandlers(FinishRules);
})();
