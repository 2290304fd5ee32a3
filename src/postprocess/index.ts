/**
 * The post-processing stage: the rendered documents are merged into one
 * PDF with pdf-lib, with a blank verso wherever a document must open on a
 * recto. Every page's boxes are set from the print geometry: the trim
 * exact (Paged.js sheets come out a little short, and are asked for a
 * little taller at the foot, so the trim is found from the top), the bleed
 * around it as the media; the crop box is the trim, so that a reader sees
 * the page as it is cut. The metadata and outline are written.
 *
 * It also returns the page map: what each PDF page is and what it must
 * carry, which the verify stage checks against the PDF's own text.
 */
import { PDFDocument, PDFName } from "pdf-lib";
import type { DocumentRecord, PdfMetadata, RenderedDocument } from "../model/documents.js";
import { pageBoxes, type PrintGeometry } from "../model/print.js";
import { setOutline, type OutlineEntry } from "./outline.js";

export type PageRole = "cover" | "front" | "opening" | "body" | "blank";

export interface PageRecord {
  /** 0-based page index in the PDF; the folio is index + 1. */
  index: number;
  folio: number;
  documentId: string;
  role: PageRole;
  /** Whether the folio is printed on this page. */
  folioPrinted: boolean;
  /** The running head this page must carry, or null for none. */
  head: string | null;
  /** Top of the footnote area, in points from the top edge; null without notes. */
  footnoteTop: number | null;
  /** Whether it holds contents entries. */
  holdsContents: boolean;
}

export interface PlacedOverflow {
  documentId: string;
  /** Folio (= 1-based PDF page) where it happens. */
  folio: number;
  element: string;
  reason: string;
}

export interface AssembleOptions {
  geometry: PrintGeometry;
  metadata: PdfMetadata;
  /** The page count is made a multiple of this with blank pages at the end. */
  padTo: number;
}

export interface AssembledIssue {
  pdf: Uint8Array;
  pages: PageRecord[];
  documents: DocumentRecord[];
  overflows: PlacedOverflow[];
  /** Requests the pages made that were refused, by document. */
  blocked: { documentId: string; url: string }[];
}

/** Merges `documents`, the front matter first, into the issue PDF. */
export async function assemble(documents: readonly RenderedDocument[], options: AssembleOptions): Promise<AssembledIssue> {
  const { geometry, metadata, padTo } = options;
  const { trim, bleed } = geometry;
  const blankSheet: [number, number] = [trim.width + 2 * bleed, trim.height + 2 * bleed];
  const out = await PDFDocument.create();
  const pages: PageRecord[] = [];
  const records: DocumentRecord[] = [];
  const outline: OutlineEntry[] = [];
  const overflows: PlacedOverflow[] = [];
  const blocked: AssembledIssue["blocked"] = [];

  for (const part of documents) {
    if (part.blankBefore) {
      out.addPage(blankSheet);
      pages.push(blankRecord(pages.length, part.plan.id));
    }
    if (pages.length + 1 !== part.startFolio) {
      throw new Error(`${part.plan.id} was numbered from ${part.startFolio} but falls on page ${pages.length + 1}`);
    }
    const source = await PDFDocument.load(part.pdf);
    if (source.getPageCount() !== part.pageCount) {
      throw new Error(`${part.plan.id}: laid out ${part.pageCount} pages but printed ${source.getPageCount()}`);
    }
    const copied = await out.copyPages(source, source.getPageIndices());
    for (const page of copied) out.addPage(page);
    if (part.plan.kind === "front") {
      outline.push({ title: "Cover", pageIndex: 0 });
    } else {
      outline.push({ title: part.plan.title, pageIndex: pages.length });
    }
    for (const o of part.overflows) overflows.push({ documentId: part.plan.id, folio: part.startFolio + o.page - 1, element: o.element, reason: o.reason });
    for (const url of part.blocked) blocked.push({ documentId: part.plan.id, url });
    pages.push(...pageRecords(part, pages.length));
    records.push({
      id: part.plan.id,
      kind: part.plan.kind,
      title: part.plan.title,
      firstFolio: part.startFolio,
      lastFolio: part.startFolio + part.pageCount - 1,
      firstPdfPage: part.startFolio,
      lastPdfPage: part.startFolio + part.pageCount - 1,
    });
  }

  // Printers fold sheets into signatures: blank pages end the issue on a whole one.
  const last = records.at(-1)?.id ?? "";
  while (pages.length % padTo !== 0) {
    out.addPage(blankSheet);
    pages.push(blankRecord(pages.length, last));
  }

  for (const page of out.getPages()) {
    const boxes = pageBoxes(geometry, page.getMediaBox().height);
    page.setMediaBox(...asRect(boxes.bleed));
    page.setBleedBox(...asRect(boxes.bleed));
    page.setTrimBox(...asRect(boxes.trim));
    page.setCropBox(...asRect(boxes.trim));
  }
  out.setTitle(metadata.title, { showInWindowTitleBar: true });
  out.setAuthor(metadata.author);
  out.setSubject(metadata.subject);
  out.setKeywords(metadata.keywords);
  out.setCreator("Galley");
  out.setProducer("Galley (Paged.js, Chromium, pdf-lib)");
  out.setLanguage(metadata.lang);
  out.catalog.set(PDFName.of("PageLabels"), out.context.obj({ Nums: [0, out.context.obj({ S: "D" })] }));
  setOutline(out, outline);
  return { pdf: await out.save(), pages, documents: records, overflows, blocked };
}

/** pdf-lib's boxes are x, y, width, height. */
function asRect([x0, y0, x1, y1]: readonly number[]): [number, number, number, number] {
  return [x0!, y0!, x1! - x0!, y1! - y0!];
}

function blankRecord(index: number, documentId: string): PageRecord {
  return { index, folio: index + 1, documentId, role: "blank", folioPrinted: false, head: null, footnoteTop: null, holdsContents: false };
}

function pageRecords(part: RenderedDocument, offset: number): PageRecord[] {
  return part.pages.map((info, i) => {
    const index = offset + i;
    const folio = index + 1;
    const base = { index, folio, documentId: part.plan.id, footnoteTop: info.footnoteTop, holdsContents: info.holdsContents };
    if (info.blank) return { ...base, role: "blank" as const, folioPrinted: false, head: null };
    if (info.names.includes("cover")) return { ...base, role: "cover" as const, folioPrinted: false, head: null };
    if (part.plan.kind === "front" || !part.plan.heads) {
      return { ...base, role: "front" as const, folioPrinted: true, head: null };
    }
    if (info.first) return { ...base, role: "opening" as const, folioPrinted: true, head: null };
    const head = folio % 2 === 0 ? part.plan.heads.verso : part.plan.heads.recto;
    return { ...base, role: "body" as const, folioPrinted: true, head };
  });
}
