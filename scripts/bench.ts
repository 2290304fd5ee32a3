/**
 * npm run bench: Galley's build times against plain pagedjs-cli, on
 * synthetic issues of about 40, 160, 320 and 640 pages.
 *
 * For each size it measures a cold build (`galley build --no-cache`, the
 * command as `npm run build` runs it), a warm rebuild after editing one
 * article without changing its length, a warm rebuild after an edit that
 * adds a page, the peak memory of the whole process tree (Chromium
 * included) of a cold build, and, on the same HTML, Galley's engine alone
 * (layout and printing, the floor under a cold build) and pagedjs-cli's
 * own command in one pass over the whole issue. Cold figures are the best
 * of --runs runs of each. Every Galley build must pass full verification,
 * or the bench stops. Machines here are noisy: the ratios are the figures
 * that count.
 *
 * Options: --sizes 40,160 (page targets), --runs N (default 2), --out DIR.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pLimit from "p-limit";
import { BuildSession } from "../src/build.js";
import { generateIssue } from "../src/generate/index.js";
import { projectRoot } from "../src/paths.js";
import { ensureBrowser, LayoutEngine } from "../src/render/index.js";

const PAGES_PER_ARTICLE = 12.3; // measured for 40 generated paragraphs
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const sizes = (option("sizes") ?? "40,160,320,640").split(",").map(Number);
const root = path.resolve(option("out") ?? fs.mkdtempSync(path.join(os.tmpdir(), "galley-bench-")));
const runs = Number(option("runs") ?? 2);
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number of at least 1");
const galleyBin = fileURLToPath(new URL("../dist/galley.js", import.meta.url));
const pagedjsBin = path.join(path.dirname(createRequire(import.meta.url).resolve("pagedjs-cli")), "cli.js");
const quiet = () => undefined;

interface Row {
  target: number;
  pages: number;
  articles: number;
  coldSeconds: number;
  /** Layout and printing alone in Galley's engine: the floor under coldSeconds. */
  engineSeconds: number;
  pagedjsSeconds: number;
  pagedjsPages: number;
  warmEditSeconds: number;
  warmAddPageSeconds: number;
  peakMemoryMb: number;
}

/**
 * Memory of a process and all its descendants, in bytes. Each process's
 * proportional set size (PSS) counts shared pages once across the tree;
 * plain RSS would count Chromium's shared memory once per process.
 */
function treePss(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += pss(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function pss(pid: number): number {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Runs a command to its end; throws with its error output if it fails. */
async function run(args: string[], sample?: (pid: number) => void): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const timer = sample ? setInterval(() => sample(child.pid!), 100) : undefined;
  // "close", not "exit": the error output is complete only then.
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  clearInterval(timer);
  if (code !== 0) throw new Error(`${args.join(" ")} failed (exit ${code}):\n${stderr}`);
  return (performance.now() - start) / 1000;
}

/**
 * A cold build as a user runs it: `npm run build`'s compiled command, no
 * cache, in a process of its own. With `sampleMemory`, the peak memory of
 * that process and all its descendants, sampled every 100 ms: sampling
 * reads every process's memory map and costs CPU itself, so the timed runs
 * do not sample.
 */
async function galleyBuild(issueDir: string, outDir: string, sampleMemory = false): Promise<{ seconds: number; pages: number; peak: number }> {
  fs.rmSync(outDir, { recursive: true, force: true });
  let peak = 0;
  const sample = sampleMemory ? (pid: number) => (peak = Math.max(peak, treePss(pid))) : undefined;
  const seconds = await run([galleyBin, "build", issueDir, "--out", outDir, "--no-cache"], sample);
  // The command exits 0 only when every check passed.
  const report = JSON.parse(fs.readFileSync(path.join(outDir, `${path.basename(issueDir)}.json`), "utf8")) as { pageCount: number };
  return { seconds, pages: report.pageCount, peak };
}

/** pagedjs-cli's own command, one pass over the whole issue's HTML. */
async function pagedjsPass(htmlFile: string): Promise<{ seconds: number; pages: number }> {
  const output = htmlFile.replace(/\.html$/, ".pagedjs.pdf");
  fs.rmSync(output, { force: true });
  const seconds = await run([pagedjsBin, htmlFile, "-o", output, "--browserArgs", "--no-sandbox,--disable-gpu", "--outline-tags", "h1"]);
  const { PDFDocument } = await import("pdf-lib");
  return { seconds, pages: (await PDFDocument.load(fs.readFileSync(output))).getPageCount() };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** One HTML document holding every part of the issue, as a single-pass tool would get it. */
function combinedHtml(buildDir: string): string {
  const docs = fs.readdirSync(buildDir).filter((f) => f.endsWith(".html") && f !== "combined.html").sort();
  const front = fs.readFileSync(path.join(buildDir, "_front.html"), "utf8");
  const head = front.slice(0, front.indexOf("<body"));
  const body = (html: string) => html.slice(html.indexOf(">", html.indexOf("<body")) + 1, html.lastIndexOf("</body>"));
  const parts = docs.map((f) => `<div style="break-before: right">${body(fs.readFileSync(path.join(buildDir, f), "utf8"))}</div>`);
  const file = path.join(buildDir, "combined.html");
  fs.writeFileSync(file, `${head}<body class="document">${parts.join("\n")}</body></html>`);
  return file;
}

/**
 * The floor under a cold build on this machine: Galley's engine laying out
 * and printing the same documents, as many at once as there are cores,
 * with nothing else (no Markdown, no reading back, no merging).
 */
async function engineOnly(issueDir: string, buildDir: string): Promise<number> {
  const docs = fs.readdirSync(buildDir).filter((f) => f.endsWith(".html") && f !== "combined.html").sort();
  const start = performance.now();
  const concurrency = os.availableParallelism();
  const engine = await LayoutEngine.start({
    browserPath: ensureBrowser(quiet),
    allowedPaths: [issueDir, buildDir, projectRoot],
    timeoutMs: 120_000,
    idleTabs: concurrency,
  });
  try {
    const limit = pLimit(concurrency);
    const layOut = async (file: string) => {
      const doc = await engine.layout(file, path.join(buildDir, file));
      // A refused font would make a different, faster layout.
      if (doc.blocked.length > 0) throw new Error(`${file} was refused ${doc.blocked.join(", ")}`);
      await doc.print(1);
    };
    await Promise.all(docs.map((file) => limit(() => layOut(file))));
  } finally {
    await engine.close();
  }
  return (performance.now() - start) / 1000;
}

/** Changes one word in the middle article: same length, new content. */
function editInPlace(file: string): void {
  const text = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, text.replace(/\bbasin\b/, "river"));
}

/** Adds about a page of text to the middle article. */
function addPage(file: string): void {
  const text = fs.readFileSync(file, "utf8");
  const paragraph = "Additional paragraph for the bench, long enough to fill several lines of the column. ".repeat(6);
  const at = text.indexOf("\n\n", Math.floor(text.length / 2));
  fs.writeFileSync(file, text.slice(0, at) + `\n\n${paragraph}\n\n${paragraph}\n\n${paragraph}\n\n${paragraph}\n\n${paragraph}` + text.slice(at));
}

async function benchSize(target: number): Promise<Row> {
  const articles = Math.max(1, Math.round(target / PAGES_PER_ARTICLE));
  const issueDir = path.join(root, `issue-${target}`);
  fs.rmSync(issueDir, { recursive: true, force: true });
  await generateIssue(issueDir, { articles, paragraphs: 40, seed: target });

  // Cold: a new browser, no cache; the best of `runs` for each tool, which
  // take turns so that a busy moment of the machine hits both.
  const coldOut = path.join(root, `cold-${target}`);
  const buildDir = path.join(coldOut, ".build", path.basename(issueDir));
  let cold = { seconds: Infinity, pages: 0 };
  let pagedjs = { seconds: Infinity, pages: 0 };
  let engineSeconds = Infinity;
  for (let i = 0; i < runs; i++) {
    const galley = await galleyBuild(issueDir, coldOut);
    if (galley.seconds < cold.seconds) cold = galley;
    const single = await pagedjsPass(combinedHtml(buildDir));
    if (single.seconds < pagedjs.seconds) pagedjs = single;
    engineSeconds = Math.min(engineSeconds, await engineOnly(issueDir, buildDir));
  }
  const { peak } = await galleyBuild(issueDir, path.join(root, `memory-${target}`), true);

  // Warm: one session, as in watch mode; the first build fills it.
  const warmOut = path.join(root, `warm-${target}`);
  fs.rmSync(warmOut, { recursive: true, force: true });
  const warm = new BuildSession({ issueDir, outDir: warmOut, keepPages: true, log: quiet });
  await warm.build();
  const middle = path.join(issueDir, `article-${String(Math.ceil(articles / 2)).padStart(3, "0")}.md`);
  editInPlace(middle);
  const edit = await timed(() => warm.build());
  if (edit.value.report.pageCount !== cold.pages) throw new Error("the in-place edit changed the page count");
  addPage(middle);
  const added = await timed(() => warm.build());
  await warm.close();

  return {
    target,
    pages: cold.pages,
    articles,
    coldSeconds: cold.seconds,
    engineSeconds,
    pagedjsSeconds: pagedjs.seconds,
    pagedjsPages: pagedjs.pages,
    warmEditSeconds: edit.seconds,
    warmAddPageSeconds: added.seconds,
    peakMemoryMb: peak / 1024 / 1024,
  };
}

process.env.PUPPETEER_EXECUTABLE_PATH = ensureBrowser(quiet);
const compiled = spawnSync(process.execPath, [fileURLToPath(new URL("./compile.mjs", import.meta.url))], { stdio: "inherit", cwd: fileURLToPath(new URL("..", import.meta.url)) });
if (compiled.status !== 0) throw new Error("compiling the galley command failed");
const rows: Row[] = [];
for (const size of sizes) {
  process.stderr.write(`bench: ${size} pages…\n`);
  rows.push(await benchSize(size));
}

const fixed = (n: number, digits = 2) => n.toFixed(digits);
const lines = [
  "| target | pages | cold s | engine only s | pagedjs-cli s | cold / pagedjs | engine only / pagedjs | s per page | warm edit s | warm +page s | peak MB |",
  "|---|---|---|---|---|---|---|---|---|---|---|",
  ...rows.map(
    (r) =>
      `| ${r.target} | ${r.pages} | ${fixed(r.coldSeconds, 1)} | ${fixed(r.engineSeconds, 1)} | ${fixed(r.pagedjsSeconds, 1)} (${r.pagedjsPages} p) | ${fixed(r.coldSeconds / r.pagedjsSeconds)} | ${fixed(r.engineSeconds / r.pagedjsSeconds)} | ${fixed(r.coldSeconds / r.pages, 3)} | ${fixed(r.warmEditSeconds)} | ${fixed(r.warmAddPageSeconds)} | ${Math.round(r.peakMemoryMb)} |`,
  ),
];
const perPage = (t: number) => rows.find((r) => r.target === t);
const r160 = perPage(160);
const r640 = perPage(640);
const r320 = perPage(320);
const targets = {
  coldRatio160: r160 ? r160.coldSeconds / r160.pagedjsSeconds : null,
  perPage640Over160: r160 && r640 ? r640.coldSeconds / r640.pages / (r160.coldSeconds / r160.pages) : null,
  warmEdit160Seconds: r160?.warmEditSeconds ?? null,
  peakMemory320Mb: r320?.peakMemoryMb ?? null,
};
process.stdout.write(`${lines.join("\n")}\n\n`);
process.stdout.write(
  [
    `cold 160 / pagedjs-cli: ${targets.coldRatio160?.toFixed(2) ?? "-"} (target ≤ 0.5)`,
    `per page 640 / 160: ${targets.perPage640Over160?.toFixed(2) ?? "-"} (target ≤ 1.2)`,
    `warm one-article edit at 160: ${targets.warmEdit160Seconds?.toFixed(2) ?? "-"} s (target ≤ 1.5)`,
    `peak memory at 320: ${targets.peakMemory320Mb?.toFixed(0) ?? "-"} MB (target ≤ 1024)`,
  ].join("\n") + "\n",
);
process.stdout.write(`${JSON.stringify({ machine: { cores: os.availableParallelism(), node: process.version }, rows, targets })}\n`);
