/** The written PDF is matched page by page with the documents it was merged from. */
import { PDFDocument, rgb } from "pdf-lib";
import { describe, expect, it } from "vitest";
import type { AssembledIssue, PageRecord } from "../../src/postprocess/index.js";
import { printGeometry } from "../../src/model/print.js";
import { boxFailures, checkMerged } from "../../src/verify/merged.js";
import { pageFingerprint } from "../../src/verify/pages.js";

const pageFingerprints = async (pdf: Uint8Array) => (await PDFDocument.load(pdf)).getPages().map(pageFingerprint);

const trim = { width: 481.89, height: 680.31 };
/** Pages without bleed: every box is the page. */
const flat = printGeometry({ trim: null, bleed: 0, marks: false, pdfx: "x4" }, trim);

/** A document of `n` pages, each marked by a rectangle at its own height. */
async function documentPdf(n: number, seed: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < n; i++) doc.addPage([trim.width, trim.height]).drawRectangle({ x: 10, y: 10 + seed * 50 + i * 5, width: 5, height: 5, color: rgb(0, 0, 0) });
  return doc.save();
}

async function merged(order: [Uint8Array, number][]): Promise<Uint8Array> {
  const out = await PDFDocument.create();
  for (const [pdf, index] of order) {
    const [page] = await out.copyPages(await PDFDocument.load(pdf), [index]);
    out.addPage(page!);
  }
  return out.save();
}

const record = (index: number, documentId: string): PageRecord => ({
  index, folio: index + 1, documentId, role: "body", folioPrinted: true, head: null, footnoteTop: null, holdsContents: false,
});

describe("checkMerged", async () => {
  const a = await documentPdf(2, 1);
  const b = await documentPdf(1, 2);
  const sources = new Map([["a", await pageFingerprints(a)], ["b", await pageFingerprints(b)]]);
  const assembledFrom = (pdf: Uint8Array): AssembledIssue => ({
    pdf,
    pages: [record(0, "a"), record(1, "a"), record(2, "b")],
    documents: [
      { id: "a", kind: "article", title: "A", firstFolio: 1, lastFolio: 2, firstPdfPage: 1, lastPdfPage: 2 },
      { id: "b", kind: "article", title: "B", firstFolio: 3, lastFolio: 3, firstPdfPage: 3, lastPdfPage: 3 },
    ],
    overflows: [],
    blocked: [],
  });

  it("passes a faithful merge", async () => {
    expect(await checkMerged(assembledFrom(await merged([[a, 0], [a, 1], [b, 0]])), sources, flat)).toEqual([]);
  });

  it("catches swapped pages", async () => {
    expect(await checkMerged(assembledFrom(await merged([[a, 1], [a, 0], [b, 0]])), sources, flat)).toEqual([
      "page 1 of the written PDF is not page 1 of a",
      "page 2 of the written PDF is not page 2 of a",
    ]);
  });

  it("passes blank pages added after the last document, and catches a page that is not blank there", async () => {
    const padded = (pdf: Uint8Array): AssembledIssue => {
      const base = assembledFrom(pdf);
      return { ...base, pages: [...base.pages, { ...record(3, "b"), role: "blank" as const, folioPrinted: false }] };
    };
    const blank = await (async () => {
      const doc = await PDFDocument.create();
      doc.addPage([trim.width, trim.height]);
      return doc.save();
    })();
    expect(await checkMerged(padded(await merged([[a, 0], [a, 1], [b, 0], [blank, 0]])), sources, flat)).toEqual([]);
    expect(await checkMerged(padded(await merged([[a, 0], [a, 1], [b, 0], [a, 0]])), sources, flat)).toEqual([
      "page 4 of the written PDF is not the blank page the merge added there",
    ]);
  });

  it("catches a missing page", async () => {
    expect(await checkMerged(assembledFrom(await merged([[a, 0], [b, 0]])), sources, flat)).toEqual([
      "the written PDF has 2 pages, the layout 3",
      "page 2 of the written PDF is not page 2 of a",
    ]);
  });
});

describe("boxFailures", () => {
  const geometry = printGeometry({ trim: { width: 170, height: 240 }, bleed: 3, marks: false, pdfx: "x4" }, trim);
  const sheet = async (set: (page: import("pdf-lib").PDFPage) => void) => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([geometry.trim.width + 2 * geometry.bleed, geometry.trim.height + 2 * geometry.bleed]);
    set(page);
    return page;
  };
  const b = geometry.bleed;
  const { width, height } = geometry.trim;

  it("passes boxes set from the geometry, wherever the page's origin is", async () => {
    const page = await sheet((p) => {
      p.setMediaBox(-10, -20, width + 2 * b, height + 2 * b);
      p.setBleedBox(-10, -20, width + 2 * b, height + 2 * b);
      p.setTrimBox(-10 + b, -20 + b, width, height);
      p.setCropBox(-10 + b, -20 + b, width, height);
    });
    expect(boxFailures(page, 0, geometry)).toEqual([]);
  });

  it("catches a trim box off by more than a hundredth of a millimetre, and a bleed box that is the trim (the crop box, right, passes)", async () => {
    const page = await sheet((p) => {
      p.setBleedBox(b, b, width, height);
      p.setTrimBox(b, b, width, height + 0.05);
      p.setCropBox(b, b, width, height);
    });
    const failures = boxFailures(page, 0, geometry);
    expect(failures.map((f) => f.split(" box")[0])).toEqual(["page 1: trim", "page 1: bleed"]);
  });
});
