/**
 * The checks hold however print breaks a line: titles and notes with hard
 * hyphens, dashes, slashes, apostrophes, digits and diacritics are set
 * here at many measures, so that lines break at every place they can,
 * hyphenated, upper-cased the Turkish way, with ligatures and curly quotes,
 * and across pages. Every check must pass on every one of them.
 */
import { describe, expect, it } from "vitest";
import type { DocumentRecord } from "../../src/model/documents.js";
import type { PageRecord } from "../../src/postprocess/index.js";
import { callNumbers, checkContents, checkFootnotes, checkHeads, type Zones } from "../../src/verify/checks.js";
import { expectedStreams, printedStreams } from "../../src/verify/completeness.js";
import { groupLines, type PageText, type TextRun } from "../../src/verify/read.js";

const zones: Zones = { head: 50, foot: 60 };
const H = 680;
const LEADING = 13;

const TITLES = [
  "On Azerbaijani Refugees and IDPs from Armenia and Nagorno-Karabakh Region of Azerbaijan",
  "The EU-Turkey Statement of 2016: Who Counts as a “Safe Third Country”?",
  "Rivers/Borders — Water Law after 1991, from the Aral to the Kura–Araz Basin",
  "İlkin Fərid Həsənli's Field Notes: Şəki, Qəbələ and the Post-Soviet Village",
  "Efficient Fiords? Ærø, Tromsø and the Half-Life of Nordic Co-operation",
  "Quốc-ngữ and the State: 12 Notes on Script Reform in Việt Nam, 1906–1945",
  "A Title Ending in a Number 2030",
];

/**
 * Sets `text` greedily into lines of at most `measure` characters, breaking
 * at spaces and after hard hyphens, dashes and slashes (kept). Words
 * too long for what is left are hyphenated at the measure when `hyphenate`.
 */
function setLines(text: string, measure: number, hyphenate: boolean): string[] {
  const pieces = text.split(/(?<=[-–—/])|(?= )/).flatMap((piece) => piece.split(/(?<= )/));
  const lines: string[] = [];
  let line = "";
  for (let piece of pieces) {
    while (line.length + piece.trimEnd().length > measure) {
      const room = measure - line.length - 1;
      if (hyphenate && room >= 2 && piece.trim().length - room >= 3 && /^\p{L}{2}/u.test(piece.trim())) {
        lines.push(`${line}${piece.slice(0, room)}-`);
        piece = piece.slice(room);
        line = "";
      } else if (line.trim()) {
        lines.push(line.trimEnd());
        line = "";
        piece = piece.trimStart();
      } else {
        break;
      }
    }
    line += piece;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/** What the page's text layer may give for `text`: Turkish capitals, ligatures, straight quotes. */
function printed(text: string, variant: number): string {
  switch (variant % 4) {
    case 1:
      return text.toLocaleUpperCase("tr");
    case 2:
      return text.replace(/fi/g, "ﬁ").replace(/ff/g, "ﬀ").replace(/fl/g, "ﬂ");
    case 3:
      return text.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
    default:
      return text;
  }
}

const run = (text: string, y: number, size = 10, x = 60): TextRun => ({ text, x, y, size });
const page = (index: number, runs: TextRun[]): PageText => ({ index, width: 482, height: H, runs, lines: groupLines(runs) });
const record = (index: number, documentId: string, role: PageRecord["role"], head: string | null, holdsContents = false): PageRecord => ({
  index,
  folio: index + 1,
  documentId,
  role,
  folioPrinted: role !== "cover",
  head,
  footnoteTop: null,
  holdsContents,
});

/**
 * A contents of every title, broken as given, over as many pages as it
 * takes, with a page break forced after `split` entries; each article is
 * one page after it.
 */
function contentsIssue(titles: string[], measure: number, variant: number, split: number) {
  const sheets: { text: string; size: number; folio?: string }[][] = [[{ text: "İçindekiler", size: 15 }]];
  const add = (line: { text: string; size: number; folio?: string }) => {
    if (sheets.at(-1)!.length >= 38) sheets.push([]);
    sheets.at(-1)!.push(line);
  };
  const contentsPages = () => sheets.length;
  titles.forEach((title, i) => {
    if (i === split) sheets.push([]);
    add({ text: "Author Name", size: 8.5 });
    const lines = setLines(printed(title, variant + i), measure, variant % 2 === 0);
    // The folio's place is known only once the contents is paginated: filled in below.
    lines.forEach((line, k) => add({ text: line, size: 10, folio: k === lines.length - 1 ? `a${i}` : undefined }));
  });
  const first = 2 + contentsPages();
  const documents: DocumentRecord[] = [
    { id: "front", kind: "front", title: "Front", firstFolio: 1, lastFolio: first - 1, firstPdfPage: 1, lastPdfPage: first - 1 },
    ...titles.map((title, i) => ({ id: `a${i}`, kind: "article" as const, title, firstFolio: first + i, lastFolio: first + i, firstPdfPage: first + i, lastPdfPage: first + i })),
  ];
  const folioOf = (id: string) => String(first + Number(id.slice(1)));
  const pages = [
    page(0, [run("Cover", 300)]),
    ...sheets.map((lines, s) =>
      page(1 + s, [
        ...lines.flatMap((line, k) => [
          run(line.text, 80 + k * LEADING, line.size),
          ...(line.folio ? [run(folioOf(line.folio), 80 + k * LEADING, 10, 420)] : []),
        ]),
        run(String(2 + s), H - 30, 8.5),
      ]),
    ),
    ...titles.map((title, i) => page(first - 1 + i, [...setLines(title, 30, true).map((l, k) => run(l, 120 + k * 20, 18)), run(String(first + i), H - 30, 8.5)])),
  ];
  const records = [
    record(0, "front", "cover", null),
    ...sheets.map((_, s) => record(1 + s, "front", "front", null, true)),
    ...titles.map((_, i) => record(first - 1 + i, `a${i}`, "opening", null)),
  ];
  return { pages, records, documents };
}

describe("checks hold at every line break", () => {
  const measures = [6, 9, 12, 16, 21, 27, 34, 44, 60];

  it.each(measures)("contents: every title found at a measure of %i characters, however it breaks", (measure) => {
    for (let variant = 0; variant < 4; variant++) {
      for (const split of [TITLES.length, 2, 5]) {
        const { pages, records, documents } = contentsIssue(TITLES, measure, variant, split);
        expect(checkContents(pages, records, documents, zones), `measure ${measure}, variant ${variant}, split ${split}`).toEqual([]);
      }
    }
  });

  it("contents: still catches a wrong folio and a missing entry", () => {
    const { pages, records, documents } = contentsIssue(TITLES, 21, 0, 3);
    const wrong = documents.map((d, i) => (i === 2 ? { ...d, firstFolio: 9 } : d));
    expect(checkContents(pages, records, wrong, zones)[0]).toMatch(/listed at \d+, but it starts on page 9/);
    const missing = [...documents.slice(0, 2), { ...documents[1]!, id: "x", title: "A Title Nobody Set" }, ...documents.slice(2)];
    expect(checkContents(pages, records, missing, zones)[0]).toMatch(/no entry for "A Title Nobody Set"/);
  });

  it.each(TITLES)("running heads: %s, letter-spaced, in capitals or with its dashes read back otherwise", (title) => {
    const head = `Ayşe Yıldız — ${title}`;
    const readings = [head, head.toLocaleUpperCase("tr"), [...head].join(" "), head.replace(/—/g, "-").replace(/–/g, "-")];
    for (const reading of readings) {
      const pages = [page(0, [run(reading, 30, 8), run("1", H - 30, 8.5)])];
      expect(checkHeads(pages, [record(0, "a", "body", head)], zones), reading).toEqual([]);
    }
    const wrong = [page(0, [run("Another Author — Another Title", 30, 8), run("1", H - 30, 8.5)])];
    expect(checkHeads(wrong, [record(0, "a", "body", head)], zones)).toHaveLength(1);
  });

  it.each(measures)("nothing lost: a paragraph of every title at %i characters, hyphenated and transformed", (measure) => {
    const text = TITLES.join(" ");
    const html = `<html><body><p>${text}</p></body></html>`;
    for (let variant = 0; variant < 4; variant++) {
      const lines = setLines(printed(text, variant), measure * 2, true);
      const runs = lines.map((l, k) => run(l, 80 + (k % 40) * LEADING));
      const pages = [page(0, runs.slice(0, 40)), page(1, runs.slice(40))];
      const streams = printedStreams(pages, [record(0, "a", "opening", null), record(1, "a", "body", null)], { head: 0, foot: 0 });
      expect(streams.main.text, `variant ${variant}`).toBe(expectedStreams(html, new Map()).main);
    }
  });
});

describe("footnotes where the notes outweigh the text", () => {
  /** Six short lines of text with a call each, and 24 three-line notes below: the notes' size dominates. */
  function heavyPage() {
    const runs: TextRun[] = [];
    for (let n = 1; n <= 6; n++) {
      runs.push(run("Short line of body text", 80 + n * 14, 10), run(String(n), 77 + n * 14, 6.5, 300));
    }
    for (let n = 1; n <= 24; n++) {
      const y = 200 + n * 18;
      runs.push(run(String(n), y, 8, 60), run(`Note ${n} opens here and runs on across three`, y, 8, 70));
    }
    return page(0, runs);
  }
  it("finds every call and every note on the page, judging calls against the text above the notes", () => {
    const doc: DocumentRecord = { id: "law", kind: "article", title: "Law", firstFolio: 1, lastFolio: 1, firstPdfPage: 1, lastPdfPage: 1 };
    const footnotes = Array.from({ length: 24 }, (_, i) => ({ number: i + 1, label: `n${i + 1}`, text: `Note ${i + 1} opens here and runs on across three lines.` }));
    // Only six calls are set here: the first six notes are placed, the others have no call.
    const failures = checkFootnotes([heavyPage()], { document: doc, footnotes, authorNotes: [], footnoteTops: new Map([[0, 205]]) }, { head: 50, foot: 20 });
    expect(failures).toEqual(Array.from({ length: 18 }, (_, i) => `law: the call to footnote ${i + 7} is not in the PDF: expected a small raised "${i + 7}" in the text of pages 1–1`));
  });
});

describe("footnotes where the abstract outweighs the text", () => {
  it("finds a call in a short text under a long abstract set in its own size", () => {
    const runs: TextRun[] = [];
    for (let k = 0; k < 30; k++) runs.push(run("A long abstract set a size below the text, line after line", 80 + k * 12, 9));
    runs.push(run("The short text of the article", 460, 10), run("1", 456.2, 6.5, 300), run("1", 560, 8, 60), run("The only note.", 560, 8, 70));
    const doc: DocumentRecord = { id: "short", kind: "article", title: "Short", firstFolio: 1, lastFolio: 1, firstPdfPage: 1, lastPdfPage: 1 };
    const footnotes = [{ number: 1, label: "n1", text: "The only note." }];
    expect(checkFootnotes([page(0, runs)], { document: doc, footnotes, authorNotes: [], footnoteTops: new Map([[0, 550]]) }, { head: 50, foot: 20 })).toEqual([]);
  });
});

describe("nothing lost, with an ordered list", () => {
  it("expects the numbers the browser prints before each item, from the list's start", () => {
    const html = `<p>Before.</p><ol start="3"><li>First item</li><li>Second item</li></ol>`;
    expect(expectedStreams(html, new Map()).main).toBe("BEFORE3FIRSTITEM4SECONDITEM");
    expect(expectedStreams("<ol><li>One</li></ol>", new Map()).main).toBe("1ONE");
  });
});

describe("nothing lost, with the template's own lists", () => {
  it("expects no numbers in a list the template styles (it carries a class)", () => {
    expect(expectedStreams(`<ol class="contents-entries"><li>Entry</li></ol>`, new Map()).main).toBe("ENTRY");
  });
});

describe("calls side by side", () => {
  it("reads calls set apart by commas, in one run or several", () => {
    expect(callNumbers("10,11", 10)).toEqual([10, 11]);
    expect(callNumbers(",11", 11)).toEqual([11]);
    expect(callNumbers("4,12", 12)).toEqual([4, 12]);
  });

  it("splits digits run together where they read as the next calls, or an earlier note again", () => {
    expect(callNumbers("1011", 10)).toEqual([10, 11]);
    expect(callNumbers("12", 1)).toEqual([1, 2]);
    expect(callNumbers("412", 12)).toEqual([4, 12]);
    // A number that is simply the next call stays whole.
    expect(callNumbers("12", 12)).toEqual([12]);
    // What cannot be read as calls in order is left as it is, for the check to report.
    expect(callNumbers("97", 3)).toEqual([97]);
  });
});
