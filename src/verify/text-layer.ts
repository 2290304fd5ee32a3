/**
 * The text layer holds no soft hyphen (U+00AD). Search, copy and screen
 * readers take the text layer for the text: a soft hyphen left in it splits
 * "conventional" into "con­ven­tion­al", which no reader searching for the
 * word finds. postprocess/soft-hyphens.ts takes them out; this check proves
 * it did, in each place a reader may find one:
 *
 * - ActualText in the content streams, which poppler (pdftotext, Evince,
 *   Okular) reads in place of the glyphs, and pdf.js does not;
 * - the fonts' ToUnicode maps, which every reader uses;
 * - the text pdf.js reads, for whatever else puts one there.
 *
 * The first two are found with pdf-lib while each document is proofed
 * (textLayerProblems, from proof.ts), the last from its pdf.js reading.
 */
import { PDFDict, PDFHexString, PDFName, PDFRawStream, PDFString, type PDFDocument } from "pdf-lib";
import { contentText, formRefs, pageContentRefs } from "../postprocess/streams.js";
import { parseCMap } from "../postprocess/tounicode.js";
import type { PageText } from "./read.js";

const SOFT_HYPHEN = "\u00ad";
/** An ActualText entry: a hex string, or a literal one (balanced parentheses inside are rare, escaped ones are handled). */
const ACTUAL_TEXT = /\/ActualText\s*(?:<([0-9A-Fa-f\s]*)>|\(((?:\\[\s\S]|[^\\)])*)\))/g;

/** The text of every ActualText entry in a content stream's operators. */
export function actualTexts(content: string): string[] {
  return [...content.matchAll(ACTUAL_TEXT)].map(([, hex, literal]) =>
    hex !== undefined ? PDFHexString.of(hex.replace(/\s+/g, "")).decodeText() : PDFString.of(literal!).decodeText(),
  );
}

/**
 * Where `doc` carries a soft hyphen in its text layer, as readable
 * sentences, pages numbered from 1 within the document. Empty when clean.
 */
export function textLayerProblems(doc: PDFDocument): string[] {
  const problems: string[] = [];
  const places = [
    ...doc.getPages().map((page, i) => ({ where: `page ${i + 1}`, refs: pageContentRefs(page) })),
    ...formRefs(doc).map((ref) => ({ where: `a form drawn on the pages (${ref.toString()})`, refs: [ref] })),
  ];
  for (const { where, refs } of places) {
    let count = 0;
    for (const ref of refs) {
      const stream = doc.context.lookup(ref);
      if (stream instanceof PDFRawStream) count += actualTexts(contentText(stream)).filter((t) => t.includes(SOFT_HYPHEN)).length;
    }
    if (count > 0) problems.push(`${where}: ${count} soft hyphen${count === 1 ? "" : "s"} left as ActualText`);
  }
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Type")) !== PDFName.of("Font")) continue;
    const stream = object.lookup(PDFName.of("ToUnicode"));
    if (!(stream instanceof PDFRawStream)) continue;
    const codes = [...parseCMap(contentText(stream))].filter(([, text]) => text.includes(SOFT_HYPHEN)).map(([code]) => code);
    if (codes.length === 0) continue;
    const name = object.get(PDFName.of("BaseFont"))?.toString().replace(/^\//, "") ?? "(unnamed)";
    problems.push(`the font ${name} maps glyph${codes.length === 1 ? "" : "s"} ${codes.join(", ")} to a soft hyphen`);
  }
  return problems;
}

/** What checkTextLayer needs of a proofed document. */
export interface TextLayerInput {
  plan: { id: string };
  text: PageText[];
  /** textLayerProblems of the document's PDF as proofed. */
  textLayer: string[];
}

/** Fails for every soft hyphen a reader of the issue would find in its text. */
export function checkTextLayer(documents: readonly TextLayerInput[]): string[] {
  return documents.flatMap(({ plan, text, textLayer }) => {
    const read = text.flatMap((page) => {
      const count = page.runs.reduce((n, run) => n + [...run.text].filter((c) => c === SOFT_HYPHEN).length, 0);
      return count === 0 ? [] : [`page ${page.index + 1}: pdf.js reads ${count} soft hyphen${count === 1 ? "" : "s"}`];
    });
    return [...textLayer, ...read].map((problem) => `${plan.id}: ${problem}`);
  });
}
