/**
 * A fingerprint of each page's drawing: the raw bytes of its content
 * streams. Merging copies them unchanged, so the written PDF's pages can be
 * matched one by one with the documents they came from.
 */
import { createHash } from "node:crypto";
import { PDFArray, PDFRawStream, type PDFPage } from "pdf-lib";

export function pageFingerprint(page: PDFPage): string {
  const hash = createHash("sha1");
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  for (const stream of streams) {
    if (stream instanceof PDFRawStream) hash.update(stream.contents);
  }
  return hash.digest("hex");
}

