/**
 * The press stage: the verified issue PDF in, the file for the printer
 * out. The sheets are made ready (sheet.ts), Ghostscript converts them to
 * CMYK PDF/X with the output intent (pdfx.ts), and the result is
 * preflighted page by page (preflight.ts, ink.ts). The screen PDF is not
 * touched.
 */
import fs from "node:fs/promises";
import { writeAtomic } from "../files.js";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import type { PressReport } from "../model/press.js";
import type { PrintGeometry } from "../model/print.js";
import { ensureGhostscript, findCmykProfile } from "./ghostscript.js";
import { measureInk } from "./ink.js";
import { convertToPdfx } from "./pdfx.js";
import { LIMITS, preflightPages, report, type PageColours, type PressFinding } from "./preflight.js";
import { prepareSheets } from "./sheet.js";

export type { PressFinding } from "./preflight.js";
export { ensureGhostscript } from "./ghostscript.js";

export interface PressOptions {
  geometry: PrintGeometry;
  /** The template's colours in CMYK percentages, by #rrggbb (template.yaml `colours:`). */
  colours?: Readonly<Record<string, readonly number[]>>;
  /** Where the intermediate files go (the build folder). */
  workDir: string;
  log: (line: string) => void;
}

export interface PressResult {
  pdf: Uint8Array;
  flavour: PrintGeometry["pdfx"];
  profile: string;
  findings: PressFinding[];
  /** No error among the findings. */
  passed: boolean;
  /** The colours of each page's text and images, as read back. */
  colours: PageColours[];
}

export async function pressIssue(screenPdf: Uint8Array, options: PressOptions): Promise<PressResult> {
  const { geometry, log } = options;
  const gs = ensureGhostscript(log);
  const profile = findCmykProfile();
  const workDir = path.join(options.workDir, "press");
  await fs.mkdir(workDir, { recursive: true });

  const sheets = await prepareSheets(screenPdf, {
    geometry,
    marks: geometry.marks,
    grays: true,
    colours: new Map(Object.entries(options.colours ?? {}).map(([hex, cmyk]) => [hex.toLowerCase(), cmyk])),
    cmykProfile: profile,
  });
  const sheetsPath = path.join(workDir, "sheets.pdf");
  await fs.writeFile(sheetsPath, await sheets.save());
  const title = sheets.getTitle() ?? "Untitled";
  const created = sheets.getCreationDate() ?? new Date(0);
  const pdf = await convertToPdfx(gs, sheetsPath, { profile, flavour: geometry.pdfx, workDir, title, created });
  const pressPath = path.join(workDir, "converted.pdf");

  const { findings, colours } = preflightPages(await PDFDocument.load(pdf, { updateMetadata: false }));
  for (const { page, maxPercent } of await measureInk(gs, pressPath, workDir)) {
    if (maxPercent > LIMITS.inkPercent) report(findings, page, `total ink reaches ${maxPercent} %`, "press-ink");
  }
  findings.sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
  return { pdf, flavour: geometry.pdfx, profile, findings, passed: findings.every((f) => f.severity !== "error"), colours };
}


export function pressReport(result: PressResult, file: string): PressReport {
  return { pdf: path.basename(file), pdfx: result.flavour, outputIntent: result.profile, passed: result.passed, findings: result.findings };
}

/** The press file's path: `<slug>.press.pdf`, or `.press.failed.pdf` when the preflight found an error. */
export function pressPath(outDir: string, slug: string, passed: boolean): string {
  return path.join(outDir, `${slug}.press${passed ? "" : ".failed"}.pdf`);
}

/** Writes the press file; a failed one beside the last good one, which is left as it was. */
export async function writePress(outDir: string, slug: string, result: PressResult): Promise<string> {
  const file = pressPath(outDir, slug, result.passed);
  writeAtomic(file, result.pdf);
  if (result.passed) await fs.rm(pressPath(outDir, slug, false), { force: true });
  else throw new PressError(result, file);
  return file;
}

/** The preflight refused the press file: every error and warning, page by page. */
export class PressError extends Error {
  override name = "PressError";
  constructor(
    readonly result: PressResult,
    readonly failedPdf: string,
  ) {
    const lines = result.findings.map((f) => `  ${f.page === null ? "file" : `page ${f.page}`}: ${f.severity}: ${f.detail} [${f.rule}]`);
    super(`Press preflight failed (${result.findings.filter((f) => f.severity === "error").length} errors):\n${lines.join("\n")}\nThe refused press file is ${failedPdf}`);
  }
}

/** "no findings", or each severity's count. */
export function pressSummary(findings: readonly PressFinding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  return findings.length === 0 ? "preflight: no findings" : `preflight: ${errors} errors, ${findings.length - errors} warnings`;
}
