/**
 * Takes the soft hyphens out of the text layer. The markdown stage puts a
 * U+00AD at every break it offers (markdown/plugins/hyphenate.ts), and
 * Chromium's PDF writer (Skia) prints each one where the line does not
 * break as an invisible glyph (the font's space, at no advance) wrapped in
 * a marked-content span whose ActualText is U+00AD:
 *
 *   /Span<</ActualText <FEFF00AD> >> BDC 8.57 0 Td <0001> Tj EMC 0 0 Td …
 *
 * poppler reads the ActualText, so search and copy find "con­ven­tion­al"
 * rather than "conventional"; pdf.js ignores it but ends a text run there.
 * Where the line does break, Skia draws the hyphen after the span as a
 * glyph of its own, which reads as "-" and is left alone.
 *
 * The repair keeps the span's positioning and drops the rest: the marks and
 * the glyph. Nothing on the page moves, since each glyph is placed by its
 * own Td from the start of the line (Td ignores the advance of a Tj), and
 * nothing visible goes, since the glyph drew nothing. A span in any other
 * shape is left as it is, for the verifier's text-layer check to report.
 */
import { decodePDFRawStream, PDFArray, PDFName, PDFRawStream, PDFRef, type PDFDocument, type PDFPage } from "pdf-lib";

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)`;
const HEX = String.raw`<[0-9A-Fa-f\s]*>`;
/** What Skia puts inside the span: positioning and the glyphs shown, nothing else. */
const INSIDE = String.raw`(?:\s*(?:${NUMBER}\s+${NUMBER}\s+Td|${HEX}\s*Tj|\[(?:\s*(?:${HEX}|${NUMBER}))*\s*\]\s*TJ))*`;
const SOFT_HYPHEN_SPAN = new RegExp(
  String.raw`/Span\s*<<\s*/ActualText\s*<\s*FEFF(?:\s*00AD)+\s*>\s*>>\s*BDC(${INSIDE})\s*EMC(?=[\s/\[<(]|$)`,
  "gi",
);
const STREAM_KEYS = new Set(["Filter", "DecodeParms", "Length"].map((k) => PDFName.of(k)));
const MOVE = new RegExp(String.raw`${NUMBER}\s+${NUMBER}\s+Td`, "g");

/** A content stream's operators with every soft-hyphen span reduced to its moves. */
export function dropSoftHyphenSpans(content: string): { content: string; dropped: number } {
  let dropped = 0;
  const result = content.replace(SOFT_HYPHEN_SPAN, (_span, inside: string) => {
    dropped++;
    return (inside.match(MOVE) ?? []).join(" ");
  });
  return { content: result, dropped };
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

/** Every content stream that can hold text. */
export function contentStreamRefs(doc: PDFDocument): PDFRef[] {
  return [...new Set([...doc.getPages().flatMap(pageContentRefs), ...formRefs(doc)])];
}

/** A content stream's operators as text: byte for byte, so binary data survives the round trip. */
export function contentText(stream: PDFRawStream): string {
  return Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1");
}

/** Drops the soft hyphens from every content stream of `doc`, in place. Returns the number dropped. */
export function dropSoftHyphens(doc: PDFDocument): number {
  let total = 0;
  for (const ref of contentStreamRefs(doc)) {
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const { content, dropped } = dropSoftHyphenSpans(contentText(stream));
    if (dropped === 0) continue;
    total += dropped;
    // The stream's own entries (a form's BBox, Resources, Matrix) stay; only its data and filter change.
    const repaired = doc.context.flateStream(Buffer.from(content, "latin1"));
    for (const [key, value] of stream.dict.entries()) if (!STREAM_KEYS.has(key)) repaired.dict.set(key, value);
    doc.context.assign(ref, repaired);
  }
  return total;
}
