/**
 * The write stage: the issue PDF, its offprints when asked for, and its
 * JSON report, each written so that a reader never sees half a file. A PDF that failed verification is
 * written beside the last good one, which is left as it was.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { FormattedMessage } from "./diagnostics.js";
import { writeAtomic } from "./files.js";
import type { DocumentRecord, RenderedDocument } from "./model/documents.js";
import type { Labels } from "./model/issue.js";
import type { PressReport } from "./model/press.js";
import type { AssembledIssue } from "./postprocess/index.js";
import type { Offprint } from "./postprocess/offprints.js";
import { VerificationError, type VerificationResult } from "./verify/index.js";

export interface BuildReport {
  issue: string;
  /**
   * The template the issue was set in: its zones (as template.yaml gives
   * them) and the labels it printed, so that a reader of the PDF can find
   * the contents by its heading in the issue's language, not by an English word.
   */
  template: { name: string; zones: { head: string; foot: string }; labels: Labels };
  pdf: string;
  pageCount: number;
  documents: DocumentRecord[];
  articles: DocumentRecord[];
  /** How many documents were laid out, printed again, or taken from the cache. */
  reuse: Record<RenderedDocument["source"], number>;
  verification: VerificationResult;
  /** The offprints written with the issue (`--offprints`), each under `offprints/`. */
  offprints: { id: string; file: string; citation: string; firstFolio: number; lastFolio: number }[];
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
  report: Omit<BuildReport, "pdf" | "pageCount" | "documents" | "articles" | "offprints">,
  /** Written only when the issue passed verification. */
  offprints: readonly Offprint[] = [],
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
    offprints: failed
      ? []
      : offprints.map(({ id, citation, firstFolio, lastFolio }) => ({ id, file: `offprints/${id}.pdf`, citation, firstFolio, lastFolio })),
  };
  writeAtomic(pdfPath, assembled.pdf);
  // Before the report that lists them.
  if (!failed && offprints.length > 0) await writeOffprints(path.join(outDir, "offprints"), offprints);
  writeAtomic(reportPath, JSON.stringify(full, null, 2) + "\n");
  if (failed) throw new VerificationError(report.verification, pdfPath);
  await fs.rm(path.join(outDir, `${slug}.failed.pdf`), { force: true });
  await fs.rm(path.join(outDir, `${slug}.failed.json`), { force: true });
  return { pdfPath, reportPath, report: full };
}

/** Writes each offprint, and removes those of articles no longer in the issue. */
async function writeOffprints(dir: string, offprints: readonly Offprint[]): Promise<void> {
  const names = new Set(offprints.map((o) => `${o.id}.pdf`));
  for (const offprint of offprints) writeAtomic(path.join(dir, `${offprint.id}.pdf`), offprint.pdf);
  for (const name of await fs.readdir(dir)) if (name.endsWith(".pdf") && !names.has(name)) await fs.rm(path.join(dir, name), { force: true });
}
