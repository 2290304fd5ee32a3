/**
 * The render stage: composed HTML documents in, one PDF per document out,
 * numbered as they will stand in the issue (Paged.js in headless Chromium).
 */
export { BrowserNotFoundError, ensureBrowser, findBrowser } from "./browser.js";
export { BrowserStartError } from "./chromium.js";
export { LayoutEngine, type EngineOptions } from "./engine.js";
export { KEPT_PAGES, KeptPages } from "./kept-pages.js";
export { reapStaleProfiles } from "./profile.js";
export { engineFingerprint } from "./scripts.js";
export { Renderer, type RendererOptions } from "./renderer.js";
export { reportLeftOut, reportLeftOutQuotes } from "./left-out.js";
export { scaledTimeout } from "./queue.js";
export { renderDocuments, type RenderOptions } from "./schedule.js";
export { LayoutCrashError, LayoutTimeoutError, type LaidOutDocument } from "./types.js";
