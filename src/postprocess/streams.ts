/**
 * A PDF's content streams: found, read as text, and written back. They are
 * compressed with Node's zlib rather than pdf-lib's `flateStream` (pako,
 * in JavaScript, several times slower): the text-layer repair rewrites
 * most content streams of every document, and at 160 pages pako took half
 * a second of the build's main thread.
 */
import zlib from "node:zlib";
import { decodePDFRawStream, PDFArray, PDFName, PDFRawStream, PDFRef, type PDFContext, type PDFDocument, type PDFPage } from "pdf-lib";

/** What describes a stream's data rather than the object it is: replaced with the data. */
const DATA_KEYS = new Set(["Filter", "DecodeParms", "Length"].map((k) => PDFName.of(k)));

/** A new Flate-compressed stream of `data` with the entries of `dict`. */
export function deflatedStream(context: PDFContext, data: Uint8Array, dict: Record<string, unknown> = {}): PDFRawStream {
  return context.stream(zlib.deflateSync(data), { ...dict, Filter: "FlateDecode" } as Parameters<PDFContext["stream"]>[1]);
}

/** Replaces the data of stream `ref` (now `stream`), keeping its own entries: a form's BBox, Resources, Matrix. */
export function replaceStreamData(context: PDFContext, ref: PDFRef, stream: PDFRawStream, data: Uint8Array): void {
  const fresh = deflatedStream(context, data);
  for (const [key, value] of stream.dict.entries()) if (!DATA_KEYS.has(key)) fresh.dict.set(key, value);
  context.assign(ref, fresh);
}

/** A page's own content streams. */
export function pageContentRefs(page: PDFPage): PDFRef[] {
  const contents = page.node.get(PDFName.of("Contents"));
  if (contents instanceof PDFRef) return [contents];
  if (contents instanceof PDFArray) return contents.asArray().filter((item): item is PDFRef => item instanceof PDFRef);
  return [];
}

/** The form XObjects: Skia draws groups (opacity, clipping) with them, and they can hold text too. */
export function formRefs(doc: PDFDocument): PDFRef[] {
  const refs: PDFRef[] = [];
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream && object.dict.get(PDFName.of("Subtype")) === PDFName.of("Form")) refs.push(ref);
  }
  return refs;
}

/** A content stream's operators as text: byte for byte, so binary data survives the round trip. */
export function contentText(stream: PDFRawStream): string {
  return Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1");
}
