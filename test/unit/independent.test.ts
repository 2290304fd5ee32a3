/**
 * The word comparison of the independent reading (test/support), on
 * small texts: it must accept hyphenation breaks and refuse lost words,
 * soft hyphens left in the text and letter-spaced labels read apart.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkContents, checkLabels, checkSoftHyphens, type ReportLike } from "../support/independent.js";
import { lostWords, printedWords, tokens } from "../support/lost-words.js";
import type { PageReading, Word } from "../support/poppler.js";

describe("the independent word check", () => {
  it("splits words at punctuation and drops soft hyphens and apostrophes", () => {
    expect(tokens("The ministry's post-Soviet re\u00adserv\u00adoir, 4,874 km.")).toEqual(["the", "ministrys", "post", "soviet", "reservoir", "4", "874", "km"]);
  });

  it("accepts words broken at a line-end hyphen, at a hard hyphen and past the foot of a page", () => {
    const printed = printedWords(["the negoti-\nation of the EU-\nTurkey accord and the co-\n12\nRunning head\noperation"]);
    expect(lostWords("the negotiation of the EU-Turkey accord and the cooperation", [], printed)).toEqual({ missing: [], missingUrls: [] });
  });

  it("refuses a word a soft hyphen splits, as search and copy would", () => {
    const printed = printedWords(["the con\u00adven\u00adtion\u00ad-\nal ac\u00adcount"]);
    expect(lostWords("the conventional account", [], printed).missing).toEqual([
      { word: "conventional", needed: 1, found: 0 },
      { word: "account", needed: 1, found: 0 },
    ]);
  });

  it("reports a word printed fewer times than written, and a missing address", () => {
    const printed = printedWords(["the basin treaty basin https://example.org/a-\nlong/path"]);
    const result = lostWords("the basin treaty basin basin glacier", ["https://example.org/a-long/path", "https://example.org/gone"], printed);
    expect(result.missing).toEqual([
      { word: "basin", needed: 3, found: 2 },
      { word: "glacier", needed: 1, found: 0 },
    ]);
    expect(result.missingUrls).toEqual(["https://example.org/gone"]);
  });

  it("does not take a word broken across pages without a hyphen for the whole word", () => {
    const printed = printedWords(["the co-operation negotia\n23\nHead\nt- ion. The tariffs"]);
    expect(lostWords("the co-operation negotiation. The tariffs", [], printed).missing).toEqual([{ word: "negotiation", needed: 1, found: 0 }]);
  });

  it("takes an fi or fl ligature that pdftotext reads short at a line's start for the word, and nowhere else", () => {
    const printed = printedWords(["fned the accord and the\nfoodplain of the delta with a fne\nthe frozen con-\nfict"]);
    expect(lostWords("fined the accord and the floodplain of the delta the frozen conflict", [], printed).missing).toEqual([]);
    // Inside a line the short reading is not taken for the word.
    expect(lostWords("with a fine", [], printed).missing).toEqual([{ word: "fine", needed: 1, found: 0 }]);
  });
});

describe("the independent text-layer checks", () => {
  const page = (number: number, text: string): PageReading => ({ number, width: 400, height: 600, text, words: [] });

  it("fails for a soft hyphen anywhere in the text", () => {
    expect(checkSoftHyphens([page(1, "clean"), page(2, "con\u00adven\u00adtion")])).toEqual(["text layer: soft hyphens (U+00AD) in the text: 2 on page 2"]);
    expect(checkSoftHyphens([page(1, "convention")])).toEqual([]);
  });

  it("reads the tagline and each article's section as words, and fails for letters read apart", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-labels-"));
    try {
      fs.writeFileSync(path.join(dir, "issue.yaml"), "tagline: A Journal of Affairs\nsections:\n  - title: Commentaries\n    articles: [one.md, two.md]\n");
      const report: ReportLike = {
        pageCount: 3,
        documents: [
          { id: "one", kind: "article", title: "One", firstFolio: 2, lastFolio: 2, firstPdfPage: 2, lastPdfPage: 2 },
          { id: "two", kind: "article", title: "Two", firstFolio: 3, lastFolio: 3, firstPdfPage: 3, lastPdfPage: 3 },
        ],
        template: { zones: { foot: "22mm" }, labels: { contents: "Contents" } },
      };
      const good = [page(1, "MERIDIAN\nA JOURNAL OF AFFAIRS"), page(2, "COMMENTARIES\nOne"), page(3, "   COMMENTARIES   \nTwo")];
      expect(checkLabels(good, report, dir)).toEqual([]);
      const apart = [page(1, "A J O U R N A L O F A F FA I R S"), page(2, "CO M M E N TA R I E S\nOne"), good[2]!];
      expect(checkLabels(apart, report, dir)).toEqual([
        'labels: the cover does not read "A Journal of Affairs"',
        'labels: page 2 does not read "Commentaries" over one',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the independent contents check", () => {
  const word = (text: string, xMin: number, y: number): Word => ({ text, xMin, xMax: xMin + 6 * text.length, yMin: y, yMax: y + 10 });
  const contents = (heading: string): PageReading => ({
    number: 2,
    width: 400,
    height: 600,
    text: `${heading}\nTides   5`,
    words: [word(heading, 50, 50), word("Tides", 50, 80), word("5", 350, 80)],
  });
  const report = (label: string): ReportLike => ({
    pageCount: 5,
    documents: [
      { id: "front matter", kind: "front", title: "J", firstFolio: 1, lastFolio: 3, firstPdfPage: 1, lastPdfPage: 3 },
      { id: "tides", kind: "article", title: "Tides", firstFolio: 5, lastFolio: 5, firstPdfPage: 5, lastPdfPage: 5 },
    ],
    template: { zones: { foot: "22mm" }, labels: { contents: label } },
  });
  const cover: PageReading = { number: 1, width: 400, height: 600, text: "", words: [] };

  it("finds the contents by the heading the template printed, in the issue's language and whatever its case", () => {
    expect(checkContents([cover, contents("İÇİNDEKİLER")], report("İçindekiler"))).toEqual([]);
  });

  it("does not take an English word for the heading", () => {
    expect(checkContents([cover, contents("Contents")], report("İçindekiler"))).toEqual([
      'contents: no page of the front matter starts with the contents\' heading "İçindekiler"',
    ]);
  });
});
