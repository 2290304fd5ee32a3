/*
 * Runs in the page, after passes.js and before the handlers of the files
 * after it (see scripts.ts), so that it marks each page before they begin
 * it: a later pass of a document laid out again from the page before the
 * first element it sets anew, not from the first page. Shared as
 * window.galleyResume; render/pagedjs.ts calls it.
 *
 * Paged.js lays out forward only, so the pages before that one come out
 * the same in every pass: they are kept, and its chunker resumes from the
 * break that opened the page (its own `render(source, breakToken)`, the
 * way it goes on after an overflow). What the first layout changed after
 * that point is taken back first:
 * - Paged.js's source, which lines.js, paragraph.js and finish.js edit as
 *   they set it: every change is journalled (a MutationObserver) and
 *   undone, last first, to where it stood when the page was begun;
 * - the state each handler, Paged.js's and Galley's, keeps from page to
 *   page (the last pull quote's page, the running heads' strings, the
 *   counters reset): its fields, copied as each page begins;
 * - the faults counted (passes.js), and the chunker's measure of how much
 *   text to set before looking for a page's break (varied seed 2: kept
 *   from the first layout, it moved a pull quote a page).
 * A page that opens with notes carried over from the one before is not
 * resumed from (Paged.js holds them as laid-out copies): the page before
 * it is, and so on up to the first page, which needs no break to begin
 * from. Only a document first laid out with no settings is resumed; a
 * later pass that cannot be (an element it names was not set) is laid
 * out from the start, the page loaded afresh.
 */
(function () {
  /** The handlers Paged.js made for this document, its own and Galley's. */
  const handlers = [];
  /** Each page's state as it was begun, by the page's index. */
  const marks = [];
  /** The source's changes, in order. */
  const journal = [];
  /** The elements a resumed pass set anew, with their inline style before. */
  const styled = new Map();
  let observer = null;
  /** Each element's first page in the first layout, by data-ref; read at the first resume. */
  let firstPages = null;
  /** The earliest page a resumed pass began on: the pages before it are the first layout's. */
  let since = Infinity;

  // Every handler is made from this list when Paged.js starts (after all
  // page scripts have run): each is made a subclass that records its instance.
  const config = (window.PagedConfig = window.PagedConfig || {});
  const before = config.before;
  let recording = false;
  config.before = async function () {
    // Paged.js's polyfill calls `before` when the page is ready, and runPagedJs again.
    if (!recording) recordHandlers();
    if (before) await before();
  };
  function recordHandlers() {
    recording = true;
    const list = window.Paged.registeredHandlers;
    list.forEach((Handler, i) => {
      list[i] = class extends Handler {
        constructor(...args) {
          super(...args);
          handlers.push(this);
        }
      };
    });
  }

  // Notes carried over are queued in Paged.js's footnote handler, which
  // sets them before any of Galley's handlers sees the page.
  const Footnotes = window.Paged.registeredHandlers.find((Handler) => Handler.prototype && typeof Handler.prototype.moveFootnote === "function");
  const setCarried = Footnotes.prototype.beforePageLayout;
  Footnotes.prototype.beforePageLayout = function (page, ...rest) {
    page.galleyCarried = this.needsLayout.length;
    return setCarried.call(this, page, ...rest);
  };

  const isPlain = (value) => value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;
  /** A copy one level deep: what a handler changes in place (a list, a map of strings) is not shared with the copy. */
  const copy = (value) =>
    Array.isArray(value) ? value.slice() : value instanceof Map ? new Map(value) : value instanceof Set ? new Set(value) : isPlain(value) ? { ...value } : value;

  /** Reads the observer's pending records into the journal. */
  function flush() {
    if (observer) journal.push(...observer.takeRecords());
  }

  function undo(record) {
    const { target } = record;
    if (record.type === "characterData") target.data = record.oldValue;
    else if (record.type === "attributes") {
      if (record.oldValue === null) target.removeAttributeNS(record.attributeNamespace, record.attributeName);
      else target.setAttributeNS(record.attributeNamespace, record.attributeName, record.oldValue);
    } else {
      for (const node of record.addedNodes) if (node.parentNode === target) target.removeChild(node);
      for (const node of record.removedNodes) target.insertBefore(node, record.nextSibling);
    }
  }

  class ResumePoints extends window.Paged.Handler {
    afterParsed(parsed) {
      if ((window.galleyHintsIn || []).length > 0) return;
      // Records are handed to the callback as the page's microtasks run, and to takeRecords() until then.
      observer = new MutationObserver((records) => journal.push(...records));
      observer.observe(parsed, { subtree: true, childList: true, attributes: true, attributeOldValue: true, characterData: true, characterDataOldValue: true });
    }

    beforePageLayout(page, content, breakToken, chunker) {
      if (!observer) return;
      flush();
      // The token is read when resuming: breaks.js may still correct it in place before the page is set.
      marks[chunker.pages.indexOf(page)] = {
        token: breakToken && breakToken.node ? breakToken : null,
        carried: page.galleyCarried || 0,
        journal: journal.length,
        fields: handlers.map((handler) => Object.entries(handler).map(([key, value]) => [key, copy(value)])),
        counts: [window.galleyFaults, window.galleyFaultPage, window.galleyShort, window.galleyHints.up.length, window.galleyHints.down.length],
        // Paged.js gives every page after the first the length the first measured (Page.layout sets settings.maxChars once).
        chars: [chunker.charsPerBreak.slice(), chunker.maxChars, chunker.settings.maxChars],
      };
    }
  }

  /** Each laid-out element's first page, by data-ref. */
  function pagesOf(pages) {
    const first = new Map();
    pages.forEach((page, i) => {
      if (!page.wrapper) return;
      for (const el of page.wrapper.querySelectorAll("[data-ref]")) if (!first.has(el.dataset.ref)) first.set(el.dataset.ref, i);
    });
    return first;
  }

  /**
   * The page to resume from for `elements`: the one before the first they
   * start on, or the nearest before it that opens with no notes carried
   * over; -1 where an element was not set at all.
   */
  function resumePage(elements) {
    let from = since;
    for (const el of elements) {
      const page = firstPages.get(el.dataset.ref);
      if (page === undefined) return -1;
      from = Math.min(from, page - 1);
    }
    // With nothing set anew, the last page is laid out again.
    from = Math.max(Math.min(from, marks.length - 1), 0);
    // The first page opens the document: it needs no break to begin from.
    while (from > 0 && (!marks[from] || !marks[from].token || marks[from].carried > 0)) from--;
    return marks[from] ? from : -1;
  }

  /** Takes the source, the handlers and the counts back to where they stood when page `from` was begun. */
  function rewind(from) {
    const mark = marks[from];
    flush();
    for (let i = journal.length - 1; i >= mark.journal; i--) undo(journal[i]);
    observer.takeRecords();
    journal.length = mark.journal;
    marks.length = from;
    handlers.forEach((handler, i) => {
      const fields = new Map(mark.fields[i]);
      // A field first set after the page was begun (StringSets' pageLastString) goes too.
      for (const key of Object.keys(handler)) if (!fields.has(key)) delete handler[key];
      for (const [key, value] of fields) handler[key] = copy(value);
    });
    const [faults, faultPage, short, up, down] = mark.counts;
    window.galleyFaults = faults;
    window.galleyFaultPage = faultPage;
    window.galleyShort = short;
    window.galleyHints.up.length = up;
    window.galleyHints.down.length = down;
    return mark;
  }

  /** Sets the source's elements as `hints` say, and those an earlier resumed pass set back as they were; not journalled. */
  function setAnew(order, hints) {
    for (const [el, style] of styled) {
      if (style === null) el.removeAttribute("style");
      else el.setAttribute("style", style);
    }
    for (const { index, setting } of hints) {
      const el = order[index];
      if (!el) continue;
      if (!styled.has(el)) styled.set(el, el.getAttribute("style"));
      Object.assign(el.style, setting);
    }
    observer.takeRecords();
    window.galleyHintsIn = hints;
  }

  /**
   * Lays the document out again with `hints` (see passes.js), from the
   * page before the first element they, or an earlier resumed pass, set
   * anew. Resolves to what the layout asks and left, as a layout from the
   * start does; null when it cannot resume, and nothing has changed.
   */
  async function relayout(hints) {
    const chunker = window.PagedPolyfill && window.PagedPolyfill.chunker;
    if (!observer || !chunker) return null;
    const order = window.galleyPasses.order();
    if (!firstPages) firstPages = pagesOf(chunker.pages);
    const elements = [...styled.keys(), ...hints.map(({ index }) => order[index]).filter(Boolean)];
    const from = resumePage(elements);
    if (from < 0) return null;
    const mark = rewind(from);
    setAnew(order, hints);
    since = from;
    [chunker.charsPerBreak, chunker.maxChars, chunker.settings.maxChars] = [mark.chars[0].slice(), mark.chars[1], mark.chars[2]];
    chunker.removePages(from);
    chunker.start();
    // As Paged.js's own flow() does, from here on.
    let rendered = await chunker.render(chunker.source, mark.token ? new mark.token.constructor(mark.token.node, mark.token.offset) : undefined);
    while (rendered.canceled) {
      chunker.start();
      rendered = await chunker.render(chunker.source, chunker.breakToken);
    }
    chunker.rendered = true;
    chunker.pagesArea.style.setProperty("--pagedjs-page-count", chunker.total);
    await chunker.hooks.afterRendered.trigger(chunker.pages, chunker);
    return { hints: window.galleyHints, faults: window.galleyFaults, faultPage: window.galleyFaultPage, short: window.galleyShort, from };
  }

  window.galleyResume = { relayout };
  window.Paged.registerHandlers(ResumePoints);
})();
