/**
 * The written PDF itself, read back: its page count and boxes (pdf-lib),
 * and the opening page of every document read again from it (pdfjs) and
 * compared line by line with that document's own reading. A merge that
 * dropped, doubled or reordered pages, or damaged one, shows here; the
 * other checks read each document's PDF before the merge.
 */
import { PDFDocument } from "pdf-lib";
import type { AssembledIssue } from "../postprocess/index.js";
import { readPdf, type PageText } from "./read.js";

const BOX_TOLERANCE = 0.01;

export async function checkMerged(
  assembled: AssembledIssue,
  pages: PageText[],
  trim: { width: number; height: number },
): Promise<string[]> {
  const failures: string[] = [];
  const doc = await PDFDocument.load(assembled.pdf, { updateMetadata: false });
  if (doc.getPageCount() !== assembled.pages.length) {
    failures.push(`the written PDF has ${doc.getPageCount()} pages, the layout ${assembled.pages.length}`);
  }
  doc.getPages().forEach((page, i) => {
    for (const [name, box] of [["trim", page.getTrimBox()], ["media", page.getMediaBox()]] as const) {
      if (Math.abs(box.width - trim.width) > BOX_TOLERANCE || Math.abs(box.height - trim.height) > BOX_TOLERANCE) {
        failures.push(`page ${i + 1}: ${name} box is ${box.width.toFixed(2)} × ${box.height.toFixed(2)} pt`);
      }
    }
  });
  const openings = assembled.documents.map((d) => d.firstPdfPage);
  const reread = await readPdf(assembled.pdf, openings);
  reread.forEach((page, i) => {
    const expected = pages[openings[i]! - 1];
    const found = page.lines.map((l) => l.text).join("\n");
    if (expected && found !== expected.lines.map((l) => l.text).join("\n")) {
      failures.push(`page ${openings[i]}, where ${assembled.documents[i]!.id} opens, reads differently in the written PDF`);
    }
  });
  return failures;
}
