/**
 * Nothing lost, with floats: pull quotes, figures and tables (with their
 * captions) may be printed later than the manuscript puts them, but each
 * exactly once, and the text around them must read in order.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DocumentRecord } from "../../src/model/documents.js";
import type { PageRecord } from "../../src/postprocess/index.js";
import type { Zones } from "../../src/verify/checks.js";
import { checkCompleteness, expectedStreams } from "../../src/verify/completeness.js";
import { groupLines, type PageText, type TextRun } from "../../src/verify/read.js";
import { letters } from "../../src/text.js";

const zones: Zones = { head: 50, foot: 60 };
const H = 680;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-floats-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const P1 = "The harbour woke before the town, and the boats went out in the grey.";
const P2 = "By noon the wind had turned, and the fishermen spoke of the winter ahead.";
const P3 = "Nobody counts the gulls. They come and go as they please, and the sea is wide.";
const P4 = "In the evening the boats came back, one by one, their holds full of herring.";
const P5 = "The town ate well that night, and slept, and did not think of the wind.";
const QUOTE = "Nobody counts the gulls.";
const CAPTION = "Table 1. Boats by port";
const ROWS = ["Port Boats", "Baku 12", "Lankaran 7"];

const quote = (text = QUOTE) => `<aside class="pullquote"><p>${text}</p></aside>`;
const TABLE = `<p class="table-caption"><em>${CAPTION}</em></p>
<table><thead><tr><th>Port</th><th>Boats</th></tr></thead>
<tbody><tr><td>Baku</td><td>12</td></tr><tr><td>Lankaran</td><td>7</td></tr></tbody></table>`;

const p = (text: string) => `<p>${text}</p>`;
const html = (...blocks: string[]) => `<!doctype html><html><head><title>T</title></head><body><h1>Gulls</h1>\n${blocks.join("\n")}\n</body></html>`;

/** Lays the blocks out, one line each, twenty lines to a page; a block of several lines is an array. */
function print(blocks: (string | string[])[]): PageText[] {
  const lines = ["Gulls", ...blocks.flat()];
  const pages: PageText[] = [];
  for (let i = 0; i * 20 < lines.length; i++) {
    const runs: TextRun[] = lines.slice(i * 20, i * 20 + 20).map((text, k) => ({ text, x: 60, y: 80 + k * 13, size: 10 }));
    pages.push({ index: i, width: 482, height: H, runs, lines: groupLines(runs) });
  }
  return pages;
}

let files = 0;
/** The failures of the check for a document composed as `source` and printed as `pages`. */
function check(source: string, pages: PageText[]): string[] {
  const file = path.join(dir, `doc${files++}.html`);
  fs.writeFileSync(file, source);
  const records: PageRecord[] = pages.map((page) => ({
    index: page.index,
    folio: page.index + 1,
    documentId: "a",
    role: page.index === 0 ? "opening" : "body",
    folioPrinted: true,
    head: null,
    footnoteTop: null,
    holdsContents: false,
  }));
  const doc: DocumentRecord = { id: "a", kind: "article", title: "Gulls", firstFolio: 1, lastFolio: pages.length, firstPdfPage: 1, lastPdfPage: pages.length };
  return checkCompleteness(pages, records, [doc], new Map([["a", file]]), zones);
}

const NOT_ONCE = /is not printed once/;

describe("the streams a document must print", () => {
  it("floats are taken out of the main flow, each as its own block", () => {
    const streams = expectedStreams(html(p(P1), quote(), p(P2), TABLE, p(P3)), new Map());
    expect(streams.main).toBe(letters(["Gulls", P1, P2, P3].join(" ")));
    expect(streams.floats).toEqual([letters(QUOTE), letters(CAPTION), letters(ROWS.join(" "))]);
  });

  it("an empty figure (an image only) is no float", () => {
    const streams = expectedStreams(html(p(P1), `<figure><img src="boat.png" alt=""></figure>`, p(P2)), new Map());
    expect(streams.floats).toEqual([]);
  });
});

describe("floats in the printed flow", () => {
  it("printed where the manuscript puts them, they pass", () => {
    expect(check(html(p(P1), quote(), p(P2), TABLE, p(P3)), print([P1, QUOTE, P2, CAPTION, ROWS, P3]))).toEqual([]);
  });

  it("a pull quote moved two paragraphs later passes", () => {
    expect(check(html(p(P1), quote(), p(P2), p(P3), p(P4)), print([P1, P2, P3, QUOTE, P4]))).toEqual([]);
  });

  it("a pull quote moved over a page break passes", () => {
    const filler = Array.from({ length: 17 }, (_, k) => `Line ${k} of a paragraph that fills the page.`);
    const source = html(p(filler.join(" ")), quote(), p(P2), p(P4));
    expect(check(source, print([filler, P2, QUOTE, P4]))).toEqual([]);
  });

  it("a table moved with its caption passes, at the end of the document too", () => {
    expect(check(html(p(P1), TABLE, p(P2), p(P4)), print([P1, P2, CAPTION, ROWS, P4]))).toEqual([]);
    expect(check(html(p(P1), TABLE, p(P2), p(P4)), print([P1, P2, P4, CAPTION, ROWS]))).toEqual([]);
  });

  it("a pull quote and a table moved past the same paragraph pass", () => {
    expect(check(html(p(P1), quote(), TABLE, p(P2), p(P4)), print([P1, P2, QUOTE, CAPTION, ROWS, P4]))).toEqual([]);
  });

  it("a pull quote not printed fails", () => {
    const failures = check(html(p(P1), quote(), p(P2), p(P4)), print([P1, P2, P4]));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(NOT_ONCE);
    expect(failures[0]).toContain(letters(QUOTE));
  });

  it("a pull quote printed twice fails", () => {
    const failures = check(html(p(P1), quote(), p(P2), p(P4)), print([P1, QUOTE, P2, QUOTE, P4]));
    // The first copy is the float; the second is read as text the flow does not hold.
    const differ = /^a: text differ on page 1: after "…[A-Z]*SPOKEOFTHEWINTERAHEAD", expected "INTHEEVENING[A-Z]*…" but found "NOBODYCOUNTSTHEGULLS/;
    expect(failures).toEqual([expect.stringMatching(differ)]);
  });

  it("a table's caption printed without its table fails", () => {
    expect(check(html(p(P1), TABLE, p(P2)), print([P1, CAPTION, P2])).join("\n")).toMatch(NOT_ONCE);
  });

  it("the flow out of order fails with the place it differs", () => {
    const failures = check(html(p(P1), quote(), p(P2), p(P4), p(P5)), print([P1, QUOTE, P2, P5, P4]));
    expect(failures).toEqual([expect.stringMatching(/^a: text differ on page 1: after "…[A-Z]*SPOKEOFTHEWINTERAHEAD", expected "INTHEEVENING/)]);
  });

  it("the flow out of order where a float stands fails", () => {
    const failures = check(html(p(P1), quote(), p(P2), p(P4)), print([P1, QUOTE, P4, P2]));
    expect(failures).toContainEqual(expect.stringMatching(/^a: text differ on page 1: after "…[A-Z]*INTHEGREY", expected "BYNOON/));
  });

  it("an empty figure is ignored", () => {
    const figure = `<figure><img src="boat.png" alt=""></figure>`;
    expect(check(html(p(P1), figure, p(P2)), print([P1, P2]))).toEqual([]);
  });

  it("a figure's caption is a float", () => {
    const figure = `<figure><img src="boat.png" alt=""><figcaption>Figure 1. A boat at Baku.</figcaption></figure>`;
    expect(check(html(p(P1), figure, p(P2), p(P4)), print([P1, P2, "Figure 1. A boat at Baku.", P4]))).toEqual([]);
    expect(check(html(p(P1), figure, p(P2), p(P4)), print([P1, P2, P4])).join("\n")).toMatch(NOT_ONCE);
  });
});

describe("a pull quote that repeats the text", () => {
  // The quote repeats P3's first sentence: the sentence must be read as P3's, the quote as the quote.
  const source = html(p(P1), quote(), p(P2), p(P3), p(P4));

  it("printed just before the paragraph it quotes, it passes", () => {
    expect(check(source, print([P1, P2, QUOTE, P3, P4]))).toEqual([]);
  });

  it("printed just after the paragraph it quotes, it passes", () => {
    expect(check(source, print([P1, P2, P3, QUOTE, P4]))).toEqual([]);
  });

  it("not printed, it is missing: the paragraph's sentence is not taken for it", () => {
    const failures = check(source, print([P1, P2, P3, P4]));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(NOT_ONCE);
  });

  it("a quote of a sentence in the middle of the next paragraph, printed before it, passes", () => {
    const middle = "They come and go as they please.";
    expect(check(html(p(P1), quote(middle), p(P2), p(P3), p(P4)), print([P1, P2, middle, P3, P4]))).toEqual([]);
  });

  it("a quote that shares its opening words with the next paragraph, but not its end, passes", () => {
    const edited = "Nobody counts the gulls, nor the boats.";
    expect(check(html(p(P1), quote(edited), p(P2), p(P3), p(P4)), print([P1, P2, edited, P3, P4]))).toEqual([]);
  });

  it("printed twice, it fails", () => {
    expect(check(source, print([P1, QUOTE, P2, QUOTE, P3, P4]))).not.toEqual([]);
    expect(check(source, print([P1, P2, QUOTE, P3, QUOTE, P4]))).not.toEqual([]);
  });
});
