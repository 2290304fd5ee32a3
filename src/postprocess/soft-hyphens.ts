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
 * The repair drops the span's marks and the glyph, and keeps everything
 * else the span holds (the glyph's Td, a text state set there). Nothing on
 * the page moves, since each glyph is placed by its own Td from the start
 * of the line (Td ignores the advance of a Tj), and nothing visible goes,
 * since the glyph drew nothing. A span holding what the repair does not
 * expect is left as it is, for the verifier's text-layer check to report.
 */
import { PDFRawStream, type PDFDocument, type PDFRef } from "pdf-lib";
import { contentText, formRefs, pageContentRefs, replaceStreamData } from "./streams.js";

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)`;
const HEX = String.raw`<[0-9A-Fa-f\s]*>`;
const SOFT_HYPHEN_SPAN = new RegExp(String.raw`/Span\s*<<\s*/ActualText\s*<\s*FEFF(?:\s*00AD)+\s*>\s*>>\s*BDC`, "gi");
/**
 * One token of what follows the span's BDC: a hex string, an array of hex
 * strings and numbers (TJ's operand), a number, a name or an operator.
 * Literal strings, dictionaries and inline images are not expected there,
 * and end the reading: the span is then left as it is.
 */
const TOKEN = new RegExp(String.raw`\s*(?:(${HEX})|(\[(?:\s*(?:${HEX}|${NUMBER}))*\s*\])|(${NUMBER})|(/[^\s/\[\]<>(){}%]+)|([A-Za-z*]+)(?![^\s/\[\]<>(){}%]))`, "y");
/** The operators that show glyphs: the ones dropped. */
const SHOW = new Set(["Tj", "TJ"]);
/**
 * Operators a span may not hold for the repair to take it: nested marks
 * and inline images. The shows that also move (' and ") are no token at
 * all, and refused with everything else the tokens do not cover.
 */
const REFUSED = new Set(["BDC", "BMC", "BI", "ID", "EI"]);

/**
 * A content stream's operators with every soft-hyphen span reduced to what
 * it holds besides its marks and glyphs. Skia sometimes opens a span with
 * the text state of a new text object (Tf, Tm) before the glyph, and the
 * glyphs after it are placed from there: all of that stays, verbatim.
 */
export function dropSoftHyphenSpans(content: string): { content: string; dropped: number } {
  let dropped = 0;
  let out = "";
  let done = 0;
  for (const span of content.matchAll(SOFT_HYPHEN_SPAN)) {
    if (span.index! < done) continue;
    const inside = readSpan(content, span.index! + span[0].length);
    if (!inside) continue;
    out += content.slice(done, span.index) + inside.kept;
    done = inside.end;
    dropped++;
  }
  return { content: out + content.slice(done), dropped };
}

/** The operations of a span from `start` to its EMC, without those that show glyphs; null if it holds anything else unexpected. */
function readSpan(content: string, start: number): { kept: string; end: number } | null {
  const kept: string[] = [];
  let operands: string[] = [];
  TOKEN.lastIndex = start;
  for (let token = TOKEN.exec(content); token; token = TOKEN.exec(content)) {
    const operator = token[5];
    if (operator === undefined) {
      operands.push(token[0].trim());
      continue;
    }
    if (operator === "EMC") return operands.length === 0 ? { kept: kept.join(" "), end: TOKEN.lastIndex } : null;
    if (REFUSED.has(operator)) return null;
    if (!SHOW.has(operator)) kept.push([...operands, operator].join(" "));
    operands = [];
  }
  return null;
}

/** Every content stream that can hold text. */
export function contentStreamRefs(doc: PDFDocument): PDFRef[] {
  return [...new Set([...doc.getPages().flatMap(pageContentRefs), ...formRefs(doc)])];
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
    replaceStreamData(doc.context, ref, stream, Buffer.from(content, "latin1"));
  }
  return total;
}
