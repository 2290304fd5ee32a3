import { PDFDocument, PDFName, decodePDFRawStream, PDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { parseCMap, repairSharedGlyphs, writeCMap } from "../../src/postprocess/tounicode.js";

const SKIA_STYLE = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
2 beginbfchar
<0001> <0020>
<0082> <006600660069>
endbfchar
2 beginbfrange
<0002> <0004> <0041>
<00B0> <00B1> [<02BC> <2019>]
endbfrange
endcmap`;

describe("ToUnicode maps", () => {
  it("reads bfchar and both kinds of bfrange", () => {
    const map = parseCMap(SKIA_STYLE);
    expect(Object.fromEntries(map)).toEqual({
      "0001": " ",
      "0082": "ffi",
      "0002": "A",
      "0003": "B",
      "0004": "C",
      "00B0": "\u02bc",
      "00B1": "\u2019",
    });
  });

  it("writes a map that reads back the same", () => {
    const map = parseCMap(SKIA_STYLE);
    expect(parseCMap(writeCMap(map))).toEqual(map);
  });

  it("maps the shared apostrophe glyph back to U+2019 unless the text uses U+02BC", async () => {
    const doc = await PDFDocument.create();
    const font = doc.context.obj({ Type: "Font", Subtype: "Type0", BaseFont: "AAAAAA+Test" });
    font.set(PDFName.of("ToUnicode"), doc.context.register(doc.context.flateStream(SKIA_STYLE)));
    doc.context.register(font);
    const read = () => parseCMap(new TextDecoder().decode(decodePDFRawStream(font.lookup(PDFName.of("ToUnicode")) as PDFRawStream).decode()));

    expect(repairSharedGlyphs(doc, new Set([0x02bc]))).toBe(0);
    expect(read().get("00B0")).toBe("\u02bc");

    expect(repairSharedGlyphs(doc, new Set([0x61]))).toBe(1);
    expect(read().get("00B0")).toBe("\u2019");
    expect(read().get("0082")).toBe("ffi");
  });
});
