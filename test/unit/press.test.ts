/**
 * The press file's pieces without a browser: the sheet's geometry and its
 * stylesheet, neutral greys made grey, the content-stream reading, the
 * marks, and each preflight rule on a PDF made to break it (and one that
 * keeps them all).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, rgb, cmyk, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { MM, pageBoxes, printGeometry } from "../../src/model/print.js";
import { operations, walkPage } from "../../src/press/content.js";
import { findGhostscript } from "../../src/press/ghostscript.js";
import { pressIssue } from "../../src/press/index.js";
import { preflightPages } from "../../src/press/preflight.js";
import { neutralToGray, prepareSheets } from "../../src/press/sheet.js";
import { geometryCss } from "../../src/templates/geometry.js";

const trimPt = { width: 170 * MM, height: 240 * MM };
const geometry = printGeometry({ trim: null, bleed: 3, marks: false, pdfx: "x4" }, trimPt);
const mm = (pt: number) => pt / MM;

describe("the print geometry", () => {
  it("puts the trim bleed in from the sheet's top left corner, and the bleed and media around it", () => {
    const sheetHeight = (240 + 6 + 0.9) * MM;
    const boxes = pageBoxes(geometry, sheetHeight);
    expect(boxes.trim.map(mm).map((v) => v.toFixed(2))).toEqual(["3.00", "3.90", "173.00", "243.90"]);
    expect(boxes.bleed.map(mm).map((v) => v.toFixed(2))).toEqual(["0.00", "0.90", "176.00", "246.90"]);
    expect(boxes.media).toEqual(boxes.bleed);
    const marked = printGeometry({ trim: { width: 156, height: 234 }, bleed: 5, marks: true, pdfx: "x4" }, trimPt);
    const withMarks = pageBoxes(marked, (234 + 10) * MM);
    expect(mm(withMarks.media[2] - withMarks.media[0])).toBeCloseTo(156 + 10 + 20, 6);
  });

  it("writes the sheet's size and bleed, the edge backgrounds and full-bleed figures into the page stylesheet", () => {
    const css = geometryCss(geometry, [{ selector: ".band", edges: ["top", "left"], background: "#123456" }]);
    expect(css).toContain("@page { size: 170mm 240mm; bleed: 3mm 3mm 4mm 3mm; marks: none; }");
    // Copies of the box moved up, left, and up-left: never down or right.
    const shadow = /\.band \{ box-shadow: ([^;]*); \}/.exec(css)![1]!;
    expect(shadow.split(", #").length).toBe(1);
    expect(shadow.match(/#123456/g)).toHaveLength(3);
    expect(shadow).not.toMatch(/calc\(1 \*/);
    expect(css).toContain(".figure.full-bleed { margin-left: calc(-1 * (var(--pagedjs-margin-left) + var(--galley-bleed)))");
  });
});

describe("neutral greys", () => {
  it("are written as greys, fill and stroke; colours and other numbers stay", () => {
    const { content, changed } = neutralToGray("q .0667 .0667 .0667 rg 0 0 0 RG .1216 .2275 .302 rg 1 1 1 rg 2 2 2 3 re f Q");
    expect(content).toBe("q .0667 g 0 G .1216 .2275 .302 rg 1 g 2 2 2 3 re f Q");
    expect(changed).toBe(3);
  });
});

describe("reading content streams", () => {
  it("splits operators from operands, strings, arrays and dictionaries included", () => {
    const ops = operations("BT /F1 9 Tf (a (b) \\) c) Tj [<0001> -20 (x)] TJ ET /Span <</ActualText <FEFF00AD>>> BDC EMC");
    expect(ops.map((o) => o.operator)).toEqual(["BT", "Tf", "Tj", "TJ", "ET", "BDC", "EMC"]);
    expect(ops[1]!.operands).toEqual([{ name: "F1" }, 9]);
    expect(ops[2]!.operands).toEqual(["(a (b) \\) c)"]);
  });
});

/** A one-page PDF drawn by `draw`, pages added to reach `pages`. */
async function pdfWith(draw: (doc: PDFDocument) => Promise<void> | void, pages = 4): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.addPage([300, 300]);
  await draw(doc);
  while (doc.getPageCount() < pages) doc.addPage([300, 300]);
  return PDFDocument.load(await doc.save());
}

const cmykPng = async (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "#336699" } }).png().toBuffer();

describe("the preflight", () => {
  it("passes CMYK text, a 0.5 pt rule and a 300 ppi image, and reads their colours", async () => {
    const doc = await pdfWith(async (d) => {
      const page = d.getPage(0);
      page.drawRectangle({ x: 10, y: 10, width: 100, height: 0.5, color: cmyk(0, 0, 0, 1) });
      page.drawImage(await d.embedPng(await cmykPng(300, 300)), { x: 10, y: 20, width: 72, height: 72 });
    });
    const { findings, colours } = preflightPages(doc);
    // pdf-lib's PNG is RGB: the one finding, and the only one.
    expect(findings.map((f) => [f.page, f.rule])).toEqual([[1, "press-rgb"]]);
    expect([...colours[0]!.images]).toEqual(["RGB"]);
  });

  it("finds RGB text, an unembedded font, a hairline, a low-resolution image and a page count off the sheet", async () => {
    const doc = await pdfWith(async (d) => {
      const page = d.getPage(0);
      page.drawText("Proof", { x: 10, y: 100, size: 12, font: await d.embedFont(StandardFonts.Helvetica), color: rgb(0.1, 0.1, 0.1) });
      page.drawLine({ start: { x: 10, y: 50 }, end: { x: 200, y: 50 }, thickness: 0.1, color: cmyk(0, 0, 0, 1) });
      page.drawImage(await d.embedPng(await cmykPng(100, 50)), { x: 10, y: 150, width: 144, height: 72 });
      page.drawImage(await d.embedPng(await cmykPng(400, 200)), { x: 10, y: 150, width: 144, height: 72 });
    }, 3);
    const { findings, colours } = preflightPages(doc);
    const found = findings.map((f) => [f.page, f.rule, f.severity]);
    expect(found).toContainEqual([null, "press-page-count", "error"]);
    expect(found).toContainEqual([1, "press-font-not-embedded", "error"]);
    expect(found).toContainEqual([1, "press-hairline", "error"]);
    expect(found).toContainEqual([1, "press-image-resolution", "error"]);
    expect(found).toContainEqual([1, "press-image-resolution-low", "warning"]);
    expect(findings.find((f) => f.rule === "press-image-resolution")!.detail).toMatch(/50 ppi/);
    expect(found.filter(([, rule]) => rule === "press-rgb").length).toBeGreaterThanOrEqual(2);
    expect([...colours[0]!.text]).toEqual(["RGB 0.1 0.1 0.1"]);
  });
});

describe("the sheets for the press", () => {
  it("take the links off, grow the media for the marks, and draw them in the colour All", async () => {
    const doc = await pdfWith((d) => {
      const page = d.getPage(0);
      page.setMediaBox(0, 0, 300, 300);
      page.setTrimBox(8.5, 8.5, 283, 283);
      page.node.set(PDFName.of("Annots"), d.context.obj([]));
    }, 1);
    const sheets = await PDFDocument.load(await (await prepareSheets(await doc.save(), { geometry, marks: true, grays: true })).save());
    const page = sheets.getPage(0);
    expect(page.node.get(PDFName.of("Annots"))).toBeUndefined();
    const media = page.getMediaBox();
    expect(mm(media.width)).toBeCloseTo(mm(283) + 2 * 13, 6);
    expect(page.getCropBox()).toEqual(media);
    const strokes: string[] = [];
    walkPage(sheets, page, { onStroke: (state) => strokes.push(`${state.stroke.space} ${state.lineWidth}`) });
    // Eight crop marks and four targets of a circle and two lines.
    expect(strokes).toHaveLength(8 + 4 * 3);
    expect(new Set(strokes)).toEqual(new Set(["GalleyAll 0.3"]));
  });
});

describe("the press file from Ghostscript", () => {
  const gs = findGhostscript();

  it.skipIf(!gs)("is CMYK PDF/X with the output intent, K-only black, and finds total ink over 300 %", async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 4; i++) {
      const page = doc.addPage([300, 300]);
      page.setTrimBox(20, 20, 260, 260);
      page.setCropBox(20, 20, 260, 260);
    }
    const first = doc.getPage(0);
    // Body-text black as Chromium writes it, and a four-colour black panel on page 2.
    first.drawRectangle({ x: 40, y: 40, width: 100, height: 1, color: rgb(0.0667, 0.0667, 0.0667) });
    first.drawText("Black text", { x: 40, y: 100, size: 12, font: await doc.embedFont(StandardFonts.Helvetica), color: rgb(0.0667, 0.0667, 0.0667) });
    doc.getPage(1).drawRectangle({ x: 40, y: 40, width: 150, height: 150, color: cmyk(1, 1, 1, 1) });
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-press-"));
    try {
      const result = await pressIssue(await doc.save(), { geometry, workDir, log: () => undefined });
      const found = result.findings.map((f) => [f.page, f.rule]);
      expect(found).toContainEqual([2, "press-ink"]);
      // Helvetica is not in the file, and Ghostscript embeds a substitute.
      expect(found.filter(([, rule]) => rule === "press-font-not-embedded")).toEqual([]);
      expect(found.filter(([, rule]) => rule === "press-rgb")).toEqual([]);
      expect(result.passed).toBe(false);
      // Black text and rules on the black plate alone.
      expect(result.colours[0]!.text.size).toBeGreaterThan(0);
      for (const colour of result.colours[0]!.text) expect(colour).toMatch(/^(Gray [\d.]+|CMYK 0 0 0 [\d.]+)$/);
      const press = await PDFDocument.load(result.pdf);
      const info = press.context.lookup(press.context.trailerInfo.Info) as PDFDict;
      expect(info.get(PDFName.of("GTS_PDFXVersion"))?.toString()).toBe("(PDF/X-4)");
      const intents = press.catalog.lookup(PDFName.of("OutputIntents"), PDFArray);
      const intent = intents.lookup(0, PDFDict);
      expect(intent.get(PDFName.of("S"))).toBe(PDFName.of("GTS_PDFX"));
      const profile = press.context.lookup(intent.get(PDFName.of("DestOutputProfile"))) as PDFRawStream;
      expect(profile.dict.get(PDFName.of("N"))?.toString()).toBe("4");
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });
});

describe("the command line", () => {
  it("refuses a PDF/X other than x4 and x1a before building anything", async () => {
    const { main } = await import("../../src/cli/index.js");
    const lines: string[] = [];
    expect(await main(["build", "--press", "--pdfx", "x3"], { log: (line) => lines.push(line) })).toBe(1);
    expect(lines[0]).toContain("argument 'x3' is invalid. must be x4 or x1a");
  });
});

describe("images for the press", () => {
  it("are converted to CMYK with the profile, brought down to 300 ppi at their placed size", async () => {
    const profile = "/usr/share/color/icc/ghostscript/default_cmyk.icc";
    if (!fs.existsSync(profile)) return;
    const doc = await pdfWith(async (d) => {
      const page = d.getPage(0);
      page.setTrimBox(0, 0, 300, 300);
      // 600 px across one inch, then 100 px across one inch.
      page.drawImage(await d.embedPng(await cmykPng(600, 300)), { x: 10, y: 10, width: 72, height: 36 });
      page.drawImage(await d.embedPng(await cmykPng(100, 50)), { x: 10, y: 100, width: 72, height: 36 });
    }, 1);
    const sheets = await PDFDocument.load(await (await prepareSheets(await doc.save(), { geometry, marks: false, cmykProfile: profile })).save());
    const images: string[] = [];
    walkPage(sheets, sheets.getPage(0), {
      onImage: (_state, _name, image) => {
        const get = (key: string) => image.dict.lookup(PDFName.of(key))?.toString();
        images.push(`${get("Width")}×${get("Height")} ${get("ColorSpace")}`);
      },
    });
    expect(images).toEqual(["300×150 /DeviceCMYK", "100×50 /DeviceCMYK"]);
  });
});

describe("finding Ghostscript and the profile", () => {
  it("takes GALLEY_GS and GALLEY_CMYK_PROFILE when set, and says so when they name nothing usable", async () => {
    const { findGhostscript, findCmykProfile } = await import("../../src/press/ghostscript.js");
    expect(() => findGhostscript({ GALLEY_GS: "/nonexistent/gs" })).toThrow(/GALLEY_GS is set to \/nonexistent\/gs/);
    expect(() => findCmykProfile({ GALLEY_CMYK_PROFILE: "/nonexistent.icc" })).toThrow(/GALLEY_CMYK_PROFILE/);
    const gs = findGhostscript({});
    if (gs) expect(findGhostscript({ GALLEY_GS: gs })).toBe(gs);
    if (fs.existsSync("/usr/share/color/icc/ghostscript/default_cmyk.icc")) expect(findCmykProfile({})).toMatch(/default_cmyk\.icc$/);
  });
});

describe("the template's own colours", () => {
  it("are written as the CMYK the template gives, fill and stroke; other colours stay", async () => {
    const { templateColoursToCmyk } = await import("../../src/press/sheet.js");
    const colours = new Map([["#1f3a4d", [90, 65, 40, 35]]]);
    const { content, changed } = templateColoursToCmyk("q .1216 .2275 .302 rg .1216 .2275 .302 RG .5 .2 .1 rg Q", colours);
    expect(content).toBe("q 0.9 0.65 0.4 0.35 k 0.9 0.65 0.4 0.35 K .5 .2 .1 rg Q");
    expect(changed).toBe(2);
  });
});
