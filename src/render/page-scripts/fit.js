/*
 * Runs in the page, added after Paged.js (see scripts.ts).
 *
 * A template marks an element that must stay on one page, such as the
 * cover, with data-fit-page, and the entries in it that may be left out,
 * such as the cover's list of articles, with data-fit-entry="<id>". When
 * the element would run on to the next page, the entries that do not fit
 * (with the bottom margin of their list) are left out, from the last one
 * back, and the layout goes on after the element. The element records
 * what it left out in data-left-out, which inspect.js reports, so the
 * build can say so and the verifier does not look for those entries.
 */
(function () {
  /**
   * The first node after `node` in document order, outside it, that is not
   * white space (a break at white space would start the next page with an
   * empty line, or an empty page); null at the end.
   */
  function after(node) {
    for (let at = node; at; at = at.parentNode) {
      for (let next = at.nextSibling; next; next = next.nextSibling) {
        if (next.nodeType === Node.ELEMENT_NODE || (next.nodeType === Node.TEXT_NODE && next.textContent.trim())) return next;
      }
    }
    return null;
  }

  class FitToPage extends window.Paged.Handler {
    afterPageLayout(pageElement, page, breakToken) {
      if (!breakToken || !breakToken.node) return;
      const broken = breakToken.node.nodeType === Node.ELEMENT_NODE ? breakToken.node : breakToken.node.parentElement;
      const source = broken && broken.closest("[data-fit-page]");
      const box = source && pageElement.querySelector(`[data-ref="${source.dataset.ref}"]`);
      const next = source && after(source);
      if (!box || !next) return;
      const bottom = box.getBoundingClientRect().bottom;
      const entries = [...box.querySelectorAll("[data-fit-entry]")];
      const fits = () => {
        const list = entries.length ? entries[entries.length - 1].parentElement : null;
        if (!list) return true;
        const margin = parseFloat(getComputedStyle(list).marginBottom) || 0;
        return list.getBoundingClientRect().bottom + margin <= bottom + 0.5;
      };
      while (entries.length && !fits()) entries.pop().remove();
      const kept = new Set(entries.map((entry) => entry.dataset.fitEntry));
      const leftOut = [...source.querySelectorAll("[data-fit-entry]")].map((e) => e.dataset.fitEntry).filter((id) => !kept.has(id));
      box.dataset.leftOut = leftOut.join(" ");
      // Go on after the element: what is left of it is not laid out.
      breakToken.node = next;
      breakToken.offset = 0;
    }
  }

  window.Paged.registerHandlers(FitToPage);
})();
