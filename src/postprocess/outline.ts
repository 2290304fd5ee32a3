/**
 * A flat PDF outline (bookmarks), written with pdf-lib's low-level API,
 * which has no outline support of its own.
 */
import { PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef } from "pdf-lib";

export interface OutlineEntry {
  title: string;
  /** 0-based page index in the final PDF. */
  pageIndex: number;
}

export function setOutline(doc: PDFDocument, entries: readonly OutlineEntry[]): void {
  if (entries.length === 0) return;
  const { context } = doc;
  const pages = doc.getPages();
  const root = context.nextRef();
  const refs: PDFRef[] = entries.map(() => context.nextRef());
  entries.forEach((entry, i) => {
    const page = pages[entry.pageIndex];
    if (!page) throw new Error(`Outline entry "${entry.title}" points past the last page`);
    const item = context.obj({
      Title: PDFHexString.fromText(entry.title),
      Parent: root,
      Dest: context.obj([page.ref, PDFName.of("Fit")]),
    });
    if (i > 0) item.set(PDFName.of("Prev"), refs[i - 1]!);
    if (i < refs.length - 1) item.set(PDFName.of("Next"), refs[i + 1]!);
    context.assign(refs[i]!, item);
  });
  context.assign(
    root,
    context.obj({ Type: "Outlines", First: refs[0]!, Last: refs[refs.length - 1]!, Count: PDFNumber.of(refs.length) }),
  );
  doc.catalog.set(PDFName.of("Outlines"), root);
  doc.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
}
