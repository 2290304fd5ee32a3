/**
 * Which pages of an issue the visual snapshots show, chosen by what the
 * build's page map says each page is, not by number: the cover, the
 * contents, the first article's opening, the first page that holds both
 * footnotes and a pull quote, the first blank verso between documents,
 * and the first back page. Only the pull quote is read from the PDF
 * (poppler's words with their boxes): the page map does not record it.
 */
import type { PageRecord } from "../../src/postprocess/index.js";
import type { DocumentRecord } from "../../src/model/documents.js";
import { letters, type PageReading, type Word } from "../../test/support/poppler.js";

export const ROLES = ["cover", "contents", "opening", "notes-and-quote", "blank-verso", "back"] as const;
export type SnapshotRole = (typeof ROLES)[number];

export interface IssuePages {
  pages: readonly PageRecord[];
  documents: readonly DocumentRecord[];
  /** Poppler's reading of each page, in order. */
  readings: readonly PageReading[];
  /** The text of every pull quote in the issue's manuscripts. */
  quotes: readonly string[];
}

/** The folio (= 1-based PDF page) that shows each role. */
export function choosePages(issue: IssuePages): Record<SnapshotRole, number> {
  const { pages, documents, readings, quotes } = issue;
  const kindOf = new Map(documents.map((d) => [d.id, d.kind]));
  const lastPrinted = Math.max(...documents.map((d) => d.lastFolio));
  const find = (role: SnapshotRole, test: (page: PageRecord) => boolean, fallback?: (page: PageRecord) => boolean): number => {
    const page = pages.find(test) ?? (fallback ? pages.find(fallback) : undefined);
    if (!page) throw new Error(`The issue has no page to show as "${role}"`);
    return page.folio;
  };
  return {
    cover: find("cover", (p) => p.role === "cover"),
    contents: find("contents", (p) => p.holdsContents),
    opening: find("opening", (p) => p.role === "opening" && kindOf.get(p.documentId) === "article"),
    "notes-and-quote": find(
      "notes-and-quote",
      (p) => p.footnoteTop !== null && holdsPullQuote(readings[p.index], quotes),
      // A template that sets its pull quotes no larger than the text: the words will do.
      (p) => p.footnoteTop !== null && holdsPullQuote(readings[p.index], quotes, 0),
    ),
    // Not the blank pages that end the issue on a whole signature.
    "blank-verso": find("blank-verso", (p) => p.role === "blank" && p.folio % 2 === 0 && p.folio < lastPrinted),
    back: find("back", (p) => kindOf.get(p.documentId) === "back" && p.role !== "blank"),
  };
}

/**
 * Whether a pull quote is set on the page: its first words in type larger
 * than the page's usual text (`larger` times its height). A pull quote
 * repeats words of the article, so finding the words alone could find the
 * article's own sentence.
 */
export function holdsPullQuote(reading: PageReading | undefined, quotes: readonly string[], larger = 1.15): boolean {
  if (!reading || reading.words.length === 0) return false;
  const heights = reading.words.map(height).sort((a, b) => a - b);
  const usual = heights[Math.floor(heights.length / 2)]!;
  const words = reading.words.map((w) => letters(w.text));
  return quotes.some((quote) => {
    const start = quote.split(/\s+/).map(letters).filter(Boolean).slice(0, 3);
    if (start.length === 0) return false;
    for (let i = 0; i + start.length <= words.length; i++) {
      if (start.every((word, j) => words[i + j] === word) && height(reading.words[i]!) > usual * larger) return true;
    }
    return false;
  });
}

function height(word: Word): number {
  return word.yMax - word.yMin;
}
