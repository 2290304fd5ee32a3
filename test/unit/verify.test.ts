/**
 * The verifier's checks on pages made up here, so each failure it must
 * catch can be shown: a wrong folio, a wrong head, a contents entry that
 * points at the wrong page, a footnote on the wrong page, a system font.
 */
import { describe, expect, it } from "vitest";
import type { DocumentRecord } from "../../src/model/documents.js";
import type { PageRecord } from "../../src/postprocess/index.js";
import { checkContents, checkFolios, checkFonts, checkFootnotes, checkHeads, checkPageCount, type Zones } from "../../src/verify/checks.js";
import { groupLines, type PageText, type TextRun } from "../../src/verify/read.js";
import { contentsCheck } from "../../src/verify/index.js";

const zones: Zones = { head: 50, foot: 60 };
const H = 680;
const run = (text: string, y: number, size = 10, x = 60): TextRun => ({ text, x, y, size });
function page(index: number, runs: TextRun[]): PageText {
  return { index, width: 482, height: H, runs, lines: groupLines(runs) };
}
const rec = (index: number, documentId: string, role: PageRecord["role"], head: string | null, folioPrinted = true): PageRecord => ({
  index,
  folio: index + 1,
  documentId,
  role,
  folioPrinted,
  head,
  footnoteTop: null,
  holdsContents: index === 1,
});
const docs: DocumentRecord[] = [
  { id: "front", kind: "front", title: "Front", firstFolio: 1, lastFolio: 2, firstPdfPage: 1, lastPdfPage: 2 },
  { id: "a", kind: "article", title: "On Rivers", firstFolio: 3, lastFolio: 4, firstPdfPage: 3, lastPdfPage: 4 },
];

function issue(options: { contentsFolio?: string; versoHead?: string; folio4?: string } = {}) {
  const pages = [
    page(0, [run("Cover", 300)]),
    page(1, [run("Contents", 100), run("On Rivers", 130), run(options.contentsFolio ?? "3", 130, 10, 400), run("2", H - 30)]),
    page(2, [run("On Rivers", 120, 18), run("Text with a call", 200), run("1", 197, 6.5, 150), run("1 The note.", 600, 8), run("3", H - 30, 8.5, 400)]),
    page(3, [run(options.versoHead ?? "Journal · Vol. 1", 30, 8), run("More text", 200), run(options.folio4 ?? "4", H - 30, 8.5)]),
  ];
  const records = [rec(0, "front", "cover", null, false), rec(1, "front", "front", null), rec(2, "a", "opening", null), rec(3, "a", "body", "Journal · Vol. 1")];
  return { pages, records };
}

describe("verification checks", () => {
  it("pass on a page set that is right", () => {
    const { pages, records } = issue();
    expect(checkFolios(pages, records, zones)).toEqual([]);
    expect(checkHeads(pages, records, zones)).toEqual([]);
    expect(checkContents(pages, records, docs, zones)).toEqual([]);
    expect(checkFootnotes(pages, { document: docs[1]!, footnotes: [{ number: 1, label: "x", text: "The note." }], authorNotes: [], footnoteTops: new Map([[2, 590], [3, 590]]) }, zones)).toEqual([]);
  });

  it("catch a folio that is not the page's place", () => {
    const { pages, records } = issue({ folio4: "5" });
    expect(checkFolios(pages, records, zones)).toEqual(['page 4 (a, body): folio reads "5", expected "4"']);
  });

  it("catch a wrong running head", () => {
    const { pages, records } = issue({ versoHead: "Other Journal" });
    expect(checkHeads(pages, records, zones)).toEqual(['page 4 (a, body): running head reads "Other Journal", expected "Journal · Vol. 1"']);
  });

  it("catch a contents entry pointing at the wrong page", () => {
    const { pages, records } = issue({ contentsFolio: "4" });
    expect(checkContents(pages, records, docs, zones)).toEqual(['contents: "On Rivers" listed at 4, but it starts on page 3']);
  });

  it("catch a footnote away from its call", () => {
    const { pages } = issue();
    const moved = [pages[0]!, pages[1]!, page(2, pages[2]!.runs.filter((r) => !r.text.startsWith("1 The"))), page(3, [...pages[3]!.runs, run("1 The note.", 600, 8)])];
    expect(checkFootnotes(moved, { document: docs[1]!, footnotes: [{ number: 1, label: "x", text: "The note." }], authorNotes: [], footnoteTops: new Map([[2, 590], [3, 590]]) }, zones)).toEqual([
      'a: footnote 1 ("The note.") is on page 4, its call on page 3',
    ]);
  });

  it("catch fonts that are not embedded or not the template's", () => {
    expect(
      checkFonts(
        [
          { name: "AAAAAA+SourceSerif4-Regular", subtype: "Type0", embedded: true },
          { name: "BAAAAA+LiberationSerif", subtype: "Type0", embedded: true },
          { name: "Helvetica", subtype: "Type1", embedded: false },
        ],
        ["Source Serif 4"],
      ),
    ).toEqual([
      "font LiberationSerif is not one of the template's families (Source Serif 4): a system font was used",
      "font Helvetica (Type1) is not embedded",
    ]);
  });
});

describe("signatures", () => {
  it("pass a page count that is a whole number of signatures, and name the pages missing otherwise", () => {
    expect(checkPageCount(68, 4)).toEqual([]);
    expect(checkPageCount(17, 1)).toEqual([]);
    expect(checkPageCount(17, 4)).toEqual(["the PDF has 17 pages, not a multiple of 4: 3 more would end it on a whole signature"]);
    expect(checkPageCount(17, 2)).toHaveLength(1);
  });
});

describe("a check that cannot decide", () => {
  it("warns, with its reason, instead of failing: a template that prints no contents", () => {
    const { pages, records } = issue();
    const assembled = (holds: boolean) => ({ pdf: new Uint8Array(), documents: docs, overflows: [], blocked: [], pages: records.map((r) => ({ ...r, holdsContents: holds && r.index === 1 })) });
    const none = contentsCheck(pages, assembled(false), zones);
    expect(none.failures).toEqual([]);
    expect(none.undecided).toEqual(["no page holds contents entries (elements with data-folio-for), so no contents folio was checked"]);
    expect(contentsCheck(pages, assembled(true), zones)).toEqual({ name: "contents", failures: [] });
  });
});
