/**
 * Checks a built issue against poppler's reading of its PDF, without any
 * of Galley's verifier: the folios at the foot of the pages, the contents
 * against the opening pages, and every manuscript word in the PDF, each
 * as a reader searching the PDF would type it: no soft hyphen inside, and
 * the letter-spaced labels (the section over each title, the cover's
 * tagline) read as words, not as letters apart.
 */
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { lostWords, printedTokens, printedWords } from "./lost-words.js";
import { issueFiles, manuscriptWords } from "./manuscript-words.js";
import { letters, MM, readWithPoppler, type PageReading, type Word } from "./poppler.js";

/** What the checks need of the build's JSON report (BuildReport). */
export interface ReportLike {
  pageCount: number;
  /** The build's warnings: pull quotes the layout left out are among them. */
  warnings?: { file: string; line?: number; rule: string }[];
  documents: { id: string; kind: string; title: string; firstFolio: number; lastFolio: number; firstPdfPage: number; lastPdfPage: number }[];
  /** The template's foot zone and the contents' heading, as it printed them. */
  template: { zones: { foot: string }; labels: { contents: string } };
}

/** The zone at the foot of the page where the template prints folios, in points. */
function footZone(report: ReportLike): number {
  return Number.parseFloat(report.template.zones.foot) * MM;
}

function footWords(page: PageReading, foot: number): Word[] {
  return page.words.filter((w) => w.yMin > page.height - foot);
}

/** The folio printed at the foot of the page: the lowest line there, if it is a number alone. */
export function footFolio(page: PageReading, report: ReportLike): number | null {
  const foot = footWords(page, footZone(report));
  if (foot.length === 0) return null;
  const lowest = Math.max(...foot.map((w) => w.yMin));
  const line = foot.filter((w) => Math.abs(w.yMin - lowest) < 2).map((w) => w.text).join("");
  return /^\d+$/.test(line) ? Number(line) : null;
}

export function checkFolios(pages: PageReading[], report: ReportLike): string[] {
  const failures: string[] = [];
  let previous = 0;
  for (const page of pages) {
    const folio = footFolio(page, report);
    const printed = page.words.length > 0;
    if (page.number === 1) {
      if (folio !== null) failures.push(`folios: the cover carries a folio (${folio})`);
      continue;
    }
    if (folio === null) {
      if (printed) failures.push(`folios: page ${page.number} has text but no folio at its foot`);
      continue;
    }
    if (folio !== page.number) failures.push(`folios: page ${page.number} is numbered ${folio}`);
    if (folio <= previous) failures.push(`folios: page ${page.number}'s folio ${folio} does not follow ${previous}`);
    previous = folio;
  }
  return failures;
}

/**
 * Finds each title in the contents, in order, and the number printed on
 * the same line to the right of its last letter. The titles are matched
 * letter by letter, so line breaks inside them (after a hard hyphen, an
 * en dash, across a page or column) do not matter.
 */
export function checkContents(pages: PageReading[], report: ReportLike): string[] {
  const front = report.documents.find((d) => d.kind === "front");
  // The heading in the issue's language, as the template printed it; compared by letters, whatever its case.
  // The dot a capital İ leaves on its small letter is dropped, so "İÇİNDEKİLER" reads as "İçindekiler".
  const fold = (text: string) => letters(text).replace(/\u0307/g, "");
  const heading = fold(report.template.labels.contents);
  const start = pages.find((p) => p.number > 1 && p.number <= (front?.lastPdfPage ?? 0) && fold(p.text.trim().split("\n")[0]!) === heading);
  if (!front || !start) return [`contents: no page of the front matter starts with the contents' heading "${report.template.labels.contents}"`];
  const words: { word: Word; page: PageReading }[] = [];
  for (const page of pages.slice(start.number - 1, front.lastPdfPage)) {
    const foot = new Set(footWords(page, footZone(report)));
    for (const word of page.words) if (!foot.has(word)) words.push({ word, page });
  }
  let stream = "";
  const owner: number[] = [];
  const starts = new Set<number>();
  words.forEach((w, i) => {
    const l = letters(w.word.text);
    if (l) starts.add(stream.length);
    stream += l;
    for (let k = 0; k < l.length; k++) owner.push(i);
  });

  const failures: string[] = [];
  let cursor = 0;
  for (const doc of report.documents.filter((d) => d.kind !== "front")) {
    const wanted = letters(doc.title);
    let at = stream.indexOf(wanted, cursor);
    while (at >= 0 && !starts.has(at)) at = stream.indexOf(wanted, at + 1);
    if (at < 0) {
      failures.push(`contents: no entry for "${doc.title}"`);
      continue;
    }
    cursor = at + wanted.length;
    const last = words[owner[at + wanted.length - 1]!]!;
    const middle = (last.word.yMin + last.word.yMax) / 2;
    const beside = last.page.words
      .filter((w) => /^\d+$/.test(w.text) && w.xMin >= last.word.xMax - 0.5 && w.yMin <= middle && w.yMax >= middle)
      .sort((a, b) => a.xMin - b.xMin)[0];
    if (!beside) failures.push(`contents: no folio beside "${doc.title}" on page ${last.page.number}`);
    else if (Number(beside.text) !== doc.firstFolio) failures.push(`contents: "${doc.title}" is listed at ${beside.text}, but opens at ${doc.firstFolio}`);
  }
  return failures;
}

/** Each document opens on the page the report says, with its title there and that folio at its foot. */
export function checkOpenings(pages: PageReading[], report: ReportLike): string[] {
  const failures: string[] = [];
  if (pages.length !== report.pageCount) failures.push(`pages: the PDF has ${pages.length} pages, the report says ${report.pageCount}`);
  for (const doc of report.documents.filter((d) => d.kind !== "front")) {
    const page = pages[doc.firstPdfPage - 1];
    if (!page) {
      failures.push(`openings: ${doc.id} opens on page ${doc.firstPdfPage}, past the end`);
      continue;
    }
    if (doc.firstFolio !== doc.firstPdfPage) failures.push(`openings: ${doc.id}: folio ${doc.firstFolio} on PDF page ${doc.firstPdfPage}`);
    if (!letters(page.text).includes(letters(doc.title))) failures.push(`openings: the title of ${doc.id} is not on page ${page.number}`);
    const folio = footFolio(page, report);
    if (folio !== doc.firstFolio) failures.push(`openings: ${doc.id} opens on a page numbered ${folio ?? "nothing"}, not ${doc.firstFolio}`);
  }
  return failures;
}

/** Every manuscript word printed within its document's pages. */
export function checkWords(pages: PageReading[], report: ReportLike, issueDir: string): string[] {
  const failures: string[] = [];
  const { front, parts } = issueFiles(issueDir);
  const byId = new Map(report.documents.map((d) => [d.id, d]));
  const frontDoc = report.documents.find((d) => d.kind === "front");
  const jobs = [
    ...front.map((file) => ({ file, doc: frontDoc })),
    ...parts.map((p) => ({ file: p.file, doc: byId.get(p.id) })),
  ];
  for (const { file, doc } of jobs) {
    const name = file.slice(issueDir.length + 1);
    if (!doc) {
      failures.push(`words: ${name} is not in the report`);
      continue;
    }
    const leftOut = (report.warnings ?? []).filter((w) => w.rule === "pullquote-left-out" && path.basename(w.file) === path.basename(file));
    const source = manuscriptWords(file, new Set(leftOut.map((w) => w.line ?? 0)));
    const printed = printedWords(pages.slice(doc.firstPdfPage - 1, doc.lastPdfPage).map((p) => p.text));
    const { missing, missingUrls } = lostWords(source.text, source.urls, printed);
    if (missing.length > 0) {
      const sample = missing.slice(0, 5).map((m) => `"${m.word}" (${m.found} of ${m.needed})`).join(", ");
      failures.push(`words: ${name}: ${missing.length} words missing from pages ${doc.firstPdfPage}–${doc.lastPdfPage}: ${sample}`);
    }
    for (const url of missingUrls) failures.push(`words: ${name}: the address ${url} is not printed`);
  }
  return failures;
}

/** No soft hyphen (U+00AD) anywhere in the text: search and copy would find it inside words. */
export function checkSoftHyphens(pages: PageReading[]): string[] {
  const found = pages.flatMap((page) => {
    const count = [...page.text].filter((c) => c === "\u00ad").length;
    return count === 0 ? [] : [`${count} on page ${page.number}`];
  });
  return found.length === 0 ? [] : [`text layer: soft hyphens (U+00AD) in the text: ${found.slice(0, 5).join(", ")}${found.length > 5 ? ", …" : ""}`];
}

/** Whether `phrase`'s words follow one another in `text`, as printed words. */
function printsPhrase(text: string, phrase: string): boolean {
  const wanted = printedTokens(phrase).join(" ");
  return wanted === "" || ` ${printedTokens(text).join(" ")} `.includes(` ${wanted} `);
}

/**
 * The letter-spaced labels, read as words: the issue's tagline on the
 * cover, and each section's name over the title of each of its articles.
 * Tracked capitals that a reader splits ("CO M M E N TA R I E S") fail.
 */
export function checkLabels(pages: PageReading[], report: ReportLike, issueDir: string): string[] {
  const issue = YAML.parse(fs.readFileSync(path.join(issueDir, "issue.yaml"), "utf8")) as {
    tagline?: string;
    sections: { title?: string; articles: string[] }[];
  };
  const failures: string[] = [];
  if (issue.tagline && !printsPhrase(pages[0]?.text ?? "", issue.tagline)) failures.push(`labels: the cover does not read "${issue.tagline}"`);
  const { parts } = issueFiles(issueDir);
  let next = 0;
  for (const section of issue.sections) {
    for (const _ of section.articles) {
      const part = parts[next++]!;
      const doc = report.documents.find((d) => d.id === part.id);
      const page = doc ? pages[doc.firstPdfPage - 1] : undefined;
      if (!section.title || !page) continue;
      if (!printsPhrase(page.text, section.title)) failures.push(`labels: page ${page.number} does not read "${section.title}" over ${part.id}`);
    }
  }
  return failures;
}

/** All the checks on the PDF at `pdfPath`, built from `issueDir` with `report`. */
export function checkIssue(pdfPath: string, report: ReportLike, issueDir: string): { pages: PageReading[]; failures: string[] } {
  const pages = readWithPoppler(pdfPath);
  return {
    pages,
    failures: [
      ...checkOpenings(pages, report),
      ...checkFolios(pages, report),
      ...checkContents(pages, report),
      ...checkWords(pages, report, issueDir),
      ...checkLabels(pages, report, issueDir),
      ...checkSoftHyphens(pages),
    ],
  };
}
