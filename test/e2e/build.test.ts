/**
 * Builds the small fixture issue in Chromium and checks the PDF by its
 * properties, read back independently of the build's own verification.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument, PDFName } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { buildIssue, type BuildResult } from "../../src/build.js";
import { readPdf, type PageText } from "../../src/verify/read.js";
import { listFonts } from "../../src/verify/fonts.js";
import { letters } from "../../src/text.js";

const fixture = path.resolve("test/fixtures/issues/small");
let result: BuildResult;
let pages: PageText[];
let pdfBytes: Uint8Array;
const text = (folio: number) => pages[folio - 1]!.lines.map((l) => l.text).join("\n");
const topLine = (folio: number) => pages[folio - 1]!.lines[0]?.text ?? "";
const bottomLine = (folio: number) => pages[folio - 1]!.lines.at(-1)?.text ?? "";
const article = (id: string) => result.report.articles.find((a) => a.id === id)!;

beforeAll(async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-e2e-"));
  result = await buildIssue({ issueDir: fixture, outDir: out, log: () => undefined });
  pdfBytes = new Uint8Array(fs.readFileSync(result.pdfPath));
  pages = await readPdf(pdfBytes);
});

describe("the small fixture issue", () => {
  it("writes the PDF and a report that agree on the page count, a whole number of 4-page signatures", () => {
    // 17 pages laid out, and 3 blank pages to end on a whole signature.
    expect(pages.length).toBe(20);
    expect(result.report.pageCount).toBe(20);
    const report = JSON.parse(fs.readFileSync(result.reportPath, "utf8"));
    expect(report.pageCount).toBe(20);
    for (const blank of pages.slice(17)) expect(blank.lines).toEqual([]);
    expect(report.verification.passed).toBe(true);
    expect(report.articles.map((a: { id: string }) => a.id)).toEqual(["tides", "ledgers", "review"]);
  });

  it("opens every article on a recto, after a blank verso where needed", () => {
    expect(result.report.articles.map((a) => a.firstFolio)).toEqual([5, 9, 13]);
    for (const a of result.report.articles) expect(a.firstFolio % 2).toBe(1);
    // The front matter is 3 pages, so page 4 is a blank verso: nothing on it.
    expect(pages[3]!.lines).toEqual([]);
  });

  it("lists each article in the contents at the folio printed on its opening page", () => {
    const contentsPage = pages.findIndex((p) => p.lines.some((l) => l.text === "Contents")) + 1;
    expect(contentsPage).toBe(3);
    const contents = text(contentsPage).replace(/\n/g, " ");
    for (const [id, title] of [
      ["tides", "Tides Against the Ministry: Local Tables in a Small Port"],
      ["ledgers", "The Night Ledger"],
      ["review", "Review: Charts of Small Harbours"],
    ] as const) {
      const folio = article(id).firstFolio;
      expect(contents).toMatch(new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} ${folio}\\b`));
      expect(bottomLine(folio)).toBe(String(folio));
      expect(letters(text(folio))).toContain(letters(title));
    }
    expect(contents).toMatch(/Notes for Contributors 17\b/);
  });

  it("prints folios in the outer corners, continuously, and none on the cover or blanks", () => {
    for (const folio of [2, 3, 5, 6, 7, 8, 9, 17]) {
      const last = pages[folio - 1]!.lines.at(-1)!;
      expect(last.text).toBe(String(folio));
      const run = last.runs[0]!;
      // Versos carry the folio at the left, rectos at the right.
      if (folio % 2 === 0) expect(run.x).toBeLessThan(100);
      else expect(run.x).toBeGreaterThan(380);
    }
    expect(letters(bottomLine(1))).not.toMatch(/^\d+$/);
  });

  it("sets running heads: journal on versos, authors and short title on rectos, none on openings", () => {
    expect(topLine(6)).toBe("Harbour Papers · Vol. 3 · No. 2 · Summer 2026");
    expect(topLine(7)).toBe("Gülnarə Həsənova and Tomás Ibáñez — Tides Against the Ministry");
    expect(topLine(11)).toBe("İpek Doğanay — The Night Ledger");
    expect(topLine(15)).toBe("Ayşe Kılıç et al. — Charts of Small Harbours");
    // Opening pages start with the section label, not a head.
    // (Letter-spaced labels read back with a space between letters.)
    expect(letters(topLine(5))).toBe("ARTICLES");
    expect(letters(topLine(13))).toBe("REVIEWS");
  });

  it("puts each footnote at the foot of the page that calls it", () => {
    const tides = article("tides");
    let found = 0;
    for (let folio = tides.firstFolio; folio <= tides.lastFolio; folio++) {
      const page = pages[folio - 1]!;
      const noteLines = page.lines.filter((l) => /^\d+ Note \d+ of Tides/.test(l.text));
      for (const line of noteLines) {
        const n = line.text.split(" ")[0]!;
        // The call: the same number, set small, higher on the same page.
        const call = page.lines
          .filter((l) => l.y < line.y)
          .flatMap((l) => l.runs)
          .find((r) => r.text === n && r.size < 7);
        expect(call, `call ${n} on page ${folio}`).toBeDefined();
        found++;
      }
    }
    expect(found).toBe(6);
  });

  it("prints the author notes on the opening page and the pull quote in the column", () => {
    const opening = text(5);
    expect(opening).toMatch(/\* Institute of Coastal History, Lənkəran/);
    expect(opening).toMatch(/† Universidad de Cádiz/);
    const all = letters(pages.map((p) => p.lines.map((l) => l.text).join(" ")).join(" "));
    expect(all).toContain(letters("Salt, timber and rumour were the three exports that never appeared in the official tables."));
  });

  it("embeds every font, all from the template's own families", async () => {
    const fonts = listFonts(await PDFDocument.load(pdfBytes));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.subtype).not.toBe("Type3");
      expect(font.name).toMatch(/\+(SourceSerif4|SourceSans3|NotoSansMath)/);
    }
  });

  it("sets every page's trim box to the 170 × 240 mm trim, with the default 3 mm bleed around it, and writes an outline", async () => {
    const doc = await PDFDocument.load(pdfBytes);
    const bleed = (3 * 72) / 25.4;
    for (const page of doc.getPages()) {
      const trim = page.getTrimBox();
      expect(trim.width).toBeCloseTo((170 * 72) / 25.4, 2);
      expect(trim.height).toBeCloseTo((240 * 72) / 25.4, 2);
      expect(page.getCropBox()).toEqual(trim);
      const media = page.getMediaBox();
      expect(page.getBleedBox()).toEqual(media);
      expect([media.x, media.y, media.width, media.height].map((v) => v.toFixed(3))).toEqual(
        [trim.x - bleed, trim.y - bleed, trim.width + 2 * bleed, trim.height + 2 * bleed].map((v) => v.toFixed(3)),
      );
    }
    expect(doc.catalog.get(PDFName.of("Outlines"))).toBeDefined();
    expect(doc.getTitle()).toBe("Harbour Papers · Vol. 3 · No. 2 · Summer 2026");
  });
});
