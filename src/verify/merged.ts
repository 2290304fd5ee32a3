/**
 * The written PDF itself, read back: its page count and boxes, and every
 * page's drawing matched with the page of the document it came from (see
 * pages.ts). A merge that dropped, doubled, reordered or damaged pages
 * shows here; the other checks read each document's PDF before the merge.
 */
import { PDFDocument, type PDFPage } from "pdf-lib";
import { pageBoxes, type Box, type PrintGeometry } from "../model/print.js";
import type { AssembledIssue } from "../postprocess/index.js";
import { pageFingerprint } from "./pages.js";

/** A hundredth of a millimetre, in points. */
const BOX_TOLERANCE = 0.01 * (72 / 25.4);

export async function checkMerged(
  assembled: AssembledIssue,
  /** Each document's page fingerprints, by document id. */
  sources: ReadonlyMap<string, string[]>,
  geometry: PrintGeometry,
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
    failures.push(...boxFailures(page, i, geometry));
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

/**
 * The page's boxes against the geometry: the trim its size, the bleed and
 * media boxes the trim grown by the bleed, the crop box the trim (what a
 * reader sees), each to a hundredth of a millimetre.
 */
export function boxFailures(page: PDFPage, index: number, geometry: PrintGeometry): string[] {
  const trim = asBox(page.getTrimBox());
  const expected = pageBoxes(geometry, 0);
  const shift = (box: Box): Box => {
    // Compared relative to the trim's own corner: where the page's origin is does not matter.
    const dx = trim[0] - expected.trim[0];
    const dy = trim[1] - expected.trim[1];
    return [box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy];
  };
  const wanted: [string, Box, Box][] = [
    ["trim", trim, shift(expected.trim)],
    ["bleed", asBox(page.getBleedBox()), shift(expected.bleed)],
    ["media", asBox(page.getMediaBox()), shift(expected.bleed)],
    ["crop", asBox(page.getCropBox()), shift(expected.trim)],
  ];
  const failures: string[] = [];
  for (const [name, box, want] of wanted) {
    if (box.some((v, k) => Math.abs(v - want[k]!) > BOX_TOLERANCE)) {
      failures.push(`page ${index + 1}: ${name} box is [${box.map((v) => v.toFixed(2)).join(" ")}], not [${want.map((v) => v.toFixed(2)).join(" ")}]`);
    }
  }
  return failures;
}

function asBox(rect: { x: number; y: number; width: number; height: number }): Box {
  return [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height];
}
