/**
 * The post-processing stage: the rendered documents are merged into one
 * PDF with pdf-lib, with a blank verso wherever a document must open on a
 * recto. Every page's boxes are set from the print geometry: the trim
 * exact (Paged.js sheets come out a little short, and are asked for a
 * little taller at the foot, so the trim is found from the top), the bleed
 * around it as the media; the crop box is the trim, so that a reader sees
 * the page as it is cut. The metadata (metadata.ts), page labels
 * (labels.ts) and outline (outline.ts) are written. The same inputs give
 * the same bytes: nothing written depends on the clock.
 *
 * It also returns the page map: what each PDF page is and what it must
 * carry, which the verify stage checks against the PDF's own text.
 */
import { PDFDocument } from "pdf-lib";
import type { DocumentRecord, PdfMetadata, RenderedDocument } from "../model/documents.js";
import { pageBoxes, type PrintGeometry } from "../model/print.js";
import { labelRanges, setPageLabels, type UnnumberedLabels } from "./labels.js";
import { saveStable, writeMetadata } from "./metadata.js";
import { headingEntries, setOutline, type OutlineEntry } from "./outline.js";

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
  /** The date the PDF carries: see metadata.ts's issueDate. */
  date: Date;
  /** How pages outside the folios' count are labelled (template.yaml's `page-labels`). */
  unnumbered: UnnumberedLabels;
  /** The outline's sections, each with its articles' ids, and the contents' title. */
  outline: { sections: { title: string; ids: string[] }[]; contents: string };
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
  const { geometry, metadata, padTo, date, unnumbered } = options;
  const { trim, bleed } = geometry;
  const blankSheet: [number, number] = [trim.width + 2 * bleed, trim.height + 2 * bleed];
  const out = await PDFDocument.create();
  const pages: PageRecord[] = [];
  const records: DocumentRecord[] = [];
  const entries = new Map<string, OutlineEntry>();
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
    entries.set(part.plan.id, { title: part.plan.title, pageIndex: pages.length, children: headingEntries(part.pages, pages.length) });
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
  writeMetadata(out, metadata, date);
  setPageLabels(out, labelRanges(pages, unnumbered));
  setOutline(out, issueOutline(pages, records, entries, options.outline));
  return { pdf: await saveStable(out), pages, documents: records, overflows, blocked };
}

/**
 * The cover, the front pages (those whose template marks their titles
 * `data-outline`) and the contents in page order, then each section with
 * its articles (each with its headings), then the back pages.
 */
function issueOutline(
  pages: readonly PageRecord[],
  records: readonly DocumentRecord[],
  entries: ReadonlyMap<string, OutlineEntry>,
  plan: AssembleOptions["outline"],
): OutlineEntry[] {
  const outline: OutlineEntry[] = [{ title: "Cover", pageIndex: 0 }];
  const front = [...(records[0] ? (entries.get(records[0].id)?.children ?? []) : [])];
  const contents = pages.find((p) => p.holdsContents);
  if (contents) front.push({ title: plan.contents, pageIndex: contents.index });
  outline.push(...front.sort((a, b) => a.pageIndex - b.pageIndex));
  for (const section of plan.sections) {
    const articles = section.ids.flatMap((id) => entries.get(id) ?? []);
    if (articles.length > 0) outline.push({ title: section.title, pageIndex: articles[0]!.pageIndex, children: articles, open: true });
  }
  for (const record of records) if (record.kind === "back") outline.push(entries.get(record.id)!);
  return outline;
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
