/*
 * Runs in the page before Paged.js is added (runPagedJs in engine.ts).
 * Paged.js lays out one page per task of its queue and starts each task on
 * requestAnimationFrame, so every page waits for the next frame: measured, a
 * third of a 12-page article's layout was the renderer sitting idle. Layout
 * never depends on a frame being painted (Paged.js measures with
 * getBoundingClientRect, which lays out on the spot), so the next task runs
 * as soon as the current one ends, through a message channel (setTimeout
 * would be clamped to 4 ms once nested).
 *
 * Paged.js's only other use of frames, its pages' ResizeObservers, is
 * switched off in breaks.js. The browser's own requestAnimationFrame is
 * kept as window.galleyFrame.
 */
(function () {
  const waiting = new Map();
  let last = 0;
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => {
    const callback = waiting.get(event.data);
    waiting.delete(event.data);
    if (callback) callback(performance.now());
  };
  window.galleyFrame = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = function (callback) {
    const id = ++last;
    waiting.set(id, callback);
    channel.port2.postMessage(id);
    return id;
  };
  window.cancelAnimationFrame = function (id) {
    waiting.delete(id);
  };
})();
