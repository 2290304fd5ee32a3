/**
 * Streams written back into a PDF, compressed with Node's zlib rather than
 * pdf-lib's `flateStream` (pako, in JavaScript, several times slower): the
 * text-layer repair rewrites most content streams of every document, and
 * at 160 pages pako took half a second of the build's main thread.
 */
import zlib from "node:zlib";
import { PDFName, type PDFContext, type PDFRawStream, type PDFRef } from "pdf-lib";

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
