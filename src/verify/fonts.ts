/** Lists every font in a PDF and whether its glyphs are embedded. */
import { PDFArray, PDFDict, PDFName, type PDFDocument } from "pdf-lib";

export interface FontInfo {
  name: string;
  subtype: string;
  embedded: boolean;
}

const FONT_FILES = ["FontFile", "FontFile2", "FontFile3"].map((k) => PDFName.of(k));

export function listFonts(doc: PDFDocument): FontInfo[] {
  const fonts: FontInfo[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Type")) !== PDFName.of("Font")) continue;
    const subtype = object.get(PDFName.of("Subtype"));
    if (subtype === PDFName.of("CIDFontType0") || subtype === PDFName.of("CIDFontType2")) continue; // counted with their Type0 parent
    const name = object.get(PDFName.of("BaseFont"))?.toString().replace(/^\//, "") ?? "(unnamed)";
    let descriptorHolder: PDFDict | undefined = object;
    if (subtype === PDFName.of("Type0")) {
      const descendants = object.lookupMaybe(PDFName.of("DescendantFonts"), PDFArray);
      descriptorHolder = descendants?.lookupMaybe(0, PDFDict);
    }
    const descriptor = descriptorHolder?.lookupMaybe(PDFName.of("FontDescriptor"), PDFDict);
    // Type 3 fonts carry their glyphs as drawing procedures in the PDF itself.
    const embedded = subtype === PDFName.of("Type3") || (descriptor !== undefined && FONT_FILES.some((k) => descriptor.has(k)));
    fonts.push({ name, subtype: subtype?.toString().replace(/^\//, "") ?? "?", embedded });
  }
  return fonts;
}
