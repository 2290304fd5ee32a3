/**
 * Nothing lost: every letter and digit of each document, as composed into
 * HTML, must come back from the PDF in the same order, once. Comparing
 * letters and digits only makes the check blind to hyphenation, spacing
 * and punctuation, and sharp to dropped, duplicated or garbled text.
 *
 * Each document gives two streams, read in the browser's paint order
 * (which is the PDF's content-stream order): the main flow, and the notes
 * at the foot of its pages, split at the footnote area the layout reported.
 * Pull quotes, figures and tables float (page-scripts/finish.js): each
 * must be printed once, anywhere in the main flow, which must read in
 * order without them. An SVG figure prints its own text (images/svg.ts),
 * before its caption.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import type { Element, Nodes } from "hast";
import { fromHtml } from "hast-util-from-html";
import { leftOutQuote, type DocumentRecord } from "../model/documents.js";
import type { PageRecord } from "../postprocess/index.js";
import type { Zones } from "./checks.js";
import type { PageText, TextRun } from "./read.js";
import { letters } from "../text.js";
import { svgText } from "../images/svg.js";

export interface ExpectedStreams {
  main: string;
  notes: string;
  /** Each floating block's letters: they may stand anywhere in the main flow. */
  floats: string[];
}

/**
 * The text a composed document must print, with contents folios filled in
 * and less what the layout left out for want of room: cover entries
 * (page-scripts/fit.js) and pull quotes (page-scripts/finish.js).
 */
export function expectedStreams(html: string, folios: ReadonlyMap<string, number>, leftOut: ReadonlySet<string> = new Set()): ExpectedStreams {
  const tree = fromHtml(html);
  const main: string[] = [];
  const notes: string[] = [];
  const floats: string[][] = [];
  const walk = (node: Nodes, into: string[]) => {
    if (node.type === "text") {
      into.push(node.value);
      return;
    }
    if (node.type !== "element" && node.type !== "root") return;
    if (node.type === "element") {
      if (node.tagName === "head" || node.tagName === "script" || node.tagName === "style") return;
      if (node.tagName === "img") {
        into.push(imageText(String(node.properties.src ?? "")));
        return;
      }
      const entry = node.properties.dataFitEntry;
      if (typeof entry === "string" && leftOut.has(entry)) return;
      const folioFor = node.properties.dataFolioFor;
      if (typeof folioFor === "string") {
        into.push(String(folios.get(folioFor) ?? "?"));
        return;
      }
      if (hasClass(node, "footnote")) {
        for (const child of node.children) walk(child, notes);
        return;
      }
      if (hasClass(node, "pullquote") && leftOut.has(leftOutQuote(String(node.properties.dataLine)))) return;
      if (into === main && (hasClass(node, "pullquote") || hasClass(node, "table-caption") || FLOATS.has(node.tagName))) {
        const block: string[] = [];
        for (const child of node.children) walk(child, block);
        floats.push(block);
        return;
      }
      if (node.tagName === "ol" && !node.properties.className) {
        // The browser prints a manuscript's ordered list with its numbers,
        // which the HTML does not hold. The template's own lists (the
        // contents, the cover's) carry a class and set no numbers.
        let number = Number(node.properties.start ?? 1);
        for (const child of node.children) {
          if (child.type === "element" && child.tagName === "li") into.push(String(number++));
          walk(child, into);
        }
        return;
      }
    }
    for (const child of node.children) walk(child, into);
  };
  walk(tree, main);
  return { main: letters(main.join(" ")), notes: letters(notes.join(" ")), floats: floats.map((q) => letters(q.join(" "))).filter((q) => q !== "") };
}

/** The text an image prints: an SVG's own, read from the file the page loaded; nothing for other images. */
function imageText(src: string): string {
  if (!src.startsWith("file:")) return "";
  const file = fileURLToPath(src.replace(/[?#].*$/, ""));
  return file.toLowerCase().endsWith(".svg") && fs.existsSync(file) ? svgText(fs.readFileSync(file, "utf8")) : "";
}

/** Elements that may float, besides pull quotes and table captions: see page-scripts/finish.js. */
const FLOATS = new Set(["figure", "table"]);

function hasClass(node: Element, name: string): boolean {
  const c = node.properties.className;
  return Array.isArray(c) && c.includes(name);
}

interface Located {
  text: string;
  /** Folio of the page each letter came from. */
  folios: number[];
}

/** The PDF's streams for one document: main flow and notes, in paint order. */
export function printedStreams(pages: PageText[], records: PageRecord[], zones: Zones): { main: Located; notes: Located } {
  const main: Located = { text: "", folios: [] };
  const notes: Located = { text: "", folios: [] };
  const add = (into: Located, run: TextRun, folio: number) => {
    const l = letters(run.text);
    into.text += l;
    for (let i = 0; i < l.length; i++) into.folios.push(folio);
  };
  for (const record of records) {
    const page = pages[record.index];
    if (!page || record.role === "blank") continue;
    for (const run of page.runs) {
      const inZones = record.role !== "cover" && (run.y < zones.head || run.y > page.height - zones.foot);
      if (inZones) continue;
      const inNotes = record.footnoteTop !== null && run.y > record.footnoteTop;
      add(inNotes ? notes : main, run, record.folio);
    }
  }
  return { main, notes };
}

export function checkCompleteness(
  pages: PageText[],
  records: PageRecord[],
  documents: DocumentRecord[],
  htmlPaths: ReadonlyMap<string, string>,
  zones: Zones,
  /** Entries each document's layout left out, by document id. */
  leftOut: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): string[] {
  const folios = new Map(documents.map((d) => [d.id, d.firstFolio]));
  const failures: string[] = [];
  for (const doc of documents) {
    const htmlPath = htmlPaths.get(doc.id);
    if (!htmlPath) continue;
    const expected = expectedStreams(fs.readFileSync(htmlPath, "utf8"), folios, leftOut.get(doc.id));
    const printed = printedStreams(pages, records.filter((r) => r.documentId === doc.id), zones);
    const { flow, missing } = withoutFloats(printed.main, expected.main, expected.floats);
    const flowFailure = compare(doc.id, "main", expected.main, flow);
    // Where the flow reads wrong, the blocks after that place are not found
    // either: the one failure names the place.
    if (flowFailure) failures.push(flowFailure);
    else for (const block of missing) failures.push(`${doc.id}: the pull quote, figure or table "${block.slice(0, CONTEXT)}…" is not printed once`);
    const notesFailure = compare(doc.id, "notes", expected.notes, printed.notes);
    if (notesFailure) failures.push(notesFailure);
  }
  return failures;
}

const CONTEXT = 40;
/** Letters after a floating block that must read as the flow goes on, for the block to be taken out there. */
const RESUME = 20;

/**
 * The printed main flow with each floating block taken out where it
 * stands, and the blocks not found. A block is taken out only where the
 * flow then reads on as expected, and not where the flow itself reads on
 * as well, so a sentence a pull quote repeats is never taken for it, nor
 * a quote for the sentence it shares its first words with.
 */
function withoutFloats(printed: Located, expected: string, floats: string[]): { flow: Located; missing: string[] } {
  const remaining = [...floats];
  const flow: Located = { text: "", folios: [] };
  // Whether the flow, or another block, reads on from `at`.
  const readsOn = (at: number, j: number) =>
    printed.text.startsWith(expected.slice(j, j + RESUME), at) || remaining.some((q) => q && printed.text.startsWith(q, at));
  let i = 0;
  while (i < printed.text.length) {
    const j = flow.text.length;
    // The flow itself reads on over `length` letters, and on from there.
    const flowReadsOn = (length: number) =>
      expected.length - j >= length && printed.text.startsWith(expected.slice(j, j + length), i) && readsOn(i + length, j + length);
    const block = remaining.findIndex((q) => q && printed.text.startsWith(q, i) && readsOn(i + q.length, j) && !flowReadsOn(q.length));
    if (block >= 0) {
      i += remaining[block]!.length;
      remaining.splice(block, 1);
      continue;
    }
    flow.text += printed.text[i];
    flow.folios.push(printed.folios[i]!);
    i++;
  }
  return { flow, missing: remaining };
}

function compare(id: string, stream: "main" | "notes", expected: string, printed: Located): string | null {
  if (expected === printed.text) return null;
  let i = 0;
  while (i < expected.length && i < printed.text.length && expected[i] === printed.text[i]) i++;
  const where = printed.folios[Math.min(i, printed.folios.length - 1)];
  const before = expected.slice(Math.max(0, i - CONTEXT), i);
  const wanted = expected.slice(i, i + CONTEXT);
  const found = printed.text.slice(i, i + CONTEXT);
  const what = stream === "main" ? "text" : "footnotes";
  if (i >= printed.text.length) {
    return `${id}: ${what} end early${where ? ` on page ${where}` : ""}: after "…${before}", missing "${wanted}…"`;
  }
  if (i >= expected.length) {
    return `${id}: ${what} run on${where ? ` on page ${where}` : ""}: after "…${before}", extra "${found}…"`;
  }
  return `${id}: ${what} differ on page ${where}: after "…${before}", expected "${wanted}…" but found "${found}…"`;
}
