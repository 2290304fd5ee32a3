/**
 * The written PDF itself, read back: its page count and boxes, and every
 * page's drawing matched with the page of the document it came from (see
 * pages.ts). A merge that dropped, doubled, reordered or damaged pages
 * shows here; the other checks read each document's PDF before the merge.
 */
import { PDFDocument } from "pdf-lib";
import type { AssembledIssue } from "../postprocess/index.js";
import { pageFingerprint } from "./pages.js";

const BOX_TOLERANCE = 0.01;

export async function checkMerged(
  assembled: AssembledIssue,
  /** Each document's page fingerprints, by document id. */
  sources: ReadonlyMap<string, string[]>,
  trim: { width: number; height: number },
): Promise<string[]> {
  const failures: string[] = [];
  const doc = await PDFDocument.load(assembled.pdf, { updateMetadata: false });
  const pages = doc.getPages();
  if (pages.length !== assembled.pages.length) {
    failures.push(`the written PDF has ${pages.length} pages, the layout ${assembled.pages.length}`);
  }
  const starts = new Map(assembled.documents.map((d) => [d.id, d.firstPdfPage - 1]));
  assembled.pages.forEach((record, i) => {
    const page = pages[i];
    if (!page) return;
    for (const [name, box] of [["trim", page.getTrimBox()], ["media", page.getMediaBox()]] as const) {
      if (Math.abs(box.width - trim.width) > BOX_TOLERANCE || Math.abs(box.height - trim.height) > BOX_TOLERANCE) {
        failures.push(`page ${i + 1}: ${name} box is ${box.width.toFixed(2)} × ${box.height.toFixed(2)} pt`);
      }
    }
    const start = starts.get(record.documentId) ?? 0;
    const own = sources.get(record.documentId) ?? [];
    // The merge adds blank pages: a verso before a document's first page,
    // and those that end the issue on a whole signature, after the last.
    const added = i < start || i - start >= own.length;
    const expected = added ? pageFingerprint(blankPage) : own[i - start];
    if (pageFingerprint(page) !== expected) {
      failures.push(`page ${i + 1} of the written PDF is not ${added ? "the blank page the merge added there" : `page ${i - start + 1} of ${record.documentId}`}`);
    }
  });
  return failures;
}

const blankPage = (await PDFDocument.create()).addPage();
