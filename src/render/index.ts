/**
 * The render stage: composed HTML documents in, one PDF per document out,
 * numbered as they will stand in the issue (Paged.js in headless Chromium).
 */
export { ensureBrowser, findBrowser } from "./browser.js";
export { engineFingerprint, killAllBrowsers, LayoutCrashError, LayoutEngine, LayoutTimeoutError, type LaidOutDocument } from "./engine.js";
export { KEPT_PAGES, nextRecto, renderDocuments, scaledTimeout } from "./schedule.js";
export { Renderer, type RendererOptions } from "./renderer.js";
export { reportLeftOut } from "./left-out.js";
