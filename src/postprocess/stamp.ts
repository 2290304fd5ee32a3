/**
 * A line of text stamped onto a printed page with pdf-lib, set in the
 * template's own text face (never a standard PDF font: the issue is set
 * only in the template's type, and verification holds offprints to it).
 *
 * pdf-lib embeds custom fonts through fontkit. The fontkit in Galley's
 * dependencies (2.0.4) is newer than the one pdf-lib was written for: its
 * subsets have `encode()` where pdf-lib calls `encodeStream()`, so the
 * registration below gives each subset that method. The @fontsource
 * packages ship each face in subsets (latin, latin-ext…) as woff and
 * woff2; the woff files are read, since fontkit cannot subset woff2's
 * transformed glyph table, and each character is set from the first
 * subset that has it.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import * as fontkit from "fontkit";
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from "pdf-lib";
import type { TemplateConfig } from "../templates/config.js";
import { fontFile } from "../templates/fonts.js";

type FontSpec = TemplateConfig["fonts"][number];

/** What pdf-lib's registerFontkit expects, over fontkit 2's API. */
const fontkitForPdfLib = {
  create(data: Uint8Array) {
    const font = fontkit.create(Buffer.from(data)) as unknown as { createSubset(): Subset };
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      subset.encodeStream = () => onceStream(() => subset.encode());
      return subset;
    };
    return font;
  },
} as unknown as Parameters<PDFDocument["registerFontkit"]>[0];

interface Subset {
  encode(): Uint8Array;
  encodeStream?: () => unknown;
}

/** An emitter of one chunk, as pdf-lib reads a subset's bytes: `.on("data").on("end").on("error")`. */
function onceStream(produce: () => Uint8Array) {
  const handlers: Partial<Record<"data" | "end" | "error", (value?: unknown) => void>> = {};
  const stream = {
    on(event: "data" | "end" | "error", handler: (value?: unknown) => void) {
      handlers[event] = handler;
      return stream;
    },
  };
  // pdf-lib attaches its handlers first, then waits.
  setImmediate(() => {
    try {
      handlers.data?.(produce());
      handlers.end?.();
    } catch (error) {
      handlers.error?.(error);
    }
  });
  return stream;
}

export interface StampOptions {
  /** Left end of the line, in points from the page's left edge. */
  x: number;
  /** Baseline, in points from the page's top edge. */
  top: number;
  size: number;
  /** The face: the template's text face, its regular weight if it has one. */
  font: FontSpec;
}

/**
 * Stamps `pieces` on `page`, one after another on one line, and returns
 * where each starts and ends (in PDF points from the left); throws if a
 * character is in none of the face's subsets.
 */
export async function stampLine(doc: PDFDocument, page: PDFPage, pieces: readonly string[], options: StampOptions): Promise<{ left: number; right: number }[]> {
  const text = pieces.join("");
  doc.registerFontkit(fontkitForPdfLib);
  const { font, size } = options;
  const weight = font.weights.includes(400) ? 400 : font.weights[0]!;
  const style = font.styles.includes("normal") ? "normal" : font.styles[0]!;
  const files = font.subsets.map((subset) => fontFile(font, subset, weight, style).replace(/\.woff2$/, ".woff"));
  const faces = files.map((file) => fontkit.create(fs.readFileSync(file)) as fontkit.Font);
  const faceOf = (cp: number) => faces.findIndex((face) => face.hasGlyphForCodePoint(cp));
  const embedded = new Map<number, PDFFont>();
  let x = options.x;
  const y = page.getHeight() - options.top;
  const extents: { left: number; right: number }[] = [];
  for (const piece of pieces) {
    const left = x;
    x = await stampRuns(splitRuns(piece, faceOf), x);
    extents.push({ left, right: x });
  }
  return extents;

  async function stampRuns(runs: { face: number; text: string }[], from: number): Promise<number> {
    let x = from;
    for (const run of runs) {
    let pdfFont = embedded.get(run.face);
    if (!pdfFont) {
      // The subset's tag is a hash of what it holds: the same line, the same name.
      const tag = subsetTag(`${text}\0${files[run.face]}`);
      pdfFont = await doc.embedFont(fs.readFileSync(files[run.face]!), { subset: true, customName: `${tag}+${faces[run.face]!.postscriptName}` });
      embedded.set(run.face, pdfFont);
    }
    page.drawText(run.text, { x, y, size, font: pdfFont, color: rgb(0, 0, 0) });
    x += pdfFont.widthOfTextAtSize(run.text, size);
    }
    return x;
  }
}

/** Consecutive characters set from the same face. */
export function splitRuns(text: string, faceOf: (codePoint: number) => number): { face: number; text: string }[] {
  const runs: { face: number; text: string }[] = [];
  for (const char of text) {
    const face = faceOf(char.codePointAt(0)!);
    if (face < 0) throw new Error(`No face of the template's text font has "${char}" (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`);
    const last = runs.at(-1);
    if (last?.face === face) last.text += char;
    else runs.push({ face, text: char });
  }
  return runs;
}

/** Six capital letters, as the PDF specification writes a subset's tag, drawn from a hash. */
function subsetTag(seed: string): string {
  const bytes = createHash("sha256").update(seed).digest();
  return [...bytes.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join("");
}
