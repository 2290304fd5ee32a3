/**
 * Compiles the `galley` command into dist/ with esbuild, before each
 * `npm run build`, `check` and `generate` (scripts/galley.mjs imports it):
 * about a tenth of a second, and the build then runs as plain JavaScript.
 * Run through tsx, the same build took about 200 MB more memory for its
 * compiled sources and source maps. Dependencies stay in node_modules; the
 * commands' lazy imports stay lazy. The page scripts are copied beside the
 * bundle, where src/render/scripts.ts looks for them (next to itself), so
 * dist/ needs nothing from src/.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = path.join(root, "dist");
const result = await build({
  absWorkingDir: root,
  entryPoints: { galley: "src/cli/bin.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  metafile: true,
  logLevel: "warning",
});

const pageScripts = path.join(outdir, "page-scripts");
fs.rmSync(pageScripts, { recursive: true, force: true });
fs.cpSync(path.join(root, "src", "render", "page-scripts"), pageScripts, { recursive: true });

// The preview's viewer (its page and the script each document's frame runs), likewise.
const viewer = path.join(outdir, "viewer");
fs.rmSync(viewer, { recursive: true, force: true });
fs.cpSync(path.join(root, "src", "preview", "viewer"), viewer, { recursive: true });

// Chunk names carry a content hash: remove those an earlier compile left.
const current = new Set([...Object.keys(result.metafile.outputs).map((file) => path.resolve(root, file)), pageScripts, viewer]);
for (const name of fs.readdirSync(outdir)) {
  const file = path.join(outdir, name);
  if (!current.has(file)) fs.rmSync(file, { recursive: true, force: true });
}
