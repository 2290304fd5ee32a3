/**
 * The checks run on every build, each reading the PDF's own text and
 * comparing it with what the manuscripts and the page map say must be
 * there. Each returns a list of failures, empty when all is well.
 */
import type { Footnote } from "../model/documents.js";
import type { DocumentRecord } from "../model/documents.js";
import type { PageRecord } from "../postprocess/index.js";
import type { FontInfo } from "./fonts.js";
import type { PageText, TextLine, TextRun } from "./read.js";
import { letterIndex, letters, normalize } from "../text.js";

export interface Zones {
  /** Running heads sit above this, in points from the top edge. */
  head: number;
  /** Folios sit below this distance from the bottom edge. */
  foot: number;
}

const SIZE_TOLERANCE = 0.5;

export function zoneText(page: PageText, zones: Zones, zone: "head" | "foot"): string {
  const lines = page.lines.filter((l) => (zone === "head" ? l.y < zones.head : l.y > page.height - zones.foot));
  return normalize(lines.map((l) => l.text).join(" "));
}

/** Lines between the head and foot zones: the text block and its notes. */
export function bodyLines(page: PageText, zones: Zones): TextLine[] {
  return page.lines.filter((l) => l.y >= zones.head && l.y <= page.height - zones.foot);
}

export function checkPageSize(pages: PageText[], trim: { width: number; height: number }): string[] {
  return pages
    .filter((p) => Math.abs(p.width - trim.width) > SIZE_TOLERANCE || Math.abs(p.height - trim.height) > SIZE_TOLERANCE)
    .map((p) => `page ${p.index + 1} is ${p.width.toFixed(2)} × ${p.height.toFixed(2)} pt, not the trim ${trim.width.toFixed(2)} × ${trim.height.toFixed(2)} pt`);
}

/** The cover is the first page, and one page only: what follows it is what the template puts next. */
export function checkCover(records: PageRecord[]): string[] {
  const covers = records.filter((r) => r.role === "cover");
  if (covers.length === 0) return [];
  if (covers[0]!.index !== 0) return [`the cover is on page ${covers[0]!.folio}, not page 1`];
  if (covers.length > 1) return [`the cover runs over ${covers.length} pages (pages 1–${covers.at(-1)!.folio}); it must be one page`];
  return [];
}

/** The page count is a whole number of signatures. */
export function checkPageCount(pageCount: number, padTo: number): string[] {
  if (pageCount % padTo === 0) return [];
  return [`the PDF has ${pageCount} pages, not a multiple of ${padTo}: ${padTo - (pageCount % padTo)} more would end it on a whole signature`];
}

/** Every page's folio is its place in the issue, printed where it should be. */
export function checkFolios(pages: PageText[], records: PageRecord[], zones: Zones): string[] {
  return checkZone(pages, records, zones, "foot", "folio", (r) => (r.folioPrinted ? String(r.folio) : ""));
}

/** Heads are compared by their letters: letter-spacing, small caps and dashes may read back differently. */
export function checkHeads(pages: PageText[], records: PageRecord[], zones: Zones): string[] {
  return checkZone(pages, records, zones, "head", "running head", (r) => normalize(r.head ?? ""), letters);
}

/** The text in a zone of every page but the cover is what the page map says. */
function checkZone(
  pages: PageText[],
  records: PageRecord[],
  zones: Zones,
  zone: "head" | "foot",
  what: string,
  expectedOf: (record: PageRecord) => string,
  compared: (text: string) => string = (text) => text,
): string[] {
  const failures: string[] = [];
  for (const record of records) {
    const page = pages[record.index];
    if (record.role === "cover" || !page) continue;
    const found = zoneText(page, zones, zone);
    const expected = expectedOf(record);
    if (compared(found) !== compared(expected)) {
      failures.push(`page ${record.folio} (${record.documentId}, ${record.role}): ${what} reads "${found}", expected "${expected}"`);
    }
  }
  return failures;
}

/**
 * Each contents entry's folio, as printed, is the folio printed on the
 * page where that document starts, and that page carries its title. The
 * contents pages are the ones holding contents entries, whatever their
 * heading says; titles are found by their letters, so a title broken at
 * any hyphen, dash or slash, or across pages, is still found.
 */
export function checkContents(
  pages: PageText[],
  records: PageRecord[],
  documents: DocumentRecord[],
  zones: Zones,
): string[] {
  const failures: string[] = [];
  const contentsPages = records.filter((r) => r.holdsContents);
  const stream = letterIndex(contentsPages.flatMap((r) => bodyLines(pages[r.index]!, zones).map((l) => l.text)).join(" "));
  let cursor = 0;
  for (const doc of documents.slice(1)) {
    const title = letters(doc.title);
    const at = stream.letters.indexOf(title, cursor);
    if (at < 0) {
      const where = contentsPages.map((r) => r.folio).join(", ");
      failures.push(`contents (page ${where}): no entry for "${doc.title}" after the previous entry; expected its letters "${title}"`);
      continue;
    }
    cursor = at + title.length;
    // What follows the title's last letter, up to the next letter: its folio.
    const after = stream.text.slice(stream.at[cursor - 1]! + 1);
    const number = /^[^\p{L}\p{N}]*?(\d+)/u.exec(after);
    if (!number) {
      failures.push(`contents: "${doc.title}" has no folio: found "${after.slice(0, 20)}" after it`);
      continue;
    }
    const listed = Number(number[1]);
    const opening = pages[listed - 1];
    const printed = opening ? zoneText(opening, zones, "foot") : "(no such page)";
    if (listed !== doc.firstFolio) {
      failures.push(`contents: "${doc.title}" listed at ${listed}, but it starts on page ${doc.firstFolio}`);
    } else if (printed !== String(listed)) {
      failures.push(`contents: "${doc.title}" listed at ${listed}, but that page's folio reads "${printed}"`);
    } else if (!letters(opening!.lines.map((l) => l.text).join(" ")).includes(title)) {
      failures.push(`contents: "${doc.title}" listed at ${listed}, but its title is not on that page`);
    }
  }
  return failures;
}

export interface FootnoteExpectation {
  document: DocumentRecord;
  footnotes: Footnote[];
  /** Author notes on the opening page: mark and text. */
  authorNotes: { mark: string; text: string }[];
  /** Top of the footnote area of each page that has one, by 0-based page index. */
  footnoteTops: ReadonlyMap<number, number>;
}

/**
 * Every footnote sits on the page of its call. Calls are the digit runs set
 * small and raised in the text above the notes; a note is a line opening with
 * its number followed by the note's first words.
 */
export function checkFootnotes(pages: PageText[], expectation: FootnoteExpectation, zones: Zones): string[] {
  const { document: doc, footnotes, authorNotes, footnoteTops } = expectation;
  const failures: string[] = [];
  const docPages = pages.slice(doc.firstPdfPage - 1, doc.lastPdfPage);
  // Calls stand in the text above the notes.
  const mainLines = (page: PageText) => bodyLines(page, zones).filter((l) => l.y < (footnoteTops.get(page.index) ?? Infinity));
  const callPage = new Map<number, number>();
  let expected = 1;
  for (const page of docPages) {
    for (const line of mainLines(page)) {
      for (const run of line.runs) {
        const text = run.text.replace(/\s+/g, "");
        if (!/^,?\d+(?:,\d+)*,?$/.test(text) || !isRaisedAndSmall(run, line)) continue;
        for (const n of callNumbers(text, expected)) {
          if (n === expected) {
            callPage.set(n, page.index + 1);
            expected++;
          } else if (n > expected) {
            failures.push(`${doc.id}: call ${n} on page ${page.index + 1} comes before call ${expected}`);
            expected = n + 1;
          }
        }
      }
    }
  }

  for (const note of footnotes) {
    const notePage = findNoteLine(docPages, zones, String(note.number), note.text);
    const called = callPage.get(note.number);
    const pages = `pages ${doc.firstPdfPage}–${doc.lastPdfPage}`;
    if (called === undefined) {
      failures.push(`${doc.id}: the call to footnote ${note.number} is not in the PDF: expected a small raised "${note.number}" in the text of ${pages}`);
    }
    if (notePage === null) {
      failures.push(`${doc.id}: footnote ${note.number} is not in the PDF: expected a line "${note.number} ${preview(note.text)}" at the foot of ${pages}`);
    }
    if (called !== undefined && notePage !== null && called !== notePage) {
      failures.push(`${doc.id}: footnote ${note.number} ("${preview(note.text)}") is on page ${notePage}, its call on page ${called}`);
    }
  }
  for (const note of authorNotes) {
    const page = findNoteLine(docPages.slice(0, 1), zones, note.mark, note.text);
    if (page === null) failures.push(`${doc.id}: author note ${note.mark} ("${preview(note.text)}") is not on the opening page`);
  }
  return failures;
}

/**
 * The note numbers in a run of call text. Calls side by side are set apart
 * by commas ("10,11"), and the PDF may give them as one run, or a comma
 * with the next call (",11"). Digits run together ("1011") are split where
 * they read as the next calls in order, or as earlier notes called again.
 */
export function callNumbers(text: string, expected: number): number[] {
  const numbers: number[] = [];
  let next = expected;
  for (const token of text.split(",").filter(Boolean)) {
    const split = splitRun(token, next);
    numbers.push(...split);
    for (const n of split) if (n === next) next++;
  }
  return numbers;
}

function splitRun(digits: string, expected: number): number[] {
  const whole = [Number(digits)];
  if (Number(digits) === expected || Number(digits) < expected) return whole;
  const walk = (rest: string, next: number): number[] | null => {
    if (rest === "") return [];
    // Longest pieces first: "1011" is calls 10 and 11, not 10, 1 and 1.
    for (let length = rest.length; length >= 1; length--) {
      const piece = rest.slice(0, length);
      const n = Number(piece);
      if (piece.startsWith("0") || n > next) continue;
      const tail = walk(rest.slice(length), n === next ? next + 1 : next);
      if (tail) return [n, ...tail];
    }
    return null;
  };
  return walk(digits, expected) ?? whole;
}

/**
 * A call is set smaller than the line it stands in and raised above its
 * baseline. Judged within its line: an article's usual size is no guide,
 * since its notes or its abstract may hold more words than its text.
 */
function isRaisedAndSmall(run: TextRun, line: TextLine): boolean {
  const largest = Math.max(...line.runs.map((r) => r.size));
  return run.size <= largest * 0.8 && run.y < line.y - 0.5;
}

function findNoteLine(pages: PageText[], zones: Zones, marker: string, text: string): number | null {
  const opening = letters(text).slice(0, 24);
  for (const page of pages) {
    for (const line of bodyLines(page, zones)) {
      const first = line.runs[0]?.text.trim() ?? "";
      if (first !== marker && !line.text.startsWith(`${marker} `)) continue;
      const rest = letters(line.text.slice(marker.length));
      if (rest.length > 0 && (opening.startsWith(rest) || rest.startsWith(opening))) return page.index + 1;
    }
  }
  return null;
}

/**
 * Every font is embedded and is one of the template's families: anything
 * else is a system font the browser fell back to.
 */
export function checkFonts(fonts: FontInfo[], families: string[]): string[] {
  const failures: string[] = [];
  const prefixes = families.map((f) => f.replace(/\s+/g, ""));
  for (const font of fonts) {
    const name = font.name.replace(/^[A-Z]{6}\+/, "");
    if (!font.embedded) failures.push(`font ${font.name} (${font.subtype}) is not embedded`);
    else if (font.subtype !== "Type3" && !prefixes.some((p) => name.startsWith(p))) {
      failures.push(`font ${name} is not one of the template's families (${families.join(", ")}): a system font was used`);
    }
    else if (font.subtype === "Type3") {
      failures.push(`a Type 3 font is present: Chromium synthesised a face (bold, italic) the template does not load`);
    }
  }
  return [...new Set(failures)];
}

function preview(text: string): string {
  const t = normalize(text);
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/**
 * Search, copy and indexing read the PDF's text: it must not contain
 * characters that stand for a glyph the PDF could not map back to text.
 */
export function checkReadBack(pages: PageText[]): string[] {
  const failures: string[] = [];
  const BAD = /[\u0000\ufffd\ue000-\uf8ff]/u;
  for (const page of pages) {
    for (const line of page.lines) {
      const match = BAD.exec(line.text);
      if (match) {
        const code = `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
        failures.push(`page ${page.index + 1}: text reads back with ${code} in "${line.text.replace(BAD, "�").slice(0, 60)}"`);
        break;
      }
    }
  }
  return failures;
}
