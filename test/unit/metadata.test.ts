/**
 * What a PDF says of itself, without a browser: the date, the XMP packet,
 * the file /ID, page labels, the outline's nesting and the offprint's
 * citation line.
 */
import { PDFDocument, PDFName } from "pdf-lib";
import { describe, expect, it } from "vitest";
import type { PageInfo } from "../../src/model/documents.js";
import type { Issue } from "../../src/model/issue.js";
import { labelRanges, labelTexts } from "../../src/postprocess/labels.js";
import { issueDate, saveStable, writeMetadata, xmpPacket } from "../../src/postprocess/metadata.js";
import { citationLine } from "../../src/postprocess/offprints.js";
import { headingEntries } from "../../src/postprocess/outline.js";
import { splitRuns } from "../../src/postprocess/stamp.js";

const META = { title: "Tides & <Ledgers>", authors: ["Ann Author", "Bo Writer"], subject: "Harbours", keywords: ["sea ice", "fresh water"], lang: "en-GB" };

describe("the date a PDF carries", () => {
  it("is SOURCE_DATE_EPOCH when set, else issue.yaml's date, else 1 January of its year, else the epoch", () => {
    expect(issueDate({ sourceDateEpoch: "1700000000", date: "2026-09-21", year: 2026 }).toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(issueDate({ sourceDateEpoch: undefined, date: "2026-09-21", year: 2026 }).toISOString()).toBe("2026-09-21T00:00:00.000Z");
    expect(issueDate({ sourceDateEpoch: "", date: null, year: 2026 }).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(issueDate({ sourceDateEpoch: undefined, date: null, year: null }).getTime()).toBe(0);
  });

  it("refuses a SOURCE_DATE_EPOCH that is not whole seconds", () => {
    expect(() => issueDate({ sourceDateEpoch: "yesterday", date: null, year: null })).toThrow(/SOURCE_DATE_EPOCH/);
    expect(() => issueDate({ sourceDateEpoch: "-5", date: null, year: null })).toThrow(/SOURCE_DATE_EPOCH/);
  });
});

describe("metadata", () => {
  it("writes an XMP packet with each field escaped, a keyword an entry", () => {
    const xmp = xmpPacket(META, new Date(Date.UTC(2026, 8, 21)));
    expect(xmp).toContain(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Tides &amp; &lt;Ledgers&gt;</rdf:li></rdf:Alt></dc:title>`);
    expect(xmp).toContain("<dc:creator><rdf:Seq><rdf:li>Ann Author</rdf:li><rdf:li>Bo Writer</rdf:li></rdf:Seq></dc:creator>");
    expect(xmp).toContain("<dc:subject><rdf:Bag><rdf:li>sea ice</rdf:li><rdf:li>fresh water</rdf:li></rdf:Bag></dc:subject>");
    expect(xmp).toContain("<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>");
    expect(xmp).toContain("<xmp:CreateDate>2026-09-21T00:00:00Z</xmp:CreateDate>");
    expect(xmp).toMatch(/^<\?xpacket begin="\uFEFF"/);
    expect(xmp).toMatch(/<\?xpacket end="w"\?>$/);
  });

  it("saves the same document to the same bytes, with an /ID that is the content's hash", async () => {
    const make = async (title: string) => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      doc.addPage([200, 200]);
      writeMetadata(doc, { ...META, title }, new Date(Date.UTC(2026, 8, 21)));
      return saveStable(doc);
    };
    const [a, b, c] = await Promise.all([make("One"), make("One"), make("Two")]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const id = async (bytes: Uint8Array) => String((await PDFDocument.load(bytes)).context.trailerInfo.ID);
    expect(await id(a)).toMatch(/^\[ <[0-9A-F]{32}> <[0-9A-F]{32}> \]$/i);
    expect(await id(a)).not.toBe(await id(c));
    const loaded = await PDFDocument.load(a, { updateMetadata: false });
    expect(loaded.getKeywords()).toBe("sea ice; fresh water");
    expect(String(loaded.catalog.get(PDFName.of("Lang")))).toBe("(en-GB)");
    expect(loaded.catalog.get(PDFName.of("Metadata"))).toBeDefined();
  });
});

describe("page labels", () => {
  const pages = ["cover", "front", "front", "blank", "opening", "body", "blank", "opening"].map((role, index) => ({ index, folio: index + 1, role }));

  it("are the folios, a blank page keeping the number it stands for, and the cover named", () => {
    const ranges = labelRanges(pages, "named");
    expect(ranges).toHaveLength(2);
    expect(labelTexts(ranges, pages.length)).toEqual(["Cover", "2", "3", "4", "5", "6", "7", "8"]);
  });

  it("number the cover in roman numerals when the template says so", () => {
    expect(labelTexts(labelRanges(pages, "roman"), pages.length)).toEqual(["i", "2", "3", "4", "5", "6", "7", "8"]);
  });

  it("start an offprint at its first folio", () => {
    const offprint = [{ index: 0, folio: 9, role: "opening" }, { index: 1, folio: 10, role: "body" }];
    expect(labelRanges(offprint, "named")).toEqual([{ start: 0, style: "decimal", first: 9 }]);
  });
});

describe("the outline", () => {
  const page = (headings: { level: number; text: string }[]): PageInfo =>
    ({ blank: false, first: false, names: [], footnoteTop: null, holdsContents: false, leftOut: [], finish: null, headings: headings.map((h) => ({ ...h, top: 100 })) }) as PageInfo;

  it("nests each heading under the last shallower one before it", () => {
    const entries = headingEntries(
      [page([{ level: 2, text: "One" }, { level: 3, text: "One a" }]), page([{ level: 4, text: "One a i" }, { level: 3, text: "One b" }, { level: 2, text: "Two" }])],
      10,
    );
    const shape = (list: typeof entries): unknown => list.map((e) => [e.title, e.pageIndex, shape(e.children ?? [])]);
    expect(shape(entries)).toEqual([
      ["One", 10, [["One a", 10, [["One a i", 11, []]]], ["One b", 11, []]]],
      ["Two", 11, []],
    ]);
  });
});

describe("the citation line", () => {
  const issue = { meta: { journal: "Harbour Papers", volume: 3, number: 2, season: "Summer", year: 2026 } } as Issue;
  const labels = { contents: "Contents", abstract: "Abstract", keywords: "Keywords", and: "and", volume: "Vol.", number: "No." };

  it("gives the journal, volume, number, season and year, folios and DOI", () => {
    expect(citationLine(issue, labels, { doi: "10.5555/hp.3.2.1" }, { firstFolio: 5, lastFolio: 8 })).toBe(
      "Harbour Papers, Vol. 3, No. 2 (Summer 2026), 5–8. https://doi.org/10.5555/hp.3.2.1",
    );
  });

  it("leaves out what the issue and article do not give", () => {
    const bare = { meta: { ...issue.meta, season: null, year: null } } as Issue;
    expect(citationLine(bare, labels, { doi: null }, { firstFolio: 13, lastFolio: 13 })).toBe("Harbour Papers, Vol. 3, No. 2, 13.");
  });

  it("is set run by run from the first face that has each character", () => {
    const latin = (cp: number) => (cp < 0x100 ? 0 : cp < 0x300 ? 1 : -1);
    expect(splitRuns("Gülşən 14", latin)).toEqual([
      { face: 0, text: "Gül" },
      { face: 1, text: "şə" },
      { face: 0, text: "n 14" },
    ]);
    expect(() => splitRuns("水", latin)).toThrow(/U\+6C34/);
  });
});
