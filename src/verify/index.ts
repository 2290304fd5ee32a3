/**
 * The verify stage: every promise the issue makes is checked against what
 * is actually printed. Each document's PDF is proofed (read back) as it
 * comes from the browser, and the proof kept in a ProofCache, so a warm
 * build reads only what changed (proof.ts); the written PDF is then
 * checked against those readings (merged.ts), so the two cannot differ
 * unnoticed.
 */
import type { PrintGeometry } from "../model/print.js";
import type { AssembledIssue, PageRecord } from "../postprocess/index.js";
import type { Template } from "../templates/index.js";
import { checkContents, checkCover, checkPageCount, checkFolios, checkFonts, checkFootnotes, checkHeads, checkPageSize, checkReadBack, type Zones } from "./checks.js";
import { checkCompleteness } from "./completeness.js";
import { checkFinish, type FinishPage, type FinishReport } from "./finish.js";
import { checkMerged } from "./merged.js";
import type { FontInfo } from "./fonts.js";
import type { ProofedDocument } from "./proof.js";
import type { PageText } from "./read.js";
import { checkTextLayer } from "./text-layer.js";

export { ProofCache, proofDocument, type ProofedDocument } from "./proof.js";
export { finishSummary, FINISH_RULES, type Finding, type FinishReport } from "./finish.js";

export interface CheckResult {
  name: string;
  failures: string[];
  /** What the check could not decide, and why: a warning, never a refused PDF. */
  undecided?: string[];
}

export interface VerificationResult {
  passed: boolean;
  checks: CheckResult[];
  fonts: FontInfo[];
  /** The finish of the pages: warnings, or errors under `strict`. */
  finish: FinishReport;
  strict: boolean;
}

export class VerificationError extends Error {
  override name = "VerificationError";
  constructor(
    readonly result: VerificationResult,
    readonly failedPdf: string,
  ) {
    const failures = result.checks.flatMap((c) => c.failures.map((f) => `  ${c.name}: ${f}`));
    if (result.strict) failures.push(...result.finish.findings.map((f) => `  finish: page ${f.page} (${f.documentId}): ${f.rule}: ${f.detail}`));
    super(`Verification failed (${failures.length} problem${failures.length === 1 ? "" : "s"}):\n${failures.join("\n")}`);
  }
}

export interface VerifyInput {
  assembled: AssembledIssue;
  /** Every document, proofed, in issue order: the front matter first. */
  documents: ProofedDocument[];
  template: Pick<Template, "trim" | "zones" | "config">;
  /** The printed sheet: the boxes every page must carry. */
  geometry: PrintGeometry;
  /** The page count must be a multiple of this. */
  padTo: number;
  /** Whether findings on the finish refuse the PDF. */
  strict: boolean;
}

/** Checks the written issue against its proofed documents and what each must print. */
export async function verifyIssue(input: VerifyInput): Promise<VerificationResult> {
  const { assembled, documents, template, geometry, padTo, strict } = input;
  const zones: Zones = template.zones;
  const pages = issuePages(assembled, documents, geometry.trim);
  const fonts = documents.flatMap((d) => d.fonts);
  const byId = new Map(assembled.documents.map((d) => [d.id, d]));

  const footnoteTops = new Map(assembled.pages.flatMap((r) => (r.footnoteTop === null ? [] : [[r.index, r.footnoteTop] as const])));
  const footnoteFailures = documents.flatMap(({ plan }) => {
    const { footnotes, authorNotes } = plan.notes;
    if (footnotes.length === 0 && authorNotes.length === 0) return [];
    const document = byId.get(plan.id);
    if (!document) return [`${plan.id} is missing from the PDF`];
    return checkFootnotes(pages, { document, footnotes, authorNotes, footnoteTops }, zones);
  });
  const htmlPaths = new Map(documents.map((d) => [d.plan.id, d.plan.htmlPath]));
  const leftOut = new Map(documents.map((d) => [d.plan.id, new Set(d.pages.flatMap((p) => p.leftOut))]));
  const fingerprints = new Map(documents.map((d) => [d.plan.id, d.fingerprints]));

  const checks: CheckResult[] = [
    { name: "written PDF", failures: await checkMerged(assembled, fingerprints, geometry) },
    { name: "page size", failures: checkPageSize(pages, geometry.trim) },
    { name: "cover", failures: checkCover(assembled.pages) },
    { name: "signatures", failures: checkPageCount(pages.length, padTo) },
    { name: "folios", failures: checkFolios(pages, assembled.pages, zones) },
    { name: "running heads", failures: checkHeads(pages, assembled.pages, zones) },
    contentsCheck(pages, assembled, zones),
    { name: "footnotes", failures: footnoteFailures },
    { name: "fonts", failures: checkFonts(fonts, template.config.fonts.map((f) => f.family)) },
    { name: "nothing lost", failures: checkCompleteness(pages, assembled.pages, assembled.documents, htmlPaths, zones, leftOut) },
    {
      name: "nothing cut off",
      failures: assembled.overflows.map((o) => `${o.documentId}: ${o.element} on page ${o.folio} ${o.reason}`),
    },
    { name: "text reads back", failures: checkReadBack(pages) },
    { name: "text layer", failures: checkTextLayer(documents) },
    {
      name: "nothing loaded from outside",
      failures: assembled.blocked.map((b) => `${b.documentId}: the page asked for ${b.url}, which was refused`),
    },
  ];
  const finish = checkFinish(finishPages(assembled, documents, pages));
  const passed = checks.every((c) => c.failures.length === 0) && (!strict || finish.findings.length === 0);
  return { passed, checks, fonts, finish, strict };
}

/** Each page of the issue with what the finish needs of it. */
function finishPages(assembled: AssembledIssue, documents: ProofedDocument[], pages: PageText[]): FinishPage[] {
  const placeOf = pagePlaces(assembled, documents);
  return assembled.pages.map((record) => {
    const { document, within } = placeOf(record);
    return {
      text: pages[record.index]!,
      record,
      layout: record.role === "blank" ? null : (document?.pages[within]?.finish ?? null),
      kind: document?.plan.kind ?? "front",
      lastOfDocument: within === (document?.pages.length ?? 0) - 1,
    };
  });
}

/** Every PDF page's text, in issue order, from the documents' readings; blank versos read as empty. */
function issuePages(assembled: AssembledIssue, documents: ProofedDocument[], trim: Template["trim"]): PageText[] {
  const placeOf = pagePlaces(assembled, documents);
  return assembled.pages.map((record) => {
    const { document, within } = placeOf(record);
    const page = document?.text[within];
    return page ? { ...page, index: record.index } : { index: record.index, width: trim.width, height: trim.height, runs: [], lines: [] };
  });
}

/** Where each page of the issue comes from: its document, and its 0-based place among that document's pages. */
function pagePlaces(assembled: AssembledIssue, documents: ProofedDocument[]): (record: PageRecord) => { document: ProofedDocument | undefined; within: number } {
  const byId = new Map(documents.map((d) => [d.plan.id, d]));
  const records = new Map(assembled.documents.map((d) => [d.id, d]));
  return (record) => ({ document: byId.get(record.documentId), within: record.index - (records.get(record.documentId)!.firstPdfPage - 1) });
}

/**
 * The contents, where the template prints one. A template without contents
 * entries (`data-folio-for`) leaves nothing to check: that is said, and
 * the PDF is not refused for it.
 */
export function contentsCheck(pages: PageText[], assembled: AssembledIssue, zones: Zones): CheckResult {
  if (!assembled.pages.some((r) => r.holdsContents)) {
    return { name: "contents", failures: [], undecided: ["no page holds contents entries (elements with data-folio-for), so no contents folio was checked"] };
  }
  return { name: "contents", failures: checkContents(pages, assembled.pages, assembled.documents, zones) };
}
