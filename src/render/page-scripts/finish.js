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
 * Second, pull quotes, figures and tables (with their captions) float.
 * Each may stand later than where the manuscript put it: when Paged.js's
 * walk reaches one that would not fit in what is left of the page (it
 * would push it over and leave a hole), it moves in the source to after
 * the next paragraph, and the text goes on in its place. It is tried
 * again there, and so on until it fits or no paragraph follows. A block
 * taller than a page is left where it is, to be split. A pull quote also
 * moves on when the page or the page before holds one, and never comes
 * to stand next to the paragraph it quotes; when no paragraph is left to
 * move past, it is left out and named in data-left-out (inspect.js reports
 * it, render/left-out.ts tells the editor).
 */
(function () {
  const { pageBottom, contentBottom } = window.galleyText;
  const QUOTE = "pullquote";
  const FLOATS = ".pullquote, figure, table, .table-caption";
  const CAPTION = "table-caption";
  /** Pages between two quotes of one article: at least one page without. */
  const QUOTE_DISTANCE = 2;
  /**
   * The least a figure with no text left to set in its place is scaled to,
   * to stand on the page its article's text ends on: its lettering stays
   * legible, and the picture no smaller than a designer would set it.
   */
  const MIN_FIGURE_SCALE = 0.8;

  /**
   * Whether nothing with content stands before `el` on its page: no
   * earlier sibling of it or of its ancestors holds text or a picture
   * that is shown (a pull quote left out keeps its text, hidden).
   * Called for every element set, so it walks the tree, not the layout.
   */
  function firstOnPage(el, wrapper) {
    for (let at = el; at && at !== wrapper; at = at.parentNode) {
      for (let before = at.previousSibling; before; before = before.previousSibling) {
        if (before.nodeType === Node.ELEMENT_NODE && before.style.display === "none") continue;
        if (before.textContent.trim() !== "") return false;
        if (before.nodeType === Node.ELEMENT_NODE && (before.matches("img, svg, table, hr, figure") || before.querySelector("img, svg, table, hr, figure"))) return false;
      }
    }
    return true;
  }

  const isCaption = (el) => el !== null && el.classList.contains(CAPTION);

  /** The elements that move as one: a caption brings its table. */
  const unit = (block) => (isCaption(block) && block.nextElementSibling ? [block, block.nextElementSibling] : [block]);

  const letters = (text) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

  /** Whether `quote` repeats words of paragraph `p`. */
  function quotes(quote, p) {
    return p !== null && quote.classList.contains(QUOTE) && letters(p.textContent).includes(letters(quote.textContent).slice(0, 60));
  }

  /**
   * The height `block` would take at the end of the page, margins
   * included: set hidden in its parent's copy on the page and measured.
   */
  function blockHeight(block, wrapper) {
    const ref = block.parentElement && block.parentElement.dataset.ref;
    const parent = (ref && wrapper.querySelector(`[data-ref="${ref}"]`)) || wrapper;
    let height = 0;
    const trials = unit(block).map((el) => {
      const trial = el.cloneNode(true);
      trial.style.visibility = "hidden";
      parent.append(trial);
      return trial;
    });
    for (const trial of trials) {
      const style = getComputedStyle(trial);
      height += trial.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
    }
    for (const trial of trials) trial.remove();
    return height;
  }

  /**
   * Sets the picture of `figure` smaller by `excess` pixels, and so the
   * figure, where that leaves it at least MIN_FIGURE_SCALE of its height.
   * A full-bleed figure keeps its size: it is set to the sheet's edges.
   */
  function shrinkToFit(figure, excess, wrapper) {
    const img = figure.matches(".figure:not(.full-bleed)") ? figure.querySelector("img") : null;
    if (!img) return;
    const trial = figure.cloneNode(true);
    trial.style.visibility = "hidden";
    wrapper.append(trial);
    const height = trial.querySelector("img").getBoundingClientRect().height;
    trial.remove();
    // A pixel more: the room is measured to the pixel, the block's height to a fraction.
    const target = height - excess - 1;
    if (target < MIN_FIGURE_SCALE * height) return;
    img.style.maxHeight = `${target}px`;
  }

  const nextParagraph = (el) => {
    let next = el && el.nextElementSibling;
    while (next && next.tagName !== "P") next = next.nextElementSibling;
    return next;
  };

  /**
   * The paragraph after which `block` goes when it moves on: the next one,
   * or for a pull quote the next not next to the paragraph it quotes.
   */
  function destination(block) {
    let after = nextParagraph(unit(block).at(-1));
    while (after && (isCaption(after) || quotes(block, after) || quotes(block, nextParagraph(after)))) after = nextParagraph(after);
    return after;
  }

  /** Moves `block` in the source to its destination, if it has one. */
  function defer(block) {
    const after = destination(block);
    if (after) after.after(...unit(block));
  }

  /**
   * Takes `block` out of the flow where the walker stands: its content
   * goes to a copy set later (see defer), and the block stays behind
   * empty and hidden, so Paged.js's walk goes on to what follows it.
   */
  function moveOn(block) {
    const after = destination(block);
    if (!after) return;
    const moved = block.cloneNode(false);
    moved.append(...block.childNodes);
    for (const el of [moved, ...moved.querySelectorAll("*")]) el.dataset.ref = crypto.randomUUID();
    const rest = isCaption(block) && block.nextElementSibling ? [block.nextElementSibling] : [];
    block.style.display = "none";
    after.after(moved, ...rest);
  }

  class FinishRules extends window.Paged.Handler {
    constructor(chunker, polisher, caller) {
      super(chunker, polisher, caller);
      this.lastQuotePage = -Infinity;
      this.page = null;
      /** The last page known to hold something set on it. */
      this.filledPage = -1;
    }

    /** A pull quote set by the manuscript next to the paragraph it quotes moves on at once. */
    beforeParsed(content) {
      for (const quote of content.querySelectorAll("." + QUOTE)) {
        if (quotes(quote, quote.previousElementSibling) || quotes(quote, quote.nextElementSibling)) defer(quote);
      }
    }

    beforePageLayout(page) {
      this.page = page;
    }

    /**
     * Called for each source node as the walk reaches it, before it is set:
     * everything before a floating block is on the page by then.
     */
    layoutNode(node) {
      if (node.nodeType !== Node.ELEMENT_NODE || !node.matches(FLOATS) || !this.page) return;
      if (node.tagName === "TABLE" && isCaption(node.previousElementSibling)) return;
      // Left out when the walk reached it on a page that then broke before
      // it: it is looked at afresh on the page it now starts.
      if (node.dataset.leftOut) {
        delete node.dataset.leftOut;
        node.style.display = "";
      }
      const pageEl = this.page.element;
      const wrapper = pageEl.querySelector(".pagedjs_page_content");
      if (!wrapper) return;
      const index = this.chunker.pages.length - 1;
      const top = wrapper.getBoundingClientRect().top;
      const bottom = pageBottom(pageEl);
      const used = contentBottom(wrapper);
      // Text set past the foot already breaks this page: the block would
      // stand overleaf after it, and is looked at again there.
      const overflowing = used > bottom;
      const landsOn = overflowing ? index + 1 : index;
      if (node.classList.contains(QUOTE) && landsOn - this.lastQuotePage < QUOTE_DISTANCE) {
        if (destination(node)) return moveOn(node);
        // No place left a page from the others: a pull quote repeats the
        // text, so it is left out (and reported) rather than crowded in.
        node.style.display = "none";
        node.dataset.leftOut = `pullquote-${node.dataset.line}`;
        return;
      }
      // Nothing set yet: the page top is where a block belongs.
      if (overflowing || used <= top + 1) return;
      const height = blockHeight(node, wrapper);
      // Taller than a whole text block, notes or none, it could stand nowhere whole.
      const full = wrapper.getBoundingClientRect().bottom - top;
      if (height <= bottom - used || height > full) return;
      if (destination(node)) return moveOn(node);
      // No text is left to set in its place: a figure a little too tall
      // for the room is set smaller there, rather than leave the page
      // short and stand overleaf alone.
      shrinkToFit(node, height - (bottom - used), wrapper);
    }

    renderNode(clone) {
      if (clone.nodeType !== Node.ELEMENT_NODE) return;
      const wrapper = clone.closest(".pagedjs_page_content");
      if (!wrapper) return;
      const index = this.chunker.pages.length - 1;
      // An opening page's sink above the title is the template's design, not a margin left over.
      // Only until the page holds something: after that, nothing set on it comes first.
      if (this.filledPage !== index) {
        if (index > 0 && firstOnPage(clone, wrapper) && parseFloat(getComputedStyle(clone).marginTop) > 0) clone.style.marginTop = "0";
        const shown = clone.style.display !== "none";
        if (shown && (clone.textContent.trim() !== "" || clone.matches("img, svg, table, hr, figure"))) this.filledPage = index;
      }
      if (clone.classList.contains(QUOTE) && clone.style.display !== "none") this.lastQuotePage = index;
    }
  }

  window.Paged.registerHandlers(FinishRules);
})();
