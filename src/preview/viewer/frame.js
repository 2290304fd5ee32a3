/*
 * Runs in each document's frame of the preview (the server adds it to the
 * document's head, with window.galleyPreview naming the document and the
 * layout scripts). It lays the document out as the build does
 * (runPagedJs in src/render/pagedjs.ts: the same scripts, in the same
 * order, once the page has loaded, and later passes where the first asks
 * for them), then tells the viewer how many pages
 * it made. The viewer answers with the document's place in the issue: its
 * first folio, whether a blank verso stands before it, the contents
 * folios (front matter) and the scale; the frame numbers its pages, sets
 * them out as spreads, and reports its height.
 */
(function () {
  const setup = window.galleyPreview;
  const post = (message) => parent.postMessage(Object.assign({ id: setup.id }, message), location.origin);

  function load(url) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`could not load ${url}`));
      document.head.append(script);
    });
  }

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  /**
   * As the build does (layOutBest in src/render/pagedjs.ts): a document
   * whose first layout left faults that later passes may mend
   * (page-scripts/passes.js) is laid out again with each set of hints its
   * first layout asked for, in turn, until one leaves none; the layout
   * with the fewest faults, then the fewest pages short that the verifier
   * excuses, is kept, the last of equals, and laid out once more if it was
   * not the last. Where the passes stand travels in the address, since
   * each pass loads the document afresh: the build resumes its later
   * passes in place (page-scripts/resume.js), but resumed in this frame,
   * the sample's review-rivers-of-power came out a page longer than the
   * build's, for a reason not yet found (test/e2e/preview.test.ts).
   */
  function nextPass(state) {
    // The best, laid out once more, is kept whatever it leaves.
    if (state && state.final) return null;
    const faults = window.galleyFaults || 0;
    const short = window.galleyShort || 0;
    const asked = window.galleyHints || { up: [], down: [] };
    const passes = state || { queue: [asked.up, asked.down], best: { hints: [], faults, short }, last: [], now: [] };
    const { best } = passes;
    if (state && (faults < best.faults || (faults === best.faults && short <= best.short))) passes.best = { hints: state.now, faults, short };
    passes.last = passes.now;
    // Pages short that the verifier excuses, with no fault left, are worth the first pass alone.
    while ((passes.best.faults > 0 || (passes.best.short > 0 && passes.queue.length === 2)) && passes.queue.length > 0) {
      const hints = passes.queue.shift();
      if (hints.length === 0 || same(hints, passes.last)) continue;
      return Object.assign(passes, { now: hints });
    }
    passes.queue = [];
    return same(passes.best.hints, passes.last) ? null : Object.assign(passes, { now: passes.best.hints, final: true });
  }

  async function layOut() {
    const state = JSON.parse(new URLSearchParams(location.search).get("passes") || "null");
    window.galleyHintsIn = state ? state.now : [];
    for (const url of setup.scripts) await load(url);
    const config = window.PagedConfig;
    if (config.before) await config.before();
    const flow = await window.PagedPolyfill.preview();
    if (config.after) await config.after(flow);
    const next = nextPass(state);
    if (next) {
      const again = new URL(location.href);
      again.searchParams.set("passes", JSON.stringify(next));
      location.replace(again.href);
      return;
    }
    // The viewer's own styles come after layout, so they cannot change it.
    await new Promise((resolve) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = "/viewer/frame.css";
      link.onload = link.onerror = () => resolve();
      document.head.append(link);
    });
    document.documentElement.classList.add("galley-laid-out");
    const pages = document.querySelectorAll(".pagedjs_pages > .pagedjs_page");
    const width = pages.length ? pages[0].offsetWidth : 0;
    post({ type: "laid-out", pageCount: pages.length, pageWidth: width });
  }

  /** Page `folio` sits in its spread's row, versos on the left and rectos on the right. */
  function gridPlace(el, folio, firstShown, labelRow) {
    const spread = Math.floor(folio / 2) - Math.floor(firstShown / 2);
    el.style.gridColumn = folio % 2 === 1 ? "2" : "1";
    el.style.gridRow = String(spread * 2 + (labelRow ? 2 : 1));
  }

  function label(container, folio, firstShown, text) {
    const el = document.createElement("div");
    el.className = "galley-folio-label";
    el.textContent = text;
    gridPlace(el, folio, firstShown, true);
    container.append(el);
  }

  function place(message) {
    const { startFolio, blankBefore, folios, scale } = message;
    let style = document.getElementById("galley-folio");
    if (!style) {
      style = document.createElement("style");
      style.id = "galley-folio";
      document.head.append(style);
    }
    // As the build prints it: Paged.js counts from the reset on .pagedjs_pages.
    style.textContent = `.pagedjs_pages { counter-reset: page ${startFolio - 1}; }`;
    for (const [id, folio] of Object.entries(folios || {})) {
      for (const el of document.querySelectorAll(`[data-folio-for="${CSS.escape(id)}"]`)) el.textContent = folio;
    }
    const container = document.querySelector(".pagedjs_pages");
    if (!container) return;
    for (const old of container.querySelectorAll(".galley-folio-label, .galley-blank")) old.remove();
    const pages = container.querySelectorAll(":scope > .pagedjs_page");
    const first = blankBefore ? startFolio - 1 : startFolio;
    if (blankBefore) {
      const blank = document.createElement("div");
      blank.className = "galley-blank";
      blank.title = "blank verso, added so that the next document opens on a recto";
      gridPlace(blank, startFolio - 1, first, false);
      container.append(blank);
      label(container, startFolio - 1, first, `${startFolio - 1} (blank)`);
    }
    pages.forEach((page, i) => {
      const folio = startFolio + i;
      page.dataset.galleyFolio = String(folio);
      gridPlace(page, folio, first, false);
      label(container, folio, first, String(folio));
    });
    document.documentElement.style.setProperty("--galley-scale", String(scale));
    container.style.zoom = String(scale);
    post({ type: "size", height: Math.ceil(document.documentElement.scrollHeight) });
  }

  window.addEventListener("message", (event) => {
    if (event.source !== parent || !event.data || event.data.type !== "place") return;
    place(event.data);
  });
  window.addEventListener("load", () => {
    layOut().catch((error) => post({ type: "failed", message: error && error.message ? error.message : String(error) }));
  });
})();
