/**
 * npm run snapshots [-- --update] [--template NAME]
 *
 * Builds the sample issue in each template of the list (TEMPLATES in
 * scripts/snapshots/index.ts), rasterises its chosen pages (cover,
 * contents, an opening, a page of notes with a pull quote, a blank verso,
 * a back page) and compares them with the baselines in
 * test/snapshots/<template>/. A changed page prints its share of changed
 * pixels and leaves a picture of the differences in
 * output/snapshots/diff/; the command then exits 1. `--update` accepts
 * the pages as they are now as the new baselines.
 */
import { describeResult, runSnapshots, TEMPLATES } from "./snapshots/index.js";

const args = process.argv.slice(2);
const update = args.includes("--update");
const at = args.indexOf("--template");
const templates = at >= 0 ? [args[at + 1]!] : TEMPLATES;
const unknown = args.filter((arg, i) => arg !== "--update" && arg !== "--template" && !(at >= 0 && i === at + 1));
if (unknown.length > 0 || (at >= 0 && !args[at + 1])) {
  process.stderr.write(`snapshots: usage: npm run snapshots [-- --update] [--template NAME]\n`);
  process.exitCode = 2;
} else {
  let failed = 0;
  for (const template of templates) {
    process.stderr.write(`snapshots: building the sample issue in ${template}…\n`);
    const results = await runSnapshots({ template, update });
    for (const result of results) process.stderr.write(`snapshots: ${describeResult(template, result)}\n`);
    failed += results.filter((r) => r.status === "changed" || r.status === "new").length;
  }
  if (failed > 0) {
    process.stderr.write(`snapshots: ${failed} page${failed === 1 ? "" : "s"} differ from the baselines (accept them with npm run snapshots -- --update)\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`snapshots: ${update ? "baselines written" : "every page as its baseline"}\n`);
  }
}
