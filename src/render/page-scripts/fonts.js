/*
 * Runs in the page before Paged.js lays it out (added after Paged.js by
 * runPagedJs in engine.ts, which calls PagedConfig.before). With unicode-range
 * subsets, the browser loads a font file only when text first needs it. A
 * face first needed on page 40 would load in the middle of the layout and
 * change the metrics of pages already laid out. Loading every face first
 * keeps the metrics fixed from the first page to the last.
 */
(function () {
  const config = (window.PagedConfig = window.PagedConfig || {});
  const before = config.before;
  config.before = async function () {
    await Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined)));
    await document.fonts.ready;
    if (before) await before();
  };
})();
