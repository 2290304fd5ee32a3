/**
 * The print geometry and the files for the printer and the authors, built
 * from a copy of the small fixture with a 5 mm bleed, marks and a
 * full-bleed figure, and read back: the boxes with pdf-lib and with
 * poppler's pdfinfo, the bleed's ink with pdftoppm, the press file's
 * PDF/X keys, output intent and colours, qpdf's structural check, and the
 * proof's watermark and line numbers with pdftotext.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIssue, type BuildResult } from "../../src/build.js";
import { MM, printGeometry } from "../../src/model/print.js";
import { walkPage } from "../../src/press/content.js";
import { pressIssue } from "../../src/press/index.js";
import { preflightPages } from "../../src/press/preflight.js";
import { readPdf } from "../../src/verify/read.js";

const BLEED = 5;
const SLUG = 10;
const TRIM = { width: 170, height: 240 };
let dir: string;
let result: BuildResult;
let screen: PDFDocument;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-press-e2e-"));
  const issueDir = path.join(dir, "harbour");
  fs.cpSync(path.resolve("test/fixtures/issues/small"), issueDir, { recursive: true });
  fs.appendFileSync(path.join(issueDir, "issue.yaml"), `print:\n  bleed: ${BLEED}mm\n  marks: true\n`);
  // 2,240 px across the sheet's 180 mm: above 300 ppi.
  fs.mkdirSync(path.join(issueDir, "figures"));
  await sharp({ create: { width: 2240, height: 700, channels: 3, background: "#2f6f8f" } }).png().toFile(path.join(issueDir, "figures", "harbour.png"));
  const tides = path.join(issueDir, "tides.md");
  const text = fs.readFileSync(tides, "utf8");
  const cut = text.indexOf("\n\n", text.indexOf("---", 4) + 4);
  fs.writeFileSync(tides, `${text.slice(0, cut)}\n\n![The harbour from the breakwater.](figures/harbour.png "full-bleed")${text.slice(cut)}`);
  result = await buildIssue({ issueDir, outDir: path.join(dir, "out"), press: true, lineNumbers: true, log: () => undefined });
  screen = await PDFDocument.load(fs.readFileSync(result.pdfPath));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Box = [number, number, number, number];
const asBox = (r: { x: number; y: number; width: number; height: number }): Box => [r.x, r.y, r.x + r.width, r.y + r.height];
const grow = ([a, b, c, d]: Box, by: number): Box => [a - by, b - by, c + by, d + by];
/** Boxes equal to a hundredth of a millimetre. */
const sameBox = (actual: Box, expected: Box) => actual.every((v, i) => Math.abs(v - expected[i]!) <= 0.01 * MM);

/** pdfinfo -box: each page's boxes, read by poppler. */
function popplerBoxes(file: string): Map<number, Record<string, Box>> {
  const out = execFileSync("pdfinfo", ["-box", "-f", "1", "-l", "999", file], { encoding: "utf8" });
  const pages = new Map<number, Record<string, Box>>();
  for (const m of out.matchAll(/^Page\s+(\d+)\s+(\w+)Box:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)/gm)) {
    const page = pages.get(Number(m[1])) ?? {};
    page[m[2]!] = [Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
    pages.set(Number(m[1]), page);
  }
  return pages;
}

describe("the issue PDF's geometry", () => {
  it("gives every page the trim to a hundredth of a millimetre, the bleed around it as the media, and the trim as the crop box (pdf-lib)", () => {
    for (const [i, page] of screen.getPages().entries()) {
      const trim = asBox(page.getTrimBox());
      expect(((trim[2] - trim[0]) / MM).toFixed(2), `page ${i + 1}`).toBe(TRIM.width.toFixed(2));
      expect(((trim[3] - trim[1]) / MM).toFixed(2), `page ${i + 1}`).toBe(TRIM.height.toFixed(2));
      expect(sameBox(asBox(page.getBleedBox()), grow(trim, BLEED * MM)), `page ${i + 1} bleed`).toBe(true);
      expect(sameBox(asBox(page.getMediaBox()), grow(trim, BLEED * MM)), `page ${i + 1} media`).toBe(true);
      expect(sameBox(asBox(page.getCropBox()), trim), `page ${i + 1} crop`).toBe(true);
    }
  });

  it("reads the same with poppler's pdfinfo", () => {
    const boxes = popplerBoxes(result.pdfPath);
    expect(boxes.size).toBe(screen.getPageCount());
    for (const [n, page] of boxes) {
      const trim = page.Trim!;
      // pdfinfo prints two decimals of a point.
      expect(Math.abs(trim[2] - trim[0] - TRIM.width * MM), `page ${n}`).toBeLessThan(0.02);
      expect(Math.abs(trim[3] - trim[1] - TRIM.height * MM), `page ${n}`).toBeLessThan(0.02);
      grow(trim, BLEED * MM).forEach((v, k) => expect(Math.abs(page.Bleed![k]! - v), `page ${n} bleed`).toBeLessThan(0.02));
    }
  });

  it("runs the cover's backgrounds into the bleed: no white at the sheet's edges", async () => {
    const png = path.join(dir, "cover");
    execFileSync("pdftoppm", ["-r", "30", "-png", "-f", "1", "-l", "1", "-singlefile", result.pdfPath, png]);
    const { data, info } = await sharp(`${png}.png`).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const white = (px: number[]) => px.every((v) => v > 250);
    // The band at the top corners, the cover's own colour at the foot.
    // A pixel in from each edge: the last column and row are partly past the sheet.
    const [r, b] = [info.width - 2, info.height - 2];
    for (const [x, y] of [[1, 1], [r, 1], [1, b], [r, b], [info.width >> 1, 1], [info.width >> 1, b]] as const) {
      expect(white(at(x, y)), `pixel ${x},${y}`).toBe(false);
    }
    expect(at(1, 1)[2]!).toBeGreaterThan(at(1, 1)[0]!); // the band's blue
  });

  it("spans the full-bleed figure across the whole sheet, bleed to bleed", () => {
    const spans: number[] = [];
    for (const page of screen.getPages()) {
      const bleed = asBox(page.getBleedBox());
      walkPage(screen, page, {
        onImage(state) {
          const left = state.ctm[4];
          const right = left + state.ctm[0];
          if (left <= bleed[0] + 0.5 && right >= bleed[2] - 0.5) spans.push(right - left);
        },
      });
    }
    expect(spans).toHaveLength(1);
    expect(spans[0]! / MM).toBeCloseTo(TRIM.width + 2 * BLEED, 0);
  });
});

describe("the press file", () => {
  let press: PDFDocument;
  beforeAll(async () => {
    press = await PDFDocument.load(fs.readFileSync(result.pressPath!));
  });

  it("is written beside the screen PDF, and the report says it passed", () => {
    expect(result.pressPath).toBe(result.pdfPath.replace(/\.pdf$/, ".press.pdf"));
    const report = JSON.parse(fs.readFileSync(result.reportPath, "utf8"));
    expect(report.press).toMatchObject({ pdf: path.basename(result.pressPath!), pdfx: "x4", passed: true });
    expect(report.press.findings.filter((f: { severity: string }) => f.severity === "error")).toEqual([]);
  });

  it("is PDF/X-4 with a CMYK output intent", () => {
    const info = press.context.lookup(press.context.trailerInfo.Info) as PDFDict;
    expect(info.get(PDFName.of("GTS_PDFXVersion"))?.toString()).toBe("(PDF/X-4)");
    expect(info.get(PDFName.of("Trapped"))).toBe(PDFName.of("False"));
    const intent = press.catalog.lookup(PDFName.of("OutputIntents"), PDFArray).lookup(0, PDFDict);
    expect(intent.get(PDFName.of("S"))).toBe(PDFName.of("GTS_PDFX"));
    const profile = press.context.lookup(intent.get(PDFName.of("DestOutputProfile"))) as PDFRawStream;
    expect(profile.dict.get(PDFName.of("N"))?.toString()).toBe("4");
    const metadata = press.context.lookup(press.catalog.get(PDFName.of("Metadata"))) as PDFRawStream;
    const xmp = Buffer.from(decodePDFRawStream(metadata).decode()).toString("utf8");
    expect(xmp).toContain("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>");
  });

  it("holds no RGB: every image is CMYK or grey, and the body's text is on the black plate alone", () => {
    const { colours } = preflightPages(press);
    for (const [i, page] of colours.entries()) {
      for (const space of page.images) expect(["CMYK", "Gray"], `page ${i + 1}`).toContain(space);
      for (const text of page.text) expect(text, `page ${i + 1}`).toMatch(/^(CMYK|Gray|Separation)/);
    }
    // An article page: its text (body, heads, folio, notes) in grey or in K alone.
    const body = colours[result.report.articles[0]!.firstPdfPage]!;
    expect(body.text.size).toBeGreaterThan(0);
    for (const text of body.text) expect(text).toMatch(/^(Gray [\d.]+|CMYK 0 0 0 [\d.]+)$/);
    expect([...colours.flatMap((c) => [...c.images])]).toContain("CMYK");
  });

  it("prints the template's colours as the CMYK it gives (the cover band)", () => {
    const fills: number[][] = [];
    walkPage(press, press.getPage(0), { onFill: (state) => (state.fill.space === "DeviceCMYK" ? fills.push(state.fill.values) : undefined) });
    // Ghostscript keeps eight bits an ink.
    const given = [0.9, 0.65, 0.4, 0.35];
    expect(fills.some((values) => values.every((v, i) => Math.abs(v - given[i]!) < 1 / 255))).toBe(true);
  });

  it("carries the full-bleed figure at 300 ppi at its placed size (it was given at 316)", () => {
    const found: number[] = [];
    for (const page of press.getPages()) {
      walkPage(press, page, {
        onImage(state, _name, image) {
          const inches = Math.hypot(state.ctm[0], state.ctm[1]) / 72;
          if (inches * 25.4 > TRIM.width) found.push(Number(image.dict.lookup(PDFName.of("Width"))?.toString()) / inches);
        },
      });
    }
    expect(found).toHaveLength(1);
    expect(found[0]).toBeCloseTo(300, 0);
  });

  it("keeps the trim and bleed, with the media grown for the marks (poppler)", () => {
    for (const [n, page] of popplerBoxes(result.pressPath!)) {
      const trim = page.Trim!;
      expect(Math.abs(trim[2] - trim[0] - TRIM.width * MM), `page ${n}`).toBeLessThan(0.02);
      expect(Math.abs(trim[3] - trim[1] - TRIM.height * MM), `page ${n}`).toBeLessThan(0.02);
      grow(trim, BLEED * MM).forEach((v, k) => expect(Math.abs(page.Bleed![k]! - v), `page ${n} bleed`).toBeLessThan(0.02));
      grow(trim, (BLEED + SLUG) * MM).forEach((v, k) => expect(Math.abs(page.Media![k]! - v), `page ${n} media`).toBeLessThan(0.02));
    }
  });

  it("passes qpdf's structural check without a warning", () => {
    const check = spawnSync("qpdf", ["--check", result.pressPath!], { encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout + check.stderr).not.toMatch(/warning/i);
  });

  it("is PDF/X-1a when asked: its keys, PDF 1.3, no XMP", async () => {
    const geometry = { ...printGeometry({ trim: null, bleed: BLEED, marks: false, pdfx: "x1a" }, { width: TRIM.width * MM, height: TRIM.height * MM }) };
    const x1a = await pressIssue(new Uint8Array(fs.readFileSync(result.pdfPath)), { geometry, workDir: path.join(dir, "x1a"), log: () => undefined });
    expect(Buffer.from(x1a.pdf.subarray(0, 8)).toString("latin1")).toBe("%PDF-1.3");
    const doc = await PDFDocument.load(x1a.pdf);
    const info = doc.context.lookup(doc.context.trailerInfo.Info) as PDFDict;
    expect(info.get(PDFName.of("GTS_PDFXVersion"))?.toString()).toBe("(PDF/X-1:2001)");
    expect(info.get(PDFName.of("GTS_PDFXConformance"))?.toString()).toBe("(PDF/X-1a:2001)");
    expect(doc.catalog.get(PDFName.of("Metadata"))).toBeUndefined();
    const file = path.join(dir, "x1a.pdf");
    fs.writeFileSync(file, x1a.pdf);
    expect(spawnSync("qpdf", ["--check", file]).status).toBe(0);
  });
});

describe("the proof", () => {
  it("carries the watermark on every page, with the issue and the day (and no revision outside a git checkout)", async () => {
    const day = new Date().toISOString().slice(0, 10);
    const pages = await readPdf(new Uint8Array(fs.readFileSync(result.proofPath!)));
    expect(pages).toHaveLength(screen.getPageCount());
    for (const page of pages) expect(page.runs.map((r) => r.text), `page ${page.index + 1}`).toContain(`PROOF · harbour · ${day}`);
  });

  it("numbers each page's lines from 1 in the outer margin, and shows the marks", async () => {
    const proof = await PDFDocument.load(fs.readFileSync(result.proofPath!));
    const media = asBox(proof.getPage(0).getMediaBox());
    expect((media[2] - media[0]) / MM).toBeCloseTo(TRIM.width + 2 * (BLEED + SLUG), 2);
    const pages = await readPdf(new Uint8Array(fs.readFileSync(result.proofPath!)));
    const opening = result.report.articles[0]!.firstPdfPage - 1;
    for (const index of [opening, opening + 1]) {
      const page = pages[index]!;
      // 6 pt digits in the margin, 1, 2, 3… down the page (note numbers are larger).
      const numbers = page.runs.filter((r) => Math.abs(r.size - 6) < 0.05 && /^\d+$/.test(r.text)).sort((a, b) => a.y - b.y).map((r) => Number(r.text));
      expect(numbers.length, `page ${index + 1}`).toBeGreaterThan(10);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it("numbers the body's lines, not the notes'", async () => {
    const proof = await readPdf(new Uint8Array(fs.readFileSync(result.proofPath!)));
    const screen = await readPdf(new Uint8Array(fs.readFileSync(result.pdfPath)));
    const withNotes = result.pages.filter((p) => p.footnoteTop !== null && p.role !== "cover");
    expect(withNotes.length).toBeGreaterThan(0);
    for (const record of withNotes) {
      const numbers = proof[record.index]!.runs.filter((r) => Math.abs(r.size - 6) < 0.05 && /^\d+$/.test(r.text));
      // The body's lines: below the running heads' zone (classic: 20 mm), above the notes.
      const body = screen[record.index]!.lines.filter((l) => l.y >= 20 * MM && l.y < record.footnoteTop!);
      expect(numbers.length, `page ${record.index + 1}`).toBe(body.length);
    }
  });
});
