/**
 * Taking soft hyphens out of the text layer (postprocess/soft-hyphens.ts)
 * and the check that none is left (verify/text-layer.ts), on small PDFs
 * drawn here the way Chromium's PDF writer draws them: every glyph placed
 * by its own Td, each soft hyphen an invisible glyph in a span whose
 * ActualText is U+00AD, and a line-end hyphen drawn after the span.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument, PDFName, PDFRawStream, StandardFonts } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { dropSoftHyphens, dropSoftHyphenSpans } from "../../src/postprocess/soft-hyphens.js";
import { contentText, pageContentRefs } from "../../src/postprocess/streams.js";
import { readPdf } from "../../src/verify/read.js";
import { actualTexts, checkTextLayer, textLayerProblems } from "../../src/verify/text-layer.js";

const SHY = "/Span<</ActualText <FEFF00AD> >> BDC\n";
/** Helvetica's advance widths (per 1000) for the letters used here. */
const WIDTHS: Record<string, number> = { c: 500, o: 556, n: 556, v: 500, e: 556, t: 278, i: 222, a: 556, l: 222, " ": 278, "-": 333 };
const SIZE = 12;

/**
 * One line of Skia-style glyphs: "|" marks a soft hyphen, a trailing "-"
 * the hyphen of a line broken there, which Skia draws on its own after the
 * soft hyphen's span.
 */
function skiaLine(text: string, y: number): string {
  const out = [`BT\n/F1 ${SIZE} Tf\n1 0 0 1 50 ${y} Tm`];
  let advance = 0;
  let first = true;
  const hyphen = text.endsWith("-");
  let x = 50;
  for (const c of hyphen ? text.slice(0, -1) : text) {
    const move = first ? "" : `${advance.toFixed(4)} 0 Td `;
    first = false;
    if (c === "|") {
      // The soft hyphen draws the space glyph at no advance: the next glyph moves by 0.
      out.push(`${SHY}${move}<20> Tj\nEMC`);
      advance = 0;
      continue;
    }
    out.push(`${move}<${c.charCodeAt(0).toString(16)}> Tj`);
    advance = (WIDTHS[c]! * SIZE) / 1000;
    x += advance;
  }
  out.push("ET");
  if (hyphen) out.push(`BT\n/F1 ${SIZE} Tf\n1 0 0 1 ${x.toFixed(4)} ${y} Tm\n<2d> Tj\nET`);
  return out.join("\n");
}

/** A page with "con|ven|tion|-" / "al" / "a con|cat|e|na|tion" set as Chromium sets them. */
async function skiaPdf(extra = ""): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([300, 200]);
  page.node.setFontDictionary(PDFName.of("F1"), font.ref);
  const content = [skiaLine("con|ven|tion|-", 150), skiaLine("al", 130), skiaLine("a con|cat|e|na|tion", 110), extra].join("\n");
  page.node.set(PDFName.of("Contents"), doc.context.register(doc.context.flateStream(content)));
  return doc.save();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-soft-hyphens-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, pdf: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, pdf);
  return file;
}

const pdftotext = (file: string) => execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
/** The page as poppler paints it, as a PNG. */
function render(file: string): Buffer {
  const stem = file.replace(/\.pdf$/, "");
  execFileSync("pdftoppm", ["-r", "150", "-png", "-singlefile", file, stem]);
  return fs.readFileSync(`${stem}.png`);
}

async function repaired(pdf: Uint8Array): Promise<{ doc: PDFDocument; dropped: number; pdf: Uint8Array }> {
  const doc = await PDFDocument.load(pdf);
  const dropped = dropSoftHyphens(doc);
  return { doc, dropped, pdf: await doc.save() };
}

describe("dropSoftHyphenSpans", () => {
  it("keeps a span's move and drops its marks and glyph", () => {
    const content = `1 0 0 -1 94 1760 Tm\n<0030> Tj\n8.37 0 Td <001D> Tj\n${SHY}8.1167755 0 Td <0001> Tj\nEMC\n0 0 Td <0027> Tj\n`;
    const { content: out, dropped } = dropSoftHyphenSpans(content);
    expect(dropped).toBe(1);
    expect(out).toBe(`1 0 0 -1 94 1760 Tm\n<0030> Tj\n8.37 0 Td <001D> Tj\n8.1167755 0 Td\n0 0 Td <0027> Tj\n`);
  });

  it("takes a span that opens a line, with no move of its own", () => {
    expect(dropSoftHyphenSpans(`BT ${SHY}<0001> Tj EMC 0 0 Td <0027> Tj ET`).content).toBe("BT  0 0 Td <0027> Tj ET");
  });

  it("keeps the text state a span sets before its glyph: the glyphs after it are placed from there", () => {
    // As Skia writes it where a soft hyphen opens a text object, after a change of font.
    const content = `BT\n${SHY}/F4 13.3299999 Tf\n1 0 0 -1 103.203125 2816 Tm\n<0001> Tj\nEMC\n0 0 Td <0029> Tj\nET`;
    expect(dropSoftHyphenSpans(content)).toEqual({ content: "BT\n/F4 13.3299999 Tf 1 0 0 -1 103.203125 2816 Tm\n0 0 Td <0029> Tj\nET", dropped: 1 });
  });

  it("leaves other marked content, and a soft-hyphen span holding what it does not expect", () => {
    const other = "/Span<</ActualText <FEFF0066006900> >> BDC\n<0082> Tj\nEMC\n";
    const literal = `${SHY}(x) Tj\nEMC\n`;
    const quote = `${SHY}<0001> '\nEMC\n`;
    const nested = `${SHY}/Span<</ActualText (a)>> BDC <0001> Tj EMC\nEMC\n`;
    const unclosed = `${SHY}<0001> Tj`;
    for (const content of [other, literal, quote, nested, unclosed]) expect(dropSoftHyphenSpans(content)).toEqual({ content, dropped: 0 });
  });
});

describe("dropSoftHyphens", () => {
  it("takes the soft hyphens out of what poppler reads, and keeps the line-end hyphen", async () => {
    const before = await skiaPdf();
    expect(pdftotext(write("before.pdf", before))).toContain("con\u00adven\u00adtion\u00ad-");
    const after = await repaired(before);
    expect(after.dropped).toBe(7);
    const text = pdftotext(write("after.pdf", after.pdf));
    expect(text).not.toContain("\u00ad");
    expect(text).toMatch(/convention-\s*\n\s*al\b/);
    expect(text).toContain("a concatenation");
  });

  it("leaves the page looking exactly as it did", async () => {
    const before = await skiaPdf();
    const after = await repaired(before);
    const painted = render(write("before-render.pdf", before));
    expect(painted.length).toBeGreaterThan(1000);
    expect(render(write("after-render.pdf", after.pdf)).equals(painted)).toBe(true);
  });

  it("joins the runs pdf.js reads, which each span ended", async () => {
    const before = await skiaPdf();
    const [page] = await readPdf((await repaired(before)).pdf);
    expect(page!.lines.map((l) => l.text)).toEqual(["convention-", "al", "a concatenation"]);
    const [original] = await readPdf(before);
    expect(original!.runs.length).toBeGreaterThan(page!.runs.length);
  });

  it("repairs form XObjects too, keeping their own entries", async () => {
    const doc = await PDFDocument.create();
    const form = doc.context.flateStream(`BT /F1 12 Tf <61> Tj ${SHY}6.672 0 Td <20> Tj EMC 0 0 Td <62> Tj ET`, {
      Type: "XObject",
      Subtype: "Form",
      BBox: [0, 0, 100, 100],
    });
    const ref = doc.context.register(form);
    doc.addPage();
    expect(dropSoftHyphens(doc)).toBe(1);
    const stream = doc.context.lookup(ref) as PDFRawStream;
    expect(contentText(stream)).toBe("BT /F1 12 Tf <61> Tj 6.672 0 Td 0 0 Td <62> Tj ET");
    expect(stream.dict.get(PDFName.of("Subtype"))).toBe(PDFName.of("Form"));
    expect(stream.dict.get(PDFName.of("BBox"))?.toString()).toBe("[ 0 0 100 100 ]");
  });
});

describe("the text-layer check", () => {
  it("reads ActualText written as hex or as a literal string", () => {
    expect(actualTexts(`/Span<</ActualText <FEFF 00AD> >> BDC EMC /Span <</ActualText (\\376\\377\\000\\255)>> BDC EMC /Span<</ActualText (fi)>> BDC EMC`)).toEqual([
      "\u00ad",
      "\u00ad",
      "fi",
    ]);
  });

  it("finds soft hyphens left as ActualText, page by page, and none once repaired", async () => {
    const before = await PDFDocument.load(await skiaPdf());
    expect(textLayerProblems(before)).toEqual(["page 1: 7 soft hyphens left as ActualText"]);
    const { doc } = await repaired(await skiaPdf());
    expect(textLayerProblems(doc)).toEqual([]);
    expect(contentText(doc.context.lookup(pageContentRefs(doc.getPage(0))[0]!) as PDFRawStream)).not.toContain("ActualText");
  });

  it("reports a span the repair does not know, rather than letting it through", async () => {
    const { doc } = await repaired(await skiaPdf(`BT /F1 12 Tf ${SHY}<20> ' EMC ET`));
    expect(textLayerProblems(doc)).toEqual(["page 1: 1 soft hyphen left as ActualText"]);
  });

  it("finds a font whose ToUnicode map gives a soft hyphen", async () => {
    const doc = await PDFDocument.create();
    const cmap = "1 beginbfchar\n<00B2> <00AD>\nendbfchar";
    doc.context.register(doc.context.obj({ Type: "Font", Subtype: "Type0", BaseFont: "AAAAAA+Test", ToUnicode: doc.context.register(doc.context.flateStream(cmap)) }));
    expect(textLayerProblems(doc)).toEqual(["the font AAAAAA+Test maps glyph 00B2 to a soft hyphen"]);
  });

  it("fails for each document whose text holds a soft hyphen, naming it", () => {
    const page = (index: number, text: string) => ({ index, width: 100, height: 100, lines: [], runs: [{ text, x: 0, y: 0, size: 10 }] });
    expect(
      checkTextLayer([
        { plan: { id: "clean" }, text: [page(0, "convention")], textLayer: [] },
        { plan: { id: "dirty" }, text: [page(0, "ok"), page(1, "con\u00adven\u00adtion")], textLayer: ["page 2: 1 soft hyphen left as ActualText"] },
      ]),
    ).toEqual(["dirty: page 2: 1 soft hyphen left as ActualText", "dirty: page 2: pdf.js reads 2 soft hyphens"]);
  });
});
