/**
 * The finish of the pages in a real layout: an article with more pull
 * quotes than its pages can hold a page apart, and a table that meets the
 * foot of a page. The quotes float, one a page at most and never on
 * consecutive pages, the rest left out and reported; the table moves past
 * a paragraph instead of leaving a hole. Every build reports its finish,
 * and --strict refuses a PDF with findings.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildIssue, type BuildResult } from "../../src/build.js";
import { collectMessages } from "../../src/diagnostics.js";
import { readPdf, type PageText } from "../../src/verify/read.js";
import { FINISH_RULES, VerificationError } from "../../src/verify/index.js";
import { generateIssue, generateVariedIssue } from "../../src/generate/index.js";
import { letters } from "../../src/text.js";
import { readWithPoppler } from "../support/poppler.js";
import { keepArticles } from "../support/issues.js";

const SENTENCES = [
  "The canal company kept its accounts in two currencies until the war.",
  "Lock keepers were paid by the boat and fined by the hour.",
  "Every winter the upper pound froze and the barges waited at the basin.",
  "A new towpath was laid in brick where the old one had slipped into the cut.",
  "Coal went north in the spring and grain came south after the harvest.",
  "The engineers disagreed about the reservoir for eleven years.",
];
const QUOTES = [
  "Quoted first: the ledgers of the canal outlived its boats.",
  "Quoted second: a frozen pound stops a whole county.",
  "Quoted third: brick lasts longer than the promises made for it.",
  "Quoted fourth: the reservoir was argued over longer than it took to fill.",
  "Quoted fifth: tolls were the canal's only honest record.",
  "Quoted sixth: nobody counted the horses on the towpath.",
];

function paragraph(n: number): string {
  return Array.from({ length: 6 }, (_, k) => SENTENCES[(n + k) % SENTENCES.length]).join(" ");
}

/** An article of 30 paragraphs with a pull quote after every fifth and a table after the eighth. */
function article(): string {
  const body: string[] = [];
  for (let n = 0; n < 30; n++) {
    body.push(paragraph(n));
    if (n % 5 === 1) body.push(`:::pullquote\n${QUOTES[(n - 1) / 5]}\n:::`);
    if (n === 12) body.push("The tolls rose again.");
    if (n === 8) {
      body.push("*Table 1. Tolls by cargo, in pence a mile.*");
      body.push(["| Cargo | 1850 | 1870 |", "|---|---|---|", ...["Coal", "Grain", "Timber", "Stone", "Salt", "Lime"].map((c, i) => `| ${c} | ${i + 2} | ${i + 1} |`)].join("\n"));
    }
  }
  const front = ["---", "title: Tolls and Towpaths", "authors:", "  - name: Edith Marlowe", "---", ""].join("\n");
  return front + body.join("\n\n") + "\n";
}

function writeIssue(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-finish-"));
  const yaml = ["journal: Canal Papers", "tagline: A Test Journal of Inland Water", "volume: 1", "number: 1", "season: Spring", "year: 2026", "theme: Tolls", "sections:", "  - title: Articles", "    articles: [towpaths.md]", ""];
  fs.writeFileSync(path.join(dir, "issue.yaml"), yaml.join("\n"));
  fs.writeFileSync(path.join(dir, "towpaths.md"), article());
  return dir;
}

/** Fakes a widow: the one-line paragraph marked as the end of one begun on the page before. */
const FAKE_WIDOW = `(name) => {
  if (name !== "towpaths") return;
  const p = [...document.querySelectorAll(".pagedjs_page_content p")].find((el) => el.textContent === "The tolls rose again.");
  p.setAttribute("data-split-from", "fake");
}`;

let issueDir: string;
let result: BuildResult;
let pages: PageText[];
/**
 * Generates varied issue `seed` (`npm run generate -- DIR --varied --seed
 * N`) in a folder of its own and builds it, with only the articles
 * `articles` names where it names any: each article is a document of its
 * own, laid out the same alone.
 */
async function buildVaried(seed: number, articles?: string[]): Promise<BuildResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `galley-varied-${seed}-`));
  await generateVariedIssue(dir, { seed });
  if (articles) keepArticles(dir, articles);
  return buildIssue({ issueDir: dir, outDir: path.join(dir, "out"), log: () => undefined });
}

const shared = new Map<string, Promise<BuildResult>>();
/**
 * buildVaried, built once in this file for tests that name the same seed
 * and articles: an article is laid out the same beside others, so tests
 * about several articles of one seed read one build of them all, and seed
 * 3, built whole for its own tests, serves those about its articles.
 */
function sharedVaried(seed: number, articles?: string[]): Promise<BuildResult> {
  const key = `${seed}:${articles ? articles.join(",") : "whole"}`;
  if (!shared.has(key)) shared.set(key, buildVaried(seed, articles));
  return shared.get(key)!;
}

/** The build passed, its footnote and "nothing lost" checks first of all (their failures say most). */
function expectNothingLost(result: BuildResult): void {
  const checks = result.report.verification.checks.filter((c) => c.name === "footnotes" || c.name === "nothing lost");
  expect(checks.flatMap((c) => c.failures)).toEqual([]);
  expect(result.report.verification.passed).toBe(true);
}

/** The build passed, and its pages meet every finish rule. */
function expectEveryRuleMet(result: BuildResult): void {
  expect(result.report.verification.passed).toBe(true);
  expect(result.report.verification.finish.findings).toEqual([]);
}

/** The pages of `result`'s PDF as Galley's verifier reads them. */
const pdfPages = (result: BuildResult): Promise<PageText[]> => readPdf(new Uint8Array(fs.readFileSync(result.pdfPath)));

/** The index of the first of `pages` with a line of text that passes `test`; -1 where none does. */
const pageWhere = (pages: PageText[], test: (line: string) => boolean): number => pages.findIndex((p) => p.lines.some((l) => test(l.text)));

/** The pages of `result`, which meets every rule, and the index of the first after the cover with a line of text that passes `test`. */
async function everyRuleMetWhere(result: BuildResult, test: (line: string) => boolean): Promise<{ pages: PageText[]; page: number }> {
  expectEveryRuleMet(result);
  const pages = await pdfPages(result);
  const page = pageWhere(pages, test);
  expect(page).toBeGreaterThan(0);
  return { pages, page };
}

/** The text of the opening page of document `id` in `result`'s PDF, a line of text to a printed line. */
async function openingText(result: BuildResult, id: string): Promise<string> {
  const document = result.report.documents.find((d) => d.id === id)!;
  return (await pdfPages(result))[document.firstPdfPage - 1]!.lines.map((l) => l.text).join("\n");
}

/** The articles of seeds 9 and 10 that tests here are about, built together (sharedVaried). */
const SEED_9 = ["article-03.md", "article-08.md", "article-10.md"];
const SEED_10 = ["article-10.md", "article-12.md"];

const log: string[] = [];

beforeAll(async () => {
  issueDir = writeIssue();
  result = await buildIssue({ issueDir, outDir: issueDir + "-out", log: (line) => log.push(line) });
  pages = await pdfPages(result);
});

describe("pull quotes and tables float", () => {
  const quotePages = () =>
    QUOTES.map((quote) => pages.filter((page) => letters(page.lines.map((l) => l.text).join(" ")).includes(letters(quote))).map((p) => p.index));

  it("sets at most one pull quote a page, never on consecutive pages, each once", () => {
    const placed = quotePages().filter((on) => on.length > 0);
    for (const on of placed) expect(on).toHaveLength(1);
    const indexes = placed.map((on) => on[0]!).sort((a, b) => a - b);
    for (let i = 1; i < indexes.length; i++) expect(indexes[i]! - indexes[i - 1]!).toBeGreaterThanOrEqual(2);
    expect(indexes.length).toBeGreaterThanOrEqual(2);
  });

  it("leaves out the quotes it has no place for, and names each at its manuscript line", () => {
    const missing = quotePages().filter((on) => on.length === 0).length;
    expect(missing).toBeGreaterThan(0);
    const warnings = collectMessages(result.files).filter((m) => m.rule === "pullquote-left-out");
    expect(warnings).toHaveLength(missing);
    const source = fs.readFileSync(path.join(issueDir, "towpaths.md"), "utf8").split("\n");
    for (const w of warnings) expect(source[w.line! - 1]).toBe(":::pullquote");
  });

  it("keeps the table with its caption and leaves no hole and no crowded page", () => {
    const caption = pages.find((p) => p.lines.some((l) => l.text.startsWith("Table 1.")))!;
    expect(caption.lines.some((l) => l.text.startsWith("Cargo"))).toBe(true);
    const { counts } = result.report.verification.finish;
    expect(counts.hole).toBe(0);
    expect(counts["pull-quotes"]).toBe(0);
  });
});

describe("the finish report", () => {
  it("lists every rule in the JSON report and prints one summary line", () => {
    const report = JSON.parse(fs.readFileSync(result.reportPath, "utf8"));
    expect(Object.keys(report.verification.finish.counts).sort()).toEqual(Object.keys(FINISH_RULES).sort());
    expect(log.filter((line) => line.startsWith("finish: "))).toHaveLength(1);
  });

  it("warns of a finding by default, with its page", async () => {
    const out = issueDir + "-widow";
    const widowed = await buildIssue({ issueDir, outDir: out, afterLayout: FAKE_WIDOW, log: () => undefined });
    const widows = widowed.report.verification.finish.findings.filter((f) => f.rule === "widow");
    expect(widows).toEqual([expect.objectContaining({ documentId: "towpaths", detail: 'body: "The tolls rose again."' })]);
    expect(widowed.report.verification.passed).toBe(true);
  });

  it("refuses the PDF under --strict", async () => {
    const out = issueDir + "-strict";
    const failure = await buildIssue({ issueDir, outDir: out, afterLayout: FAKE_WIDOW, strict: true, log: () => undefined }).catch((e) => e);
    expect(failure).toBeInstanceOf(VerificationError);
    expect(String(failure.message)).toMatch(/finish: page \d+ \(towpaths\): widow: body: "The tolls rose again\."/);
    expect(fs.existsSync(path.join(out, `${path.basename(issueDir)}.pdf`))).toBe(false);
  });
});

describe("the sample issue", () => {
  // The review "Rivers of Power" opened on a page 3 lines short: its
  // heading "Leverage, Not War" went over with its two lines, and its
  // abstract set a line tighter gained only one of the two lines it
  // needed. The heading gives up half its space above in the later pass
  // (fill.js closerHeading), and comes back with its lines.
  it("meets every finish rule, and passes --strict", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-finish-sample-"));
    const sample = await buildIssue({ issueDir: path.resolve("manuscripts/meridian-14-3"), outDir: out, strict: true, log: () => undefined });
    expect(sample.report.verification.finish.findings).toEqual([]);
    const pages = await pdfPages(sample);
    const review = sample.report.documents.find((d) => d.id === "review-rivers-of-power")!;
    const opening = pages[review.firstPdfPage - 1]!.lines.map((l) => l.text);
    expect(opening).toContain("Leverage, Not War");
  });
});

describe("a note called in the last line of an article, with no room left for it", () => {
  // Generated with the options of `npm run generate -- DIR --articles 13
  // --seed 1`: article-007 ends its last page with a call whose note does
  // not fit there. Paged.js gives the note a page of its own; the call's
  // lines must go there too, or the note stands a page after its call.
  it("carries the call's lines onto the note's page", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-last-note-"));
    await generateIssue(dir, { articles: 13, seed: 1, paragraphs: 24 });
    keepArticles(dir, ["article-007.md"]);
    const result = await buildIssue({ issueDir: dir, outDir: path.join(dir, "out"), log: () => undefined });
    const footnotes = result.report.verification.checks.find((c) => c.name === "footnotes")!;
    expect(footnotes.failures).toEqual([]);
    // The case is met: article-007's last page opens with the end of a paragraph and the call.
    const last = result.report.documents.find((d) => d.id === "article-007")!.lastFolio;
    const text = (await pdfPages(result))[last - 1]!.lines.map((l) => l.runs.map((r) => r.text).join("")).join(" ");
    expect(text).toMatch(/were\.\s*14/);
  });
});

describe("an issue of name-heavy prose and long notes", () => {
  // `npm run generate -- DIR --varied --seed 3`: 192 pages.
  let result: BuildResult;
  beforeAll(async () => {
    result = await sharedVaried(3);
  });

  // Its long names, never hyphenated, left 24 loose lines (over its budget
  // of 19) while Chromium broke each line on its own. Broken as wholes
  // (page-scripts/paragraph.js), its paragraphs keep within the budget.
  it("keeps its loose lines within the budget", () => {
    expect(result.report.verification.passed).toBe(true);
    expect(result.report.verification.finish.counts["loose-lines"]).toBe(0);
  });

  // Article-10 left 4 lines empty before "Why Did The Municipalities of
  // the Caspian Littoral?" (see "a page left short before a heading").
  // The tests below about its other articles read this build too.
  it("meets every rule, its article-10 filled from the pages before a heading", async () => {
    await everyRuleMetWhere(result, (line) => line.startsWith("Why Did The Municipalities"));
  });

  // article-05 calls a nine-line note from the first line of its second
  // paragraph, near the foot of its opening page. The note's room left the
  // paragraph one line there, so it went overleaf whole and left 8 lines
  // empty (and 3 more holes on later pages). page-scripts/note-room.js
  // keeps two lines and the call there and splits the note.
  it("splits a long note at the foot rather than send its call's paragraph overleaf", async () => {
    const findings = result.report.verification.finish.findings.filter((f) => f.documentId === "article-05");
    expect(findings).toEqual([]);
    const opening = result.report.documents.find((d) => d.id === "article-05")!.firstFolio;
    const text = (await pdfPages(result))[opening - 1]!.lines.map((l) => l.runs.map((r) => r.text).join("")).join(" ");
    expect(text).toMatch(/informal highway\.\s*2/);
    expect(text).toMatch(/2 For a dec/);
  });
});

describe("varied issues that meet every rule", () => {
  // `npm run generate -- DIR --varied --seed N`. Seed 4 (96 pages): its
  // lines past a page's foot stand in Paged.js's overflow columns;
  // numbered by their height alone, a run of three hyphens that a page
  // break later moved onto one page went uncounted (3 runs). Seed 8 (68
  // pages): loose lines at pages' feet, where a note's call or a long
  // name went overleaf and left the line short (7, over its budget of
  // 6), and an opening page whose abstract ends with its rule two lines
  // and a half above the foot. Seed 6 (36 pages) met them first. Seed 13
  // (20 pages): a paragraph running past a page's foot could not be broken
  // as a whole (its lines in the overflow column were read as too wide),
  // and lines were read as loose against a guess of the page's usual
  // space wider than the page's (3 loose lines, over its budget of 2).
  it.each([4, 6, 8, 13])("seed %i", async (seed) => {
    const result = await buildVaried(seed);
    expect(result.report.verification.passed).toBe(true);
    const { counts } = result.report.verification.finish;
    expect(counts).toEqual(Object.fromEntries(Object.keys(counts).map((rule) => [rule, 0])));
  });

  // Seed 61's article-08 and article-12 (40 pages with the front matter):
  // 5 loose lines, over their budget of 4. A paragraph broken as a whole
  // was kept only with fewer loose lines by the measure of the page's lines
  // set so far: one word space of 15.8 px brought down to 10.0 counted as
  // loose still, and was undone, where the page's median passes it. And
  // a page's last line left loose by a word sent over could not share the
  // room with the lines above it within nine tenths of a loose space.
  it("seed 61's articles whose loose lines a paragraph broken as a whole narrows", async () => {
    const result = await buildVaried(61, ["article-08.md", "article-12.md"]);
    expectEveryRuleMet(result);
  });

  // Seed 16's book review in Azerbaijani (lang: az), for which the hyphen
  // package has no patterns: set unhyphenated, its 17 pages had 63 loose
  // lines. Hyphenated by syllable, it has none.
  it("seed 16's Azerbaijani article", async () => {
    const result = await buildVaried(16, ["article-04.md"]);
    expect(result.report.verification.passed).toBe(true);
    expect(result.report.verification.finish.counts["loose-lines"]).toBe(0);
  });
});

describe("a line that calls a note split over the foot and a note sent overleaf whole", () => {
  // `npm run generate -- DIR --varied --seed 10`: 276 pages. Article-10's
  // opening page ends "…basins.6,7": note 6 is split over the foot and
  // note 7 finds no room at all. The line goes over with its calls, and
  // the first part of note 6 with it; the rest Paged.js had queued for
  // the next page is taken out there (foot.js), so note 6 is set whole
  // after its call and note 7 after it. Left on the page, the call of
  // note 7 stood a page before its note.
  it("sends the line over with both its notes, whole and in order", async () => {
    const result = await sharedVaried(10, SEED_10);
    expectNothingLost(result);
    const opening = result.report.documents.find((d) => d.id === "article-10")!.firstFolio;
    const next = (await pdfPages(result))[opening]!.lines.map((l) => l.runs.map((r) => r.text).join("")).join(" ");
    expect(next).toMatch(/basins\.\s*6,\s*7/);
    expect(next).toMatch(/6 The low-lying basin/);
  });
});

describe("an address broken at a page's foot, with a part it repeats", () => {
  // `npm run generate -- DIR --varied --seed 61`: article-06's page 80
  // ends inside ".../coastal-mediators/maritime-negotiations/coastal-
  // reservoirs/...", at a <wbr> before the second "/coastal". Paged.js
  // maps the text overleaf to the first source text node that contains
  // it, the first "/coastal", and page 81 printed a part of the address
  // twice. breaks.js points the break after the <wbr> it follows.
  it("goes on overleaf from where the page ended", async () => {
    const result = await buildVaried(61, ["article-06.md"]);
    const lost = result.report.verification.checks.find((c) => c.name === "nothing lost")!;
    expect(lost.failures).toEqual([]);
    const text = (await pdfPages(result))
      .map((page) => page.lines.map((l) => l.runs.map((r) => r.text).join("")).join(" "))
      .join(" ");
    expect(text.match(/coastal-mediators/g)).toHaveLength(1);
  });
});

describe("an emphasised word hyphenated at a page's foot", () => {
  // `npm run generate -- DIR --varied --seed 31`: a page of article-01
  // ended "…census of 24 per cent: a ad-", the rest of the emphasised
  // "administrative" overleaf. The page must not end in a hyphen, so the
  // word goes over whole; breaks.js looked for its start only in the
  // emphasis's own text, found no space before "ad", and left the break.
  // It now follows the word back across the elements it starts in.
  it("goes over whole, and no hyphen is left behind", async () => {
    const result = await buildVaried(31, ["article-01.md"]);
    expectNothingLost(result);
    expect(result.report.verification.finish.findings.filter((f) => f.rule === "page-end-hyphen")).toEqual([]);
    const pages = await pdfPages(result);
    const page = pageWhere(pages, (line) => line.includes("census of 24 per cent"));
    expect(page).toBeGreaterThan(0);
    expect(pages[page]!.lines.find((l) => l.text.includes("census of 24 per cent"))!.text).toMatch(/per cent: a$/);
    expect(pages[page + 1]!.lines.some((l) => l.text.startsWith("administrative mandate."))).toBe(true);
  });
});

describe("a table that opens a page after a pull quote left out there", () => {
  // `npm run generate -- DIR --varied --seed 27`: article-19's last page
  // holds only its table, which went over after the last paragraph. A
  // pull quote with no place left stood before it in the source, hidden,
  // and its hidden text counted as what came first on the page: the
  // table's caption kept its space above and started 12.7 pt low.
  it("sets its caption on the text block's top", async () => {
    const result = await buildVaried(27, ["article-19.md"]);
    expect(collectMessages(result.files).filter((m) => m.rule === "pullquote-left-out")).not.toEqual([]);
    const pages = await pdfPages(result);
    const last = result.report.documents.find((d) => d.id === "article-19")!.lastFolio;
    expect(pages[last - 1]!.lines.some((l) => l.text.startsWith("Table 1."))).toBe(true);
    expect(result.report.verification.finish.findings.filter((f) => f.rule === "first-line")).toEqual([]);
    expect(result.report.verification.passed).toBe(true);
  });
});

describe("a page shortened after it was filled", () => {
  // `npm run generate -- DIR --varied --seed 2`: 260 pages. Article-18's
  // page ending "…fragmented mid-century guarantees." before a heading
  // was filled as it was laid out, then left three lines short by the
  // steps after. fill.js fills it again once every page is set: a
  // paragraph of it is set a line longer.
  it("is filled again as it stands at the end", async () => {
    const result = await buildVaried(2, ["article-18.md"]);
    expect(result.report.verification.passed).toBe(true);
    const pages = await pdfPages(result);
    const page = pageWhere(pages, (line) => line.includes("fragmented mid-century guarantees."));
    expect(page).toBeGreaterThan(0);
    // The page still ends before the heading: the test reads the case it names.
    expect(pages[page + 1]!.lines.slice(0, 3).map((l) => l.text).join(" ")).toContain("River-Basin Diasporas");
    const holes = result.report.verification.finish.findings.filter((f) => f.rule === "hole");
    expect(holes.filter((f) => f.detail.includes("fragmented mid-century guarantees"))).toEqual([]);
  });
});

describe("a page whose foot is settled while Paged.js keeps room for a note that went overleaf", () => {
  // `npm run generate -- DIR --varied --seed 65`: article-05's page 8
  // ended "…the aquifer of 33 per" three lines short. Its next line ends
  // "…suspended the state-led corri-", and the line after calls notes 13
  // and 14, which went overleaf with it. foot.js gave the hyphenated line
  // over too, measuring the page with the room Paged.js still kept for
  // those notes; given back, it left 3.6 lines empty. The room is now
  // given back first (room.js fitNoteArea), and the line stays.
  it("keeps the line, its hyphenated word sent over", async () => {
    const result = await buildVaried(65, ["article-05.md"]);
    const { pages, page } = await everyRuleMetWhere(result, (line) => line.includes("aquifer of 33 per"));
    expect(pages[page]!.lines.map((l) => l.text).join("\n")).toMatch(/suspended the state-led$/m);
  });
});

describe("a note called at the very end of a full justified line", () => {
  // `npm run generate -- DIR --varied --seed 91`: article-04's last page
  // ends a line "…a fragile monsoon.41". Paged.js measured the empty call
  // anchor a fraction of a pixel past the text block's edge and dropped
  // note 41, as if its call were going overleaf (pagedjs/pagedjs#130);
  // nothing overflowed, so the note was printed nowhere. paged-footnotes.js
  // sets it at the foot.
  it("prints the note at the foot of its call's page", async () => {
    const result = await buildVaried(91, ["article-04.md"]);
    expectNothingLost(result);
    const pages = await pdfPages(result);
    const page = pages.find((p) => p.lines.some((l) => l.text.includes("a fragile monsoon")))!;
    expect(page.lines.some((l) => l.text.endsWith("monsoon.41"))).toBe(true);
    expect(page.lines.some((l) => l.text.startsWith("41 Asymmetric tribunals"))).toBe(true);
  });
});

describe("a ligature that opens a page", () => {
  // `npm run generate -- DIR --varied --seed 100`: article-01's page 13
  // opens with "floodplain", its "fl" one ligature glyph. Chromium mapped
  // that glyph to "f" in the document's font, so every "fl" of the
  // article read "f" ("foodplain") to poppler and pdf.js alike, and the
  // verifier refused the PDF. The text-map repair gives each ligature
  // glyph the letters it joins, from the embedded font's GSUB table.
  it("reads back with all its letters", async () => {
    const result = await buildVaried(100, ["article-01.md"]);
    expect(result.report.verification.passed).toBe(true);
    const poppler = execFileSync("pdftotext", [result.pdfPath, "-"], { encoding: "utf8" });
    expect(poppler).toContain("floodplain gradually negotiated");
    expect(poppler).not.toContain("foodplain");
    const pdfjs = (await pdfPages(result)).flatMap((p) => p.lines.map((l) => l.text)).join("\n");
    expect(pdfjs).toContain("floodplain gradually negotiated");
    expect(pdfjs).not.toContain("foodplain");
  });
});

describe("an author's note with a long note called near the opening page's foot", () => {
  // `npm run generate -- DIR --varied --seed 106`: article-09's opening
  // page. Note 1 did not fit below its call, and Paged.js made the notes'
  // room end just below the call's line: too small for the author's note
  // set there first. Both went to the next page, and the author's line
  // with them (foot.js keeps calls with their notes), with the abstract
  // and the text: the opening page held its title alone.
  // paged-footnotes.js keeps the room the author's note needs.
  it("keeps the author's line, the abstract and the author's note on the opening page", async () => {
    const result = await buildVaried(106, ["article-09.md"]);
    expect(result.report.verification.passed).toBe(true);
    const opening = result.report.documents.find((d) => d.id === "article-09")!.firstFolio;
    const text = (await pdfPages(result))[opening - 1]!.lines.map((l) => l.text).join("\n");
    expect(text).toContain("Long-Term Coalitions");
    expect(text).toMatch(/ABSTRACT/i);
    expect(text).toMatch(/^\* Centre for Water Governance/m);
  });
});

describe("runs of hyphens in a quotation, and in the rest of a split paragraph", () => {
  // `npm run generate -- DIR --varied --seed 9`, two of its articles.
  // Article-08's quotation ended three lines running in "mid-cen-",
  // "settle-", "con-": Paged.js copies a quotation (and a list item) whole
  // and calls its hooks for the copy alone, so lines.js never read the
  // paragraph inside. Article-10's page opening "…stewardship'. The
  // embassy" ended three lines in "Turkish-", "constitu-", "frag-": the
  // rest of a paragraph split from the page before, whose own part had
  // been set again, so the rest broke into other lines than were read
  // there. lines.js reads both.
  it("has none in a quotation, nor where a split paragraph goes on", async () => {
    const result = await sharedVaried(9, SEED_9);
    expect(result.report.verification.passed).toBe(true);
    expect(result.report.verification.finish.findings.filter((f) => f.rule === "hyphen-run")).toEqual([]);
    const text = (await pdfPages(result)).flatMap((p) => p.lines.map((l) => l.text)).join("\n");
    // The test reads the paragraphs it names.
    expect(text).toContain("The embassy of 88 per cent entrenched the Turkish-");
    expect(text).toMatch(/Co-operation institutions resisted the overlapping agreement/);
  });
});

describe("a paragraph broken as a whole and set tighter, going on overleaf", () => {
  // `npm run generate -- DIR --varied --seed 24`, article-04: a paragraph
  // set with word spaces 0.04 em narrower, then broken as a whole, runs
  // past a page's foot. Its lines overleaf are set from Paged.js's source,
  // whose spans were given the line's word spacing without the
  // paragraph's (the source has no computed style): a line ending at a
  // soft hyphen came out too wide for its hyphen, which stood on a line
  // of its own ("post / - / poned"), and poppler read "post poned".
  it("sets each line overleaf as it was chosen, its hyphen at its end", async () => {
    const result = await buildVaried(24, ["article-04.md"]);
    const text = readWithPoppler(result.pdfPath).map((page) => page.text).join("\n");
    expect(text).toMatch(/Ferghana valley post-\n\s*poned contested/);
    expect(text).not.toMatch(/^\s*-\s*$/m);
  });
});

describe("runs of hyphens in a figure's caption", () => {
  // `npm run generate -- DIR --varied --seed 29`: article-03's Figure 1
  // caption ended three lines running in "un-", "cod-", "al-". Paged.js
  // copies a figure whole, and lines.js read only paragraphs.
  it("has none", async () => {
    const result = await buildVaried(29, ["article-03.md"]);
    expect(result.report.verification.passed).toBe(true);
    expect(result.report.verification.finish.counts["hyphen-run"]).toBe(0);
    const text = (await pdfPages(result)).flatMap((p) => p.lines.map((l) => l.text));
    expect(text.some((line) => line.startsWith("Figure 1. Low-lying harbours"))).toBe(true);
  });
});

describe("a page left short before a heading that cannot come back", () => {
  // `npm run generate -- DIR --varied --seed N`, one article. Seed 7's
  // article-14 left 3 lines empty before "Self-Determination Settlements:
  // Franco-German Harbours", and seed 3's article-10 4 lines before a
  // heading (see "an issue of name-heavy prose"), a pull quote above them:
  // the heading and its two lines need more room than lines set tighter
  // there gain. fill.js has the full pages before give a line over each
  // instead (paragraphs set a line longer in a later pass).
  it("seed 7, article-14.md, is filled from the pages before", async () => {
    const result = await buildVaried(7, ["article-14.md"]);
    expectEveryRuleMet(result);
  });

  // Seed 39's article-02 left 3 lines empty before "The Reluctant
  // Reservoir: Co-Operation Harbours Beyond Cross-Border Guarantees", two
  // lines of heading whose first line of text calls a note of seven. The
  // heading and its lines need more room than a later pass gains on that
  // page and the one before, even without the note: in-page, the page was
  // excused as barred by notes, which the verifier did not excuse. It now
  // counts as a fault, and paragraphs of the three pages before may be set
  // a line shorter.
  it("seed 39, article-02.md, is filled by text moved up from the pages before", async () => {
    const result = await buildVaried(39, ["article-02.md"]);
    await everyRuleMetWhere(result, (line) => line.startsWith("The Reluctant Reservoir"));
  });

  // Seed 45's article-01 left 3 lines empty before "What Remains of The
  // Ledgers of the Gulf?": the later pass set a paragraph of the page a
  // line shorter, and lines.js, reading it loose by its own measure, set
  // it again with the line back. Seed 48's article-04 left 3 before a
  // heading of two lines whose first lines call a note: with them it
  // needs four lines more than the page has, more than the three a page
  // asked for.
  it.each([
    [45, "article-01.md"],
    [48, "article-04.md"],
  ])("seed %i, %s, keeps the lines its later pass gains", async (seed, article) => {
    const result = await buildVaried(seed, [article]);
    expectEveryRuleMet(result);
  });

  // Seed 63's article-04 left 3 lines empty on page 12, after "delayed
  // the constitutional garrison.": the later pass that mended the page the
  // first layout left short left this one short, which the first layout
  // could not ask for. The passes go on from the best layout, with what
  // its own pages ask (render/pagedjs.ts layOutBest).
  it("seed 63, article-04.md, is mended by a pass that goes on from the one before", async () => {
    const result = await buildVaried(63, ["article-04.md"]);
    expectEveryRuleMet(result);
  });

  // Seed 74's article-02 left 3 lines empty before "Why Did River-Basin
  // Delegations of the Asymmetric Frontier?". The pass that brought the
  // heading back pushed text onto two later pages, and the passes from
  // the best layout, which kept the hole, could not ask for those. The
  // passes go on from the layout that got furthest where none did better.
  it("seed 74, article-02.md, is mended by passes from the layout that got furthest", async () => {
    const result = await buildVaried(74, ["article-02.md"]);
    await everyRuleMetWhere(result, (line) => line.startsWith("Why Did River-Basin Delegations"));
  });

  // Seed 78's article-21 left 3 lines empty before "Coastal Coalitions:
  // Provincial Cartographers of the Mandate". Its first layout had no
  // hole, but fill.js counted a page's empty lines by the abstract's
  // closer leading, found one that was none, and the passes it asked for
  // left the real one.
  it("seed 78, article-21.md, counts a page's empty lines by the body's leading", async () => {
    const result = await buildVaried(78, ["article-21.md"]);
    await everyRuleMetWhere(result, (line) => line.startsWith("Coastal Coalitions"));
  });

  // Seed 26's article-10 left 3.5 lines empty before "The
  // Self-Determination Constitution of Turkish-Azerbaijani Archives Under
  // Long-Term", two of the page's four paragraphs with lines chosen as a
  // whole (lines.js), which fill.js passed over. Once every page is set,
  // one of them is set again a line longer (fill-page.js).
  it("seed 26, article-10.md, is filled by a paragraph whose lines were chosen as a whole", async () => {
    const result = await buildVaried(26, ["article-10.md"]);
    const { pages, page: heading } = await everyRuleMetWhere(result, (line) => line.startsWith("The Self-Determination Constitution"));
    expect(pages[heading - 1]!.lines.some((l) => l.text.includes("2013 – at least on paper."))).toBe(true);
  });
});

describe("an article's body opening at the foot of its opening page, below the abstract", () => {
  // `npm run generate -- DIR --varied --seed N`, one article each. Seed
  // 3's article-12: the body's first line calls a note of seven lines; its
  // first two lines, the abstract's margin above them and the note's first
  // lines fit below the abstract. note-room.js reckoned the paragraph's
  // place without the abstract's margin (the paragraph opens the body, and
  // the abstract is no sibling of it), found the call's line would not
  // stay, and sent the body overleaf: four lines empty. Seed 5's
  // article-13: the body's second line calls a note of four lines, which
  // with the abstract's margin cannot start there; the lines alone could,
  // so the page is excused, where the verifier, leaving out the margin,
  // had counted a hole.
  it("starts there, with its note split at the foot, where they fit", async () => {
    const result = await sharedVaried(3);
    expect(result.report.verification.finish.findings).toEqual([]);
    const opening = await openingText(result, "article-12");
    expect(opening).toMatch(/The low-lying census stabilised/);
    expect(opening).toMatch(/^1 Since then, piecemeal engineers/m);
  });

  // Seed 5's article-02: the body's second line there ends in a hyphen,
  // which a page's last line may not. foot.js measured the room the
  // paragraph would leave if it went over whole from its first line, not
  // from the abstract's rule above the margin: two lines and a half to it,
  // three to the verifier, a hole. The word goes over instead.
  it("keeps its two lines there where the second ends in a hyphen, the word sent over", async () => {
    const result = await buildVaried(5, ["article-02.md"]);
    expect(result.report.verification.finish.findings.filter((f) => f.rule === "hole")).toEqual([]);
    const opening = await openingText(result, "article-02");
    expect(opening).toMatch(/Hydrological delegations delayed/);
    expect(opening).toMatch(/mediator of some 9,115$/m);
  });

  it("is excused, not a hole, where the lines' notes cannot start there below the abstract's margin", async () => {
    const result = await buildVaried(5, ["article-13.md"]);
    const { findings, excused } = result.report.verification.finish;
    expect(findings).toEqual([]);
    expect(excused).toContainEqual(expect.objectContaining({ rule: "hole", detail: expect.stringMatching(/^3 empty lines after "commission in the Baltic\."/) }));
  });
});

describe("a paragraph whose second line calls a note too long for the page's foot", () => {
  // `npm run generate -- DIR --varied --seed 10`, article-12: "The
  // asymmetric canal financed the long-term memorandum" stood alone at a
  // page's foot, its second line gone over with its call. foot.js counted
  // the page it would leave by line boxes, which reach further down than
  // the letters the verifier counts from: two lines and three quarters
  // empty were a hole to it, and the orphan stayed.
  it("goes over whole where the page it leaves is no hole as the verifier counts", async () => {
    const result = await sharedVaried(10, SEED_10);
    expect(result.report.verification.finish.findings).toEqual([]);
    const text = (await pdfPages(result)).map((p) => p.lines.map((l) => l.text).join("\n"));
    // Its first two lines stand on one page.
    expect(text.find((page) => page.includes("The asymmetric canal financed"))).toContain("of the Red River delta reopened");
  });
});

describe("a paragraph set a line shorter after its last line's note was given its room", () => {
  // `npm run generate -- DIR --varied --seed 3`, article-04: Paged.js set
  // note 3 as its call's paragraph was set, with the room below the call's
  // line, one line above the page's foot: too little for the note's first
  // two lines. lines.js then set the paragraph a line shorter, the call
  // went up a line, and the room stayed as it was: the whole note went
  // overleaf, its call's line with it, and the page ended three lines short.
  it("gives the note the room its call's new line leaves, and keeps the line", async () => {
    const result = await sharedVaried(3);
    expect(result.report.verification.finish.findings).toEqual([]);
    const text = (await pdfPages(result)).map((p) => p.lines.map((l) => l.text).join("\n"));
    const page = text.find((t) => t.includes("openly anticipated the technical"));
    expect(page).toContain("calls ‘technical neutrality’?");
    expect(page).toMatch(/^3 The informal monsoon/m);
  });
});

describe("an article that ends with figures", () => {
  // `npm run generate -- DIR --varied --seed 1`: article-01's text ends
  // on its third page with Figure 3; Figure 1, last in the manuscript,
  // was a few lines too tall for the room left under it, had no text to
  // let go before it, and stood alone overleaf: 16 empty lines. finish.js
  // sets such a figure smaller, to no less than 80 % of its height.
  it("sets the last figure a little smaller rather than alone overleaf", async () => {
    const result = await buildVaried(1, ["article-01.md"]);
    expectEveryRuleMet(result);
    const article = result.report.documents.find((d) => d.id === "article-01")!;
    const pages = await pdfPages(result);
    const last = pages[article.lastPdfPage - 1]!.lines.map((l) => l.text).join(" ");
    expect(last).toContain("Figure 3.");
    expect(last).toContain("Figure 1.");
  });
});

describe("a widow no line given over can mend", () => {
  // `npm run generate -- DIR --varied --seed 127`, article-06: a list
  // item's last line, "the self-determination mandate in Patagonia.",
  // stood alone atop the article's last page. Giving its two lines over
  // would leave the page 3 lines short, and no setting of the item makes
  // it a line shorter or longer. A later pass sets an item above it on
  // the page a line shorter (widows.js), and the page holds it whole.
  it("is mended by a line gained above it in a later pass", async () => {
    const result = await buildVaried(127, ["article-06.md"]);
    const { pages, page } = await everyRuleMetWhere(result, (line) => line.includes("the self-determination mandate in Patagonia."));
    expect(pages[page]!.lines.some((l) => l.text.includes("The incremental floodplain constrained"))).toBe(true);
  });
});

describe("a heading the page breaks after", () => {
  // `npm run generate -- DIR --varied --seed 126`, article-08: a later
  // pass's layout ended a page with the heading "Franco-German Corridors
  // Under the Unfinished Mandate: Incremental Treaties", its paragraph
  // overleaf. foot.js sends such a heading over with the lines it keeps.
  it("goes over with its paragraph", async () => {
    const result = await buildVaried(126, ["article-08.md"]);
    expect(result.report.verification.passed).toBe(true);
    const pages = await pdfPages(result);
    const page = pages.find((p) => p.lines.some((l) => l.text.includes("Unfinished Mandate: Incremental Treaties")))!;
    expect(page.lines.some((l) => l.text.startsWith("Incremental tariffs widened"))).toBe(true);
  });
});

describe("a heading whose paragraph calls a long note in its first line, near the foot", () => {
  // `npm run generate -- DIR --varied --seed 9`, article-03: the heading
  // "Can Indo-Pakistani Ledgers: The Mediators of Patagonia?" went overleaf
  // with its paragraph, whose first line calls note 57, and left 10 lines
  // empty. The page had room for the heading, two lines and the note's
  // first lines; note-room.js reckoned the room the paragraph needs from
  // the heading's last line, without the space below the heading.
  it("stays on the page with the note's first lines, the note going on overleaf", async () => {
    const result = await sharedVaried(9, SEED_9);
    expect(result.report.verification.passed).toBe(true);
    expect(result.report.verification.finish.findings.filter((f) => f.rule === "hole")).toEqual([]);
    const pages = readWithPoppler(result.pdfPath);
    const page = pages.find((p) => p.text.includes("Can Indo-Pakistani Ledgers"))!;
    expect(page.text).toContain("The provisional enclave obscured the concessions of the Andes.");
    expect(page.text).toMatch(/57 +In the event, the unfinished broker/);
    // The note goes on between two of its list items: the line that ends
    // the item here ends short, as the item does, not spread to the edge
    // as a line the split cuts would be.
    const right = Math.max(...page.words.map((w) => w.xMax));
    const end = page.words.find((w) => w.text === "guarantees." && w.yMin > page.height / 2)!;
    expect(end.xMax).toBeLessThan(right - 30);
    expect(pages[page.number]!.text).toContain("The cross-border basin formally narrowed");
  });
});
