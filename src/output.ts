/**
 * The write stage: the issue PDF and its JSON report, each written so that
 * a reader never sees half a file. A PDF that failed verification is
 * written beside the last good one, which is left as it was.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { FormattedMessage } from "./diagnostics.js";
import { writeAtomic } from "./files.js";
import type { DocumentRecord, RenderedDocument } from "./model/documents.js";
import type { PressReport } from "./model/press.js";
import type { AssembledIssue } from "./postprocess/index.js";
import { VerificationError, type VerificationResult } from "./verify/index.js";

export interface BuildReport {
  issue: string;
  pdf: string;
  pageCount: number;
  documents: DocumentRecord[];
  articles: DocumentRecord[];
  /** How many documents were laid out, printed again, or taken from the cache. */
  reuse: Record<RenderedDocument["source"], number>;
  verification: VerificationResult;
  warnings: FormattedMessage[];
  seconds: number;
  /** With `--press`: the press file and its preflight. */
  press?: PressReport;
}

export interface WrittenIssue {
  pdfPath: string;
  reportPath: string;
  report: BuildReport;
}

/**
 * Writes `<slug>.pdf` and `<slug>.json` into `outDir` and removes an
 * earlier failed pair; or, when verification failed, writes
 * `<slug>.failed.pdf` and `.failed.json` and throws VerificationError.
 */
export async function writeIssue(
  outDir: string,
  slug: string,
  assembled: AssembledIssue,
  report: Omit<BuildReport, "pdf" | "pageCount" | "documents" | "articles">,
): Promise<WrittenIssue> {
  const failed = !report.verification.passed;
  const name = failed ? `${slug}.failed` : slug;
  const pdfPath = path.join(outDir, `${name}.pdf`);
  const reportPath = path.join(outDir, `${name}.json`);
  const full: BuildReport = {
    ...report,
    pdf: path.basename(pdfPath),
    pageCount: assembled.pages.length,
    documents: assembled.documents,
    articles: assembled.documents.filter((d) => d.kind === "article"),
  };
  writeAtomic(pdfPath, assembled.pdf);
  writeAtomic(reportPath, JSON.stringify(full, null, 2) + "\n");
  if (failed) throw new VerificationError(report.verification, pdfPath);
  await fs.rm(path.join(outDir, `${slug}.failed.pdf`), { force: true });
  await fs.rm(path.join(outDir, `${slug}.failed.json`), { force: true });
  return { pdfPath, reportPath, report: full };
}
