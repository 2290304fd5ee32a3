/**
 * The verify stage: every promise the issue makes is checked against what
 * is actually printed. Each document's PDF is read back as it comes from
 * the browser (and cached with it, so a warm build reads only what
 * changed); the written PDF is then checked against those readings
 * (merged.ts), so the two cannot differ unnoticed.
 */
import type { PreparedIssue } from "../prepare.js";
import type { AssembledIssue } from "../postprocess/index.js";
import { authorContexts, type Template } from "../templates/index.js";
import { allArticles } from "../manuscripts/types.js";
import { checkContents, checkFolios, checkFonts, checkFootnotes, checkHeads, checkPageSize, checkReadBack, type Zones } from "./checks.js";
import { checkCompleteness } from "./completeness.js";
import { checkMerged } from "./merged.js";
import type { FontInfo } from "./fonts.js";
import type { PageText } from "./read.js";

export interface CheckResult {
  name: string;
  failures: string[];
}

export interface VerificationResult {
  passed: boolean;
  checks: CheckResult[];
  fonts: FontInfo[];
}

export class VerificationError extends Error {
  override name = "VerificationError";
  constructor(
    readonly result: VerificationResult,
    readonly failedPdf: string,
  ) {
    const failures = result.checks.flatMap((c) => c.failures.map((f) => `  ${c.name}: ${f}`));
    super(`Verification failed (${failures.length} problem${failures.length === 1 ? "" : "s"}):\n${failures.join("\n")}`);
  }
}

export interface VerifyInput {
  assembled: AssembledIssue;
  prepared: PreparedIssue;
  template: Template;
  /** The composed HTML of each document, by id: the text that must be printed. */
  htmlPaths: ReadonlyMap<string, string>;
  /** The PDF read back, page by page (see read.ts). */
  pages: PageText[];
  /** Every font in the PDF (see fonts.ts). */
  fonts: FontInfo[];
  /** Each document's page fingerprints, by id (see pages.ts). */
  pageFingerprints: ReadonlyMap<string, string[]>;
}

export async function verifyIssue(input: VerifyInput): Promise<VerificationResult> {
  const { assembled, prepared, template, htmlPaths, pages, fonts, pageFingerprints } = input;
  const zones: Zones = template.zones;
  const byId = new Map(assembled.documents.map((d) => [d.id, d]));

  const footnoteFailures = allArticles(prepared.issue).flatMap((article) => {
    const document = byId.get(article.id);
    if (!document) return [`${article.id} is missing from the PDF`];
    const authorNotes = authorContexts(article.authors)
      .filter((a) => a.mark !== null && a.note !== null)
      .map((a) => ({ mark: a.mark!, text: a.note! }));
    const footnotes = prepared.bodies.get(article.id)?.footnotes ?? [];
    return checkFootnotes(pages, { document, footnotes, authorNotes }, zones);
  });

  const checks: CheckResult[] = [
    { name: "written PDF", failures: await checkMerged(assembled, pageFingerprints, template.trim) },
    { name: "page size", failures: checkPageSize(pages, template.trim) },
    { name: "folios", failures: checkFolios(pages, assembled.pages, zones) },
    { name: "running heads", failures: checkHeads(pages, assembled.pages, zones) },
    { name: "contents", failures: checkContents(pages, assembled.pages, assembled.documents, zones) },
    { name: "footnotes", failures: footnoteFailures },
    { name: "fonts", failures: checkFonts(fonts, template.config.fonts.map((f) => f.family)) },
    { name: "nothing lost", failures: checkCompleteness(pages, assembled.pages, assembled.documents, htmlPaths, zones) },
    {
      name: "nothing cut off",
      failures: assembled.overflows.map((o) => `${o.documentId}: ${o.element} on page ${o.folio} ${o.reason}`),
    },
    { name: "text reads back", failures: checkReadBack(pages) },
    {
      name: "nothing loaded from outside",
      failures: assembled.blocked.map((b) => `${b.documentId}: the page asked for ${b.url}, which was refused`),
    },
  ];
  return { passed: checks.every((c) => c.failures.length === 0), checks, fonts };
}
