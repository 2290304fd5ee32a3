/**
 * The PDF outline (bookmarks) as a tree, written with pdf-lib's low-level
 * API, which has no outline support of its own: sections, their articles,
 * each article's headings. Sections stand open; an article's headings are
 * folded until the reader opens it.
 */
import { PDFHexString, PDFName, PDFNull, PDFNumber, type PDFDocument, type PDFRef } from "pdf-lib";
import type { PageInfo } from "../model/documents.js";

export interface OutlineEntry {
  title: string;
  /** 0-based page index in the final PDF. */
  pageIndex: number;
  /** Where on the page it starts, in points from the top; null for the whole page. */
  top?: number | null;
  children?: OutlineEntry[];
  /** Whether its children show before the reader opens it. */
  open?: boolean;
}

/**
 * Nests a document's headings (level 2 and below, as PageInfo lists them)
 * under one another: a heading holds the deeper ones that follow it.
 */
export function headingEntries(pages: readonly PageInfo[], firstPageIndex: number): OutlineEntry[] {
  const roots: OutlineEntry[] = [];
  const stack: { level: number; entry: OutlineEntry }[] = [];
  pages.forEach((page, i) => {
    for (const heading of page.headings ?? []) {
      const entry: OutlineEntry = { title: heading.text, pageIndex: firstPageIndex + i, top: heading.top, children: [] };
      while (stack.length > 0 && stack.at(-1)!.level >= heading.level) stack.pop();
      (stack.at(-1)?.entry.children ?? roots).push(entry);
      stack.push({ level: heading.level, entry });
    }
  });
  return roots;
}

export function setOutline(doc: PDFDocument, entries: readonly OutlineEntry[]): void {
  if (entries.length === 0) return;
  const root = doc.context.nextRef();
  const visible = writeLevel(doc, entries, root);
  doc.context.assign(root, doc.context.obj({ Type: "Outlines", First: visible.first, Last: visible.last, Count: PDFNumber.of(visible.count) }));
  doc.catalog.set(PDFName.of("Outlines"), root);
  doc.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
}

/** Writes one level's items under `parent`; returns its first and last refs and how many items show. */
function writeLevel(doc: PDFDocument, entries: readonly OutlineEntry[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } {
  const { context } = doc;
  const pages = doc.getPages();
  const refs = entries.map(() => context.nextRef());
  let count = entries.length;
  entries.forEach((entry, i) => {
    const page = pages[entry.pageIndex];
    if (!page) throw new Error(`Outline entry "${entry.title}" points past the last page`);
    // /XYZ with a top keeps the reader's zoom and scrolls to the heading; /Fit shows the page.
    const dest =
      entry.top != null
        ? context.obj([page.ref, PDFName.of("XYZ"), PDFNull, PDFNumber.of(Math.round(page.getHeight() - entry.top + 12)), PDFNull])
        : context.obj([page.ref, PDFName.of("Fit")]);
    const item = context.obj({ Title: PDFHexString.fromText(entry.title), Parent: parent, Dest: dest });
    if (i > 0) item.set(PDFName.of("Prev"), refs[i - 1]!);
    if (i < refs.length - 1) item.set(PDFName.of("Next"), refs[i + 1]!);
    const children = entry.children ?? [];
    if (children.length > 0) {
      const below = writeLevel(doc, children, refs[i]!);
      item.set(PDFName.of("First"), below.first);
      item.set(PDFName.of("Last"), below.last);
      // A positive count shows the children; a negative one folds them.
      item.set(PDFName.of("Count"), PDFNumber.of(entry.open ? below.count : -children.length));
      if (entry.open) count += below.count;
    }
    context.assign(refs[i]!, item);
  });
  return { first: refs[0]!, last: refs.at(-1)!, count };
}
