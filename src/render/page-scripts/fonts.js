/*
 * Runs in the page before Paged.js lays it out (added after Paged.js by
 * runPagedJs in engine.ts, which calls PagedConfig.before). With unicode-range
 * subsets, the browser loads a font file only when text first needs it. A
 * face first needed on page 40 would load in the middle of the layout and
 * change the metrics of pages already laid out. Loading every face first
 * keeps the metrics fixed from the first page to the last. Pictures are
 * given their proportions for the same reason.
 */
(function () {
  const config = (window.PagedConfig = window.PagedConfig || {});
  const before = config.before;
  config.before = async function () {
    await Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined)));
    await document.fonts.ready;
    // Each picture keeps its proportions before it is decoded again: the
    // copies Paged.js sets on the pages decode on their own time, and one
    // laid out before it has a size grows past its page's foot afterwards
    // (seen with an SVG figure carrying its fonts, under load). The page has
    // loaded, so every image's own size is known here.
    for (const img of document.images) {
      const { naturalWidth: width, naturalHeight: height } = img;
      if (!(width > 0 && height > 0) || img.style.aspectRatio) continue;
      img.style.aspectRatio = `${width} / ${height}`;
      // And its width, as the browser would size it decoded (its own width,
      // narrowed to keep within the template's max-height; max-width still
      // applies): a copy not yet decoded has no width of its own, so a page
      // script measuring it mid-layout saw it at another size than the PDF.
      // An attribute, so a width the stylesheets set (a full-bleed
      // figure's) still wins.
      const maxHeight = parseFloat(getComputedStyle(img).maxHeight);
      if (!img.hasAttribute("width")) img.setAttribute("width", String(Number.isFinite(maxHeight) ? Math.min(width, (maxHeight * width) / height) : width));
    }
    if (before) await before();
  };
})();
