/**
 * A composed document as the preview serves it. The build's HTML names
 * fonts, stylesheets and figures by `file:` URL, which a page served over
 * HTTP may not load; here they become `/fs/…` paths on the preview server,
 * which serves only files inside the folders a build may read (files.ts).
 * The layout scripts are the build's own, in the build's order, started by
 * the viewer's frame script instead of the engine.
 */
import { pathToFileURL } from "node:url";
import { SCRIPT_ORDER } from "../render/scripts.js";

/** The server's path for a local file, as a URL path. */
export function servedPath(file: string): string {
  return `/fs${pathToFileURL(file).pathname}`;
}

/** `file:///a/b` → `/fs/a/b`, wherever the HTML names a local file. */
export function localUrlsServed(html: string): string {
  return html.replace(/file:\/\/(\/[^"'()\s<>]*)/g, "/fs$1");
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

export function previewHtml(html: string, id: string): string {
  const setup =
    `<script>window.PagedConfig = { auto: false }; ` +
    `window.galleyPreview = ${scriptJson({ id, scripts: SCRIPT_ORDER.map(servedPath) })};</script>\n` +
    `<script src="/viewer/frame.js"></script>\n`;
  const served = localUrlsServed(html);
  const at = served.search(/<\/head>/i);
  return at < 0 ? setup + served : served.slice(0, at) + setup + served.slice(at);
}
