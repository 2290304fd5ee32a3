/**
 * npm run soak -- --issues 30 [--from-seed 1] [--out DIR] [--max-pages N] [--strict]
 *
 * Generates varied issues from consecutive seeds and builds each with the
 * real command, one after another. An issue passes when Galley's own
 * verification passes and poppler's independent reading of the PDF
 * (test/support/independent.ts) finds nothing wrong; with --strict, the
 * pages' finish (docs/typography.md) must have no finding too. Prints a
 * line per issue with the build's finish summary, the command that reproduces each failure, and a summary; exits 1
 * if any issue failed. Its builds lay out in parallel on every core, so
 * run nothing else that lays out beside it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateVariedIssue } from "../src/generate/index.js";
import { checkIssue, type ReportLike } from "../test/support/independent.js";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const wholeNumber = (name: string, fallback: number) => {
  const value = Number(option(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number of at least 1`);
  return value;
};
const issues = wholeNumber("issues", 30);
const fromSeed = wholeNumber("from-seed", 1);
const maxPages = option("max-pages") === undefined ? undefined : wholeNumber("max-pages", 40);
const strict = args.includes("--strict");
const root = path.resolve(option("out") ?? fs.mkdtempSync(path.join(os.tmpdir(), "galley-soak-")));
const projectDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const galley = path.join(projectDir, "dist", "galley.js");

interface Verification {
  passed: boolean;
  checks: { name: string; failures: string[] }[];
}

function firstGalleyFailure(verification: Verification | undefined, stderr: string): string | null {
  const check = verification?.checks.find((c) => c.failures.length > 0);
  if (check) return `${check.name}: ${check.failures[0]}`;
  if (verification?.passed) return null;
  const reason = stderr.split("\n").reverse().find((line) => line.startsWith("build failed") || line.includes("error"));
  return reason ?? "the build failed without a report";
}

const compiled = spawnSync(process.execPath, [path.join(projectDir, "scripts", "compile.mjs")], { stdio: "inherit" });
if (compiled.status !== 0) process.exit(1);
fs.mkdirSync(root, { recursive: true });
console.log(`soak: ${issues} varied issues from seed ${fromSeed}, in ${root}`);

const started = Date.now();
const failed: { seed: number; repro: string }[] = [];
let galleyFailures = 0;
let independentFailures = 0;
for (let seed = fromSeed; seed < fromSeed + issues; seed++) {
  const issueDir = path.join(root, `varied-${seed}`);
  const outDir = path.join(root, `out-${seed}`);
  fs.rmSync(issueDir, { recursive: true, force: true });
  fs.rmSync(outDir, { recursive: true, force: true });
  const t0 = Date.now();
  const generated = await generateVariedIssue(issueDir, { seed, maxPages });
  const flags = ["--out", outDir, "--no-cache", ...(strict ? ["--strict"] : [])];
  const build = spawnSync(process.execPath, [galley, "build", issueDir, ...flags], { encoding: "utf8", maxBuffer: 1 << 28 });
  const finish = build.stderr.split("\n").find((line) => line.startsWith("finish: ")) ?? "finish: not measured";
  const seconds = (Date.now() - t0) / 1000;
  const slug = path.basename(issueDir);
  const good = path.join(outDir, `${slug}.json`);
  const reportPath = fs.existsSync(good) ? good : path.join(outDir, `${slug}.failed.json`);
  const report = fs.existsSync(reportPath) ? (JSON.parse(fs.readFileSync(reportPath, "utf8")) as ReportLike & { verification: Verification }) : undefined;
  const galleyFailure = build.status === 0 && report?.verification.passed ? null : firstGalleyFailure(report?.verification, build.stderr);

  let independent: string | null = "not read: no PDF";
  if (report) {
    const pdf = reportPath.replace(/\.json$/, ".pdf");
    try {
      independent = checkIssue(pdf, report, issueDir).failures[0] ?? null;
    } catch (error) {
      independent = `could not read the PDF: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const pages = report?.pageCount ?? 0;
  const head = `seed ${seed}: ${pages} pages, ${generated.articles} articles, ${seconds.toFixed(1)} s, ${finish.replace(/ \(.*\)$/, "")}`;
  if (galleyFailure === null && independent === null) {
    console.log(`${head}, ok`);
    continue;
  }
  if (galleyFailure) galleyFailures++;
  if (independent) independentFailures++;
  console.log(`${head}, FAILED`);
  console.log(`  galley: ${galleyFailure ?? "passed"}`);
  console.log(`  independent reading: ${independent ?? "found nothing wrong"}`);
  const repro = `npm run generate -- ${issueDir} --varied --seed ${seed}${maxPages ? ` --max-pages ${maxPages}` : ""} && npm run build -- ${issueDir} --out ${outDir}${strict ? " --strict" : ""}`;
  console.log(`  reproduce: ${repro}`);
  failed.push({ seed, repro });
}

const total = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `soak: ${issues} issues, ${issues - failed.length} ok, ${failed.length} failed ` +
    `(${galleyFailures} by Galley's verification, ${independentFailures} by the independent reading), ${total} s` +
    (failed.length ? `; failed seeds: ${failed.map((f) => f.seed).join(", ")}` : ""),
);
process.exit(failed.length > 0 ? 1 : 0);
