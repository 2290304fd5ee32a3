/**
 * What the layout left out for want of room (page-scripts/fit.js): the
 * cover lists only the articles that fit on it. Not an error: the issue
 * is right, but the editor should know which articles the cover names.
 */
import type { VFile } from "vfile";
import { report } from "../diagnostics.js";
import type { DocumentPlan, RenderedDocument } from "../model/documents.js";

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
