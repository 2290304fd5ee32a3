/**
 * The JavaScript that runs in each page: Paged.js as pagedjs-cli bundles
 * it, and Galley's own handlers (page-scripts/, plain JavaScript: see each
 * file). Their contents are part of every layout's cache key.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumFlags } from "./flags.js";

/** Paged.js as pagedjs-cli bundles it for the browser. */
export const PAGED_BUNDLE = path.join(path.dirname(createRequire(import.meta.url).resolve("pagedjs-cli")), "..", "dist", "browser.js");

// Beside this module: src/render/page-scripts when run from the sources,
// dist/page-scripts when compiled (scripts/compile.mjs copies them there).
const pageScript = (name: string) => fileURLToPath(new URL(`./page-scripts/${name}`, import.meta.url));

/** Galley's own scripts for every document, to load before Paged.js and after it (see each file). */
const BEFORE_PAGED = ["tick.js"].map(pageScript);
const AFTER_PAGED = ["fonts.js", "paged-footnotes.js", "text.js", "room.js", "passes.js", "resume.js", "widows.js", "line-breaks.js", "paragraph.js", "note-room.js", "words.js", "breaks.js", "foot.js", "fill-page.js", "fill.js", "lines.js", "finish.js", "fit.js", "measure.js", "inspect.js"].map(pageScript);

/** Galley's page scripts. */
export const PAGE_SCRIPTS = [...BEFORE_PAGED, ...AFTER_PAGED];

/** Every script a document gets, in the order it must load. */
export const SCRIPT_ORDER = [...BEFORE_PAGED, PAGED_BUNDLE, ...AFTER_PAGED];

/**
 * The folder of scriptBundle()'s files, one per user in the system's
 * temporary folder, made if need be; its real path, which tabs may load
 * from (tabs.ts): the scripts' own folders need not be allowed.
 */
export function scriptBundleDir(): string {
  const uid = process.getuid?.();
  const dir = path.join(os.tmpdir(), `galley-page-scripts-${uid ?? "user"}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Every page runs what is in it: one another user made is never used.
  if (uid !== undefined && fs.statSync(dir).uid !== uid) throw new Error(`${dir} belongs to another user; remove it and build again`);
  return fs.realpathSync(dir);
}

let bundle: string | null = null;

/**
 * SCRIPT_ORDER as one file, which each layout loads (pagedjs.ts). As 19
 * files, each a request through the tab's filter and a round trip to
 * Node, they took 110 ms of each layout of the 160-page bench issue, two
 * layouts at once; as one, 70 ms (measured). The file is named by the hash
 * of its text, so builds with other page scripts never share one, and is
 * written once, by renaming a finished copy into place. The scripts stay
 * separate files for the preview, where a designer reads them.
 */
export function scriptBundle(): string {
  if (bundle && fs.existsSync(bundle)) return bundle;
  // Each file is a statement list of its own: the `;` ends one that lacks it.
  const text = SCRIPT_ORDER.map((file) => `/* ${path.basename(file)} */\n${fs.readFileSync(file, "utf8")}\n;\n`).join("");
  const file = path.join(scriptBundleDir(), `${createHash("sha256").update(text).digest("hex").slice(0, 20)}.js`);
  if (!fs.existsSync(file)) {
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, text);
    fs.renameSync(partial, file);
  }
  bundle = file;
  return file;
}

/**
 * The layouts of one document after its first, each with what its short
 * pages asked for (pagedjs.ts, page-scripts/fill.js): their text moved
 * up, then lines given over from the pages before. Part of the layout
 * cache's key: other passes may lay a document out differently.
 */
export const LATER_PASSES = ["up", "down"] as const;

/**
 * What, besides a document's HTML, decides its layout on this engine: the
 * page scripts and the Paged.js bundle. Part of every cache key. A build
 * asks for it as soon as it knows the browser: the browser's version is a
 * process of its own (0.1 s), which then runs beside the Markdown stage.
 */
export async function engineFingerprint(browserPath: string): Promise<string> {
  const hash = createHash("sha256").update(browserPath).update(await browserVersion(browserPath));
  // Some flags change what is drawn (colour profile, font hinting).
  hash.update(chromiumFlags().join("\0"));
  for (const script of PAGE_SCRIPTS) hash.update(fs.readFileSync(script));
  hash.update(`passes ${LATER_PASSES.join(" ")}`);
  const main = createRequire(import.meta.url).resolve("pagedjs-cli");
  hash.update(fs.readFileSync(path.join(path.dirname(main), "..", "package.json")));
  hash.update(fs.readFileSync(PAGED_BUNDLE));
  return hash.digest("hex");
}

const versions = new Map<string, Promise<string>>();

/** The browser's own version line: an upgraded Chromium may lay out differently. */
function browserVersion(browserPath: string): Promise<string> {
  let version = versions.get(browserPath);
  if (version === undefined) {
    version = new Promise((resolve) => {
      execFile(browserPath, ["--version"], { encoding: "utf8", timeout: 10_000 }, (_error, stdout) => resolve(`${stdout ?? ""}`.trim()));
    });
    versions.set(browserPath, version);
  }
  return version;
}
