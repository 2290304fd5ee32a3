/**
 * Visual snapshots of the sample issue: built once per template, the
 * chosen pages (pages.ts) rasterised and compared with the baselines in
 * test/snapshots/<template>/, or, with `update`, made the new baselines.
 * Each baseline folder also records which page showed each role: a role
 * that moved to another page counts as a change.
 */
import fs from "node:fs";
import path from "node:path";
import { buildIssue } from "../../src/build.js";
import { allManuscripts } from "../../src/model/issue.js";
import { defaultIssueDir, projectRoot, templatesDir as projectTemplates } from "../../src/paths.js";
import { prepareIssue } from "../../src/prepare.js";
import { readWithPoppler } from "../../test/support/poppler.js";
import { comparePages, rasterise, type Comparison } from "./compare.js";
import { choosePages, ROLES, type SnapshotRole } from "./pages.js";

/** The templates whose pages are held by snapshots: one line each. */
export const TEMPLATES = ["classic", "modern"];

export interface SnapshotOptions {
  template: string;
  /** Folder holding the templates; the project's own by default. */
  templatesDir?: string;
  /** Write the pages as the new baselines instead of comparing. */
  update?: boolean;
  /** Where the issue is built and its pages rasterised. */
  workDir?: string;
  /** Where pictures of the differences go. */
  diffDir?: string;
  baselineDir?: string;
  log?: (line: string) => void;
}

export interface PageResult {
  role: SnapshotRole;
  folio: number;
  /** The folio the baseline showed it on, if another. */
  movedFrom: number | null;
  status: "same" | "changed" | "new" | "updated";
  comparison: Comparison | null;
  diffFile: string | null;
}

const outputDir = path.join(projectRoot, "output", "snapshots");

export async function runSnapshots(options: SnapshotOptions): Promise<PageResult[]> {
  const { template, update = false, log = () => undefined } = options;
  const templatesDir = options.templatesDir ?? projectTemplates;
  const workDir = path.join(options.workDir ?? outputDir, template);
  const diffDir = options.diffDir ?? path.join(outputDir, "diff");
  const baselineDir = path.join(options.baselineDir ?? path.join(projectRoot, "test", "snapshots"), template);

  // The sample issue, set in this template. Always the same folder, so
  // the layout cache serves unchanged documents from one run to the next.
  const issueDir = path.join(workDir, "issue", path.basename(defaultIssueDir));
  fs.rmSync(issueDir, { recursive: true, force: true });
  fs.cpSync(defaultIssueDir, issueDir, { recursive: true });
  const yamlPath = path.join(issueDir, "issue.yaml");
  fs.writeFileSync(yamlPath, fs.readFileSync(yamlPath, "utf8").replace(/^template:.*$/m, `template: ${template}`));

  const built = await buildIssue({ issueDir, templatesDir, outDir: path.join(workDir, "build"), log });
  const { prepared } = await prepareIssue(issueDir, { log: () => undefined, templatesDir });
  const quotes = prepared ? allManuscripts(prepared.issue).flatMap((m) => prepared.bodies.get(m.id)?.pullquotes ?? []) : [];
  const chosen = choosePages({ pages: built.pages, documents: built.report.documents, readings: readWithPoppler(built.pdfPath), quotes });

  const manifestPath = path.join(baselineDir, "pages.json");
  const before = fs.existsSync(manifestPath) ? (JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Partial<Record<SnapshotRole, number>>) : {};
  const results: PageResult[] = [];
  for (const role of ROLES) {
    const folio = chosen[role];
    const actual = path.join(workDir, "pages", `${role}.png`);
    rasterise(built.pdfPath, folio, actual);
    const baseline = path.join(baselineDir, `${role}.png`);
    const movedFrom = before[role] !== undefined && before[role] !== folio ? before[role]! : null;
    const diffFile = path.join(diffDir, `${template}-${role}.png`);
    fs.rmSync(diffFile, { force: true });
    if (update) {
      fs.mkdirSync(baselineDir, { recursive: true });
      fs.copyFileSync(actual, baseline);
      results.push({ role, folio, movedFrom, status: "updated", comparison: null, diffFile: null });
    } else if (!fs.existsSync(baseline)) {
      results.push({ role, folio, movedFrom, status: "new", comparison: null, diffFile: null });
    } else {
      const comparison = await comparePages(baseline, actual, diffFile);
      const changed = comparison.changed || movedFrom !== null;
      results.push({ role, folio, movedFrom, status: changed ? "changed" : "same", comparison, diffFile: comparison.changed ? diffFile : null });
    }
  }
  if (update) fs.writeFileSync(manifestPath, JSON.stringify(chosen, null, 2) + "\n");
  return results;
}

/** One line for a page's result. */
export function describeResult(template: string, result: PageResult): string {
  const where = `${template}: ${result.role} (page ${result.folio})`;
  const moved = result.movedFrom !== null ? `, was page ${result.movedFrom}` : "";
  switch (result.status) {
    case "same":
      return `${where}: same`;
    case "updated":
      return `${where}: baseline written`;
    case "new":
      return `${where}: no baseline yet (run with --update to accept it)`;
    case "changed": {
      const c = result.comparison!;
      const share = ((c.changedPixels / c.totalPixels) * 100).toFixed(2);
      const pixels = c.sizes ? `size changed: ${c.sizes}` : `${c.changedPixels} pixels changed (${share} %)`;
      const diff = result.diffFile ? `; differences in ${path.relative(process.cwd(), result.diffFile)}` : "";
      return `${where}: CHANGED: ${pixels}${moved}${diff}`;
    }
  }
}
