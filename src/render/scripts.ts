/**
 * The JavaScript that runs in each page: Paged.js as pagedjs-cli bundles
 * it, and Galley's own handlers (page-scripts/, plain JavaScript: see each
 * file). Their contents are part of every layout's cache key.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Paged.js as pagedjs-cli bundles it for the browser. */
export const PAGED_BUNDLE = path.join(path.dirname(createRequire(import.meta.url).resolve("pagedjs-cli")), "..", "dist", "browser.js");

/** Paged.js handlers Galley adds to every document (see each file). */
export const PAGE_SCRIPTS = ["fonts.js", "breaks.js", "inspect.js"].map((name) => fileURLToPath(new URL(`./page-scripts/${name}`, import.meta.url)));

/**
 * What, besides a document's HTML, decides its layout on this engine: the
 * page scripts and the Paged.js bundle. Part of every cache key.
 */
export function engineFingerprint(browserPath: string): string {
  const hash = createHash("sha256").update(browserPath).update(browserVersion(browserPath));
  for (const script of PAGE_SCRIPTS) hash.update(fs.readFileSync(script));
  const main = createRequire(import.meta.url).resolve("pagedjs-cli");
  hash.update(fs.readFileSync(path.join(path.dirname(main), "..", "package.json")));
  hash.update(fs.readFileSync(PAGED_BUNDLE));
  return hash.digest("hex");
}


const versions = new Map<string, string>();

/** The browser's own version line: an upgraded Chromium may lay out differently. */
function browserVersion(browserPath: string): string {
  let version = versions.get(browserPath);
  if (version === undefined) {
    const result = spawnSync(browserPath, ["--version"], { encoding: "utf8", timeout: 10_000 });
    version = `${result.stdout ?? ""}`.trim();
    versions.set(browserPath, version);
  }
  return version;
}
