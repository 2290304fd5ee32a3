/*
 * The preview's page. Each document of the issue (front matter, articles,
 * back pages) has a frame of its own, where frame.js lays it out with
 * Paged.js. The server sends a new state over server-sent events on every
 * change: a document whose key changed is laid out again in a new frame
 * that waits, invisible, over the old one and replaces it once laid out,
 * so the page never goes blank and the scroll position stays. Documents
 * nearest the window are laid out first.
 *
 * Folios follow from the page counts as in the build (src/render/schedule.ts):
 * the front matter starts at 1, every other document on the next recto,
 * after a blank verso where needed, and the issue ends on a whole
 * signature (issue.yaml's print.pad-to).
 */
(function () {
  /** Documents laid out at once: more only slow each other down. */
  const AT_ONCE = 2;
  const container = document.getElementById("documents");
  /** Entries in issue order: { id, kind, title, key, wrapper, stage, shown, pending, pageCount, pageWidth, placement }. */
  let entries = [];
  const byId = new Map();
  let padTo = 1;
  let serverMessages = [];
  /** Layout failures reported by frames, by document id. */
  const layoutFailures = new Map();
  /** The messages the designer hid, as text: shown again once they change. */
  let hidden = null;
  document.getElementById("messages-hide").addEventListener("click", () => {
    hidden = document.getElementById("messages-list").textContent;
    document.getElementById("messages").hidden = true;
  });

  const events = new EventSource("/events");
  events.addEventListener("state", (event) => apply(JSON.parse(event.data)));
  events.onerror = () => setStatus("disconnected: is the preview still running?");
  events.onopen = () => update();

  function setStatus(text) {
    document.getElementById("status").textContent = text;
  }

  function apply(state) {
    document.getElementById("issue-title").textContent = state.title || "Galley preview";
    document.title = `${state.title || "Galley"}: preview`;
    padTo = state.padTo;
    serverMessages = state.messages;
    const ids = new Set(state.documents.map((d) => d.id));
    for (const entry of entries) {
      if (!ids.has(entry.id)) {
        entry.wrapper.remove();
        byId.delete(entry.id);
      }
    }
    let previous = null;
    entries = state.documents.map((doc) => {
      let entry = byId.get(doc.id);
      if (!entry) {
        entry = create(doc);
        byId.set(doc.id, entry);
      }
      entry.kind = doc.kind;
      entry.title = doc.title;
      entry.heading.textContent = doc.kind === "front" ? "" : doc.title;
      if (entry.key !== doc.key) {
        entry.key = doc.key;
        // A layout of an older version is no longer wanted.
        if (entry.pending) {
          entry.pending.el.remove();
          entry.pending = null;
        }
      }
      const before = previous ? previous.wrapper.nextSibling : container.firstChild;
      if (before !== entry.wrapper) container.insertBefore(entry.wrapper, before);
      previous = entry;
      return entry;
    });
    update();
  }

  function create(doc) {
    const wrapper = document.createElement("section");
    wrapper.className = "document";
    wrapper.dataset.id = doc.id;
    const heading = document.createElement("h2");
    heading.className = "document-title";
    const stage = document.createElement("div");
    stage.className = "stage";
    wrapper.append(heading, stage);
    return { id: doc.id, kind: doc.kind, title: doc.title, key: null, wrapper, heading, stage, shown: null, pending: null, pageCount: null, pageWidth: 0, placement: null };
  }

  /** Whether the entry's shown or pending frame is the current version, or being laid out. */
  const upToDate = (entry) => (entry.pending ? entry.pending.key === entry.key : entry.shown !== null && entry.shown.key === entry.key);

  function distanceFromWindow(entry) {
    const box = entry.wrapper.getBoundingClientRect();
    if (box.bottom < 0) return -box.bottom;
    if (box.top > innerHeight) return box.top - innerHeight;
    return 0;
  }

  /** Starts laying out the documents that need it, nearest the window first. */
  function pump() {
    const laying = entries.filter((e) => e.pending && !e.pending.laidOut);
    let busy = laying.length;
    const waiting = entries.filter((e) => !upToDate(e)).sort((a, b) => distanceFromWindow(a) - distanceFromWindow(b));
    // What the designer is looking at first, with the machine to itself.
    let inView = laying.some((e) => distanceFromWindow(e) === 0);
    for (const entry of waiting) {
      if (busy >= AT_ONCE || (inView && distanceFromWindow(entry) > 0)) break;
      const el = document.createElement("iframe");
      el.className = "pending";
      el.title = entry.title;
      el.src = `/doc/${encodeURIComponent(entry.id)}?v=${entry.key}`;
      entry.pending = { el, key: entry.key, laidOut: false, sent: null };
      entry.stage.append(el);
      busy++;
      if (distanceFromWindow(entry) === 0) inView = true;
    }
  }

  /** Each document's first folio and blank verso, from the page counts before it. */
  function placeAll() {
    let end = 0;
    let known = true;
    for (const entry of entries) {
      if (!known || entry.pageCount === null) {
        known = false;
        entry.placement = null;
        continue;
      }
      const start = end === 0 ? 1 : end % 2 === 0 ? end + 1 : end + 2;
      entry.placement = { startFolio: start, blankBefore: start !== end + 1 };
      end = start + entry.pageCount - 1;
    }
    const folios = {};
    for (const entry of entries) if (entry.placement && entry.kind !== "front") folios[entry.id] = String(entry.placement.startFolio);
    const width = Math.max(...entries.map((e) => e.pageWidth), 1);
    const scale = Math.min(1, Math.max(0.2, (container.clientWidth - 32) / (2 * width)));
    for (const entry of entries) {
      if (!entry.placement) continue;
      const message = { type: "place", ...entry.placement, folios: entry.kind === "front" && known ? folios : {}, scale: Number(scale.toFixed(3)) };
      const text = JSON.stringify(message);
      for (const frame of [entry.shown, entry.pending]) {
        if (frame && frame.laidOut && frame.sent !== text) {
          frame.sent = text;
          frame.sized = false;
          frame.el.contentWindow.postMessage(message, location.origin);
        }
      }
    }
    return known ? end : null;
  }

  function update() {
    pump();
    const end = placeAll();
    const total = end === null ? null : Math.ceil(end / padTo) * padTo;
    document.getElementById("page-count").textContent = total === null ? "…" : String(total);
    const padding = document.getElementById("padding");
    padding.hidden = total === null || total === end;
    if (total !== null && total !== end) {
      padding.textContent = `${end + 1 === total ? `Page ${total} is` : `Pages ${end + 1}–${total} are`} left blank, to end on a whole signature of ${padTo}.`;
    }
    showMessages();
    const settled = entries.every((e) => !e.pending && e.shown && e.shown.key === e.key && e.shown.sized);
    const ready = settled && total !== null;
    document.body.dataset.state = ready ? "ready" : "busy";
    const laying = entries.filter((e) => e.pending).length;
    setStatus(laying ? `laying out ${laying} document${laying === 1 ? "" : "s"}…` : "up to date");
  }

  function showMessages() {
    const list = [
      ...serverMessages,
      ...[...layoutFailures].map(([id, message]) => ({ severity: "error", text: `${id}: layout failed: ${message}` })),
    ];
    const panel = document.getElementById("messages");
    const text = list.map((m) => m.text).join("");
    panel.hidden = list.length === 0 || text === hidden;
    if (panel.hidden) return;
    hidden = null;
    const errors = list.filter((m) => m.severity === "error").length;
    panel.classList.toggle("warnings-only", errors === 0);
    const others = list.length - errors;
    document.getElementById("messages-title").textContent =
      (errors ? `${errors} error${errors === 1 ? "" : "s"}` : "") +
      (errors && others ? ", " : "") +
      (others ? `${others} warning${others === 1 ? "" : "s"} or note${others === 1 ? "" : "s"}` : "") +
      (errors ? ": the pages show the last version without errors" : "");
    const ol = document.getElementById("messages-list");
    ol.replaceChildren(
      ...list.map((m) => {
        const li = document.createElement("li");
        li.className = m.severity;
        li.textContent = m.text;
        return li;
      }),
    );
  }

  function frameOf(source) {
    for (const entry of entries) {
      for (const frame of [entry.pending, entry.shown]) if (frame && frame.el.contentWindow === source) return { entry, frame };
    }
    return null;
  }

  window.addEventListener("message", (event) => {
    if (event.origin !== location.origin) return;
    const found = frameOf(event.source);
    if (!found) return;
    const { entry, frame } = found;
    const data = event.data;
    if (data.type === "laid-out") {
      frame.laidOut = true;
      entry.pageCount = data.pageCount;
      entry.pageWidth = data.pageWidth;
      layoutFailures.delete(entry.id);
    } else if (data.type === "size") {
      frame.el.style.height = `${data.height}px`;
      frame.sized = true;
      if (frame === entry.pending) {
        // Laid out and placed: it takes the old frame's place.
        entry.shown?.el.remove();
        frame.el.className = "";
        entry.shown = frame;
        entry.pending = null;
      }
    } else if (data.type === "failed") {
      layoutFailures.set(entry.id, data.message);
      if (frame === entry.pending) {
        frame.el.remove();
        entry.pending = null;
        // Shown as failed until the next change: not tried again at once.
        if (!entry.shown) entry.shown = { el: document.createElement("div"), key: entry.key, laidOut: false, sized: true, sent: null };
        else entry.shown.key = entry.key;
      }
    }
    update();
  });

  let resizing;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(update, 150);
  });
})();
