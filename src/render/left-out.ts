/**
 * What the layout left out for want of room: the cover lists only the
 * articles that fit on it (page-scripts/fit.js), and an article sets only
 * the pull quotes it has room for, a page apart (page-scripts/finish.js).
 * Not an error: the issue is right, but the editor should know.
 */
import type { VFile } from "vfile";
import { report } from "../diagnostics.js";
import { leftOutQuoteLine, type DocumentPlan, type RenderedDocument } from "../model/documents.js";
import type { Manuscript } from "../model/issue.js";

export function reportLeftOut(issueFile: VFile, front: RenderedDocument, parts: readonly DocumentPlan[]): void {
  const leftOut = new Set(front.pages.flatMap((page) => page.leftOut));
  if (leftOut.size === 0) return;
  const titles = parts.filter((plan) => leftOut.has(plan.id)).map((plan) => `“${plan.title}”`);
  report(
    issueFile,
    "info",
    `The cover lists the articles that fit on it and leaves out ${titles.join(", ")}. To choose which it lists, give \`cover: featured:\` in issue.yaml`,
    "cover-left-out",
  );
}

/** Each pull quote an article's layout left out, at its line in the manuscript. */
export function reportLeftOutQuotes(manuscripts: readonly Manuscript[], parts: readonly RenderedDocument[]): void {
  const files = new Map(manuscripts.map((m) => [m.id, m.file]));
  for (const part of parts) {
    const file = files.get(part.plan.id);
    if (!file) continue;
    const lines = new Set(part.pages.flatMap((page) => page.leftOut).flatMap((entry) => leftOutQuoteLine(entry) ?? []));
    for (const line of lines) {
      report(
        file,
        "warning",
        "This pull quote was left out: the article has no place for it at least a page from its other pull quotes. Cut it, or move it earlier",
        "pullquote-left-out",
        { line, column: 1 },
      );
    }
  }
}
