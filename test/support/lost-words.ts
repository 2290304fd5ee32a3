/**
 * "No manuscript word is lost": every word of a manuscript must occur in
 * the PDF text of its pages at least as often as in the manuscript. Words
 * are compared as letters and digits, split at hyphens, dashes and other
 * punctuation on both sides. A word must be printed verbatim, as a
 * reader searching the PDF would type it: a soft hyphen (U+00AD) in the
 * printed text splits the word there, as it does for search and copy. A
 * line that ends in a hyphen may continue on the next line, or past the
 * foot of the page on a later line, so both the pieces and the joined word
 * count as printed.
 */
import { letters } from "./poppler.js";

const APOSTROPHES = /['\u2018\u2019\u02bc]/g;
/** A hyphen that ends a line: hyphenation, or a hard hyphen where the line broke. */
const HYPHEN_AT_END = /[-\u2010\u2011]\s*$/;

/** A manuscript's words: a soft hyphen there is the author's hint where to break, and no letter. */
export function tokens(text: string): string[] {
  return text
    .normalize("NFKC")
    .replace(/\u00ad/g, "")
    .replace(APOSTROPHES, "")
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
}

/** Printed words: a soft hyphen left in the text layer ends a word, as it does for search and copy. */
export function printedTokens(text: string): string[] {
  return tokens(text.replace(/\u00ad/g, " "));
}

interface PrintedWords {
  counts: Map<string, number>;
  /** The letters before each hyphenation break. */
  broken: string[];
  /** Every word printed: where a broken word may continue (another column of a table, the next page). */
  all: Set<string>;
  letters: string;
}

function add(counts: Map<string, number>, word: string): void {
  counts.set(word, (counts.get(word) ?? 0) + 1);
}

export function printedWords(pageTexts: string[]): PrintedWords {
  const counts = new Map<string, number>();
  const broken: string[] = [];
  let pending: string | null = null;
  for (const line of pageTexts.join("\n").split("\n")) {
    const words = printedTokens(line);
    if (words.length === 0) continue;
    if (pending !== null) add(counts, pending + words[0]!);
    // pdftotext drops the second letter of an fi or fl ligature that opens a
    // line's text (the PDF maps the glyph to both letters, and pdfjs and
    // mutool read both; poppler gives the second one no width and loses it):
    // "fined" at the top of a page reads as "fned". The word counts as
    // printed in either spelling.
    const first = words[0]!;
    if (first.startsWith("f")) for (const second of ["i", "l"]) add(counts, `f${second}${first.slice(1)}`);
    for (const w of words) {
      add(counts, w);
      // A note's number can print against the word before it.
      const bare = /^(\p{L}+)\p{N}+$/u.exec(w);
      if (bare) add(counts, bare[1]!);
    }
    pending = HYPHEN_AT_END.test(line) ? words.at(-1)! : null;
    // In a table the columns share a line of text: a cell's break is inside it.
    for (const m of line.matchAll(/(\S+)[-\u2010\u2011](?=\s|$)/g)) broken.push(printedTokens(m[1]!).at(-1) ?? "");
  }
  return { counts, broken, all: new Set(counts.keys()), letters: letters(pageTexts.join(" ")) };
}

export interface LostWords {
  missing: { word: string; needed: number; found: number }[];
  missingUrls: string[];
}

export function lostWords(manuscriptText: string, urls: string[], printed: PrintedWords): LostWords {
  const needed = new Map<string, number>();
  for (const w of tokens(manuscriptText)) add(needed, w);
  const missing: LostWords["missing"] = [];
  const unused = [...printed.broken];
  for (const [word, count] of needed) {
    const found = printed.counts.get(word) ?? 0;
    let short = count - found;
    // A break at the foot of a page continues after the notes or on the next page.
    for (let i = 0; short > 0 && i < unused.length; i++) {
      const head = unused[i]!;
      if (word.length > head.length && word.startsWith(head) && printed.all.has(word.slice(head.length))) {
        unused.splice(i--, 1);
        short--;
      }
    }
    if (short > 0) missing.push({ word, needed: count, found: count - short });
  }
  const missingUrls = urls.filter((url) => !printedWithBreaks(printed.letters, letters(url), 4));
  return { missing, missingUrls };
}

/**
 * Whether `needle` is in `stream`, allowing it to be interrupted a few
 * times (an address running past the foot of a page, over the notes, folio
 * and running head, onto the next).
 */
function printedWithBreaks(stream: string, needle: string, breaks: number): boolean {
  if (needle.length === 0 || stream.includes(needle)) return true;
  if (breaks === 0 || needle.length < 4) return false;
  const start = needle.slice(0, 4);
  for (let at = stream.indexOf(start), tries = 0; at >= 0 && tries < 50; at = stream.indexOf(start, at + 1), tries++) {
    let matched = 4;
    while (matched < needle.length && stream[at + matched] === needle[matched]) matched++;
    if (printedWithBreaks(stream.slice(at + matched, at + matched + 8000), needle.slice(matched), breaks - 1)) return true;
  }
  return false;
}
