/**
 * A second reading of a PDF, by poppler's pdftotext rather than the pdfjs
 * reader Galley's verifier uses, so the two cannot share a blind spot.
 * Each page comes back twice: as laid-out text (words as a reader sees
 * them, one printed line to a text line) and as words with their boxes
 * (for where things sit: the foot of the page, the folio beside a title).
 */
import { execFileSync } from "node:child_process";

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PageReading {
  /** 1-based page number. */
  number: number;
  width: number;
  height: number;
  /** `pdftotext -layout` text of the page. */
  text: string;
  /** Words in pdftotext's reading order. A change of font (small capitals) splits a word. */
  words: Word[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescape(text: string): string {
  return text.replace(/&(#x?[0-9a-f]+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

function pdftotext(args: string[]): string {
  return execFileSync("pdftotext", args, { encoding: "utf8", maxBuffer: 1 << 30 });
}

/** Reads every page of the PDF at `pdfPath`. */
export function readWithPoppler(pdfPath: string): PageReading[] {
  const texts = pdftotext(["-layout", "-enc", "UTF-8", pdfPath, "-"]).split("\f");
  const xhtml = pdftotext(["-bbox-layout", "-enc", "UTF-8", pdfPath, "-"]);
  const pages: PageReading[] = [];
  const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
  const wordRe = /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([\s\S]*?)<\/word>/g;
  for (const page of xhtml.matchAll(pageRe)) {
    const words: Word[] = [];
    for (const w of page[3]!.matchAll(wordRe)) {
      words.push({ xMin: Number(w[1]), yMin: Number(w[2]), xMax: Number(w[3]), yMax: Number(w[4]), text: unescape(w[5]!) });
    }
    pages.push({ number: pages.length + 1, width: Number(page[1]), height: Number(page[2]), text: texts[pages.length] ?? "", words });
  }
  return pages;
}

/** Letters and digits only, in one case and one Unicode form: for matching text across line breaks and markup. */
export function letters(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "");
}

/** Points in a millimetre. */
export const MM = 72 / 25.4;
