/**
 * Preflight of the press file, page by page, as a printer's would: image
 * resolution at the placed size, fonts embedded, no RGB left, total ink,
 * hairlines, and a page count that folds into whole sheets. Each finding
 * names its rule (src/rules.ts) and its page; an error refuses the file.
 */
import { PDFArray, PDFDict, PDFName, PDFRawStream, type PDFDocument, type PDFObject, type PDFPage } from "pdf-lib";
import type { PressFinding } from "../model/press.js";
import { RULES, type RuleId } from "../rules.js";
import { walkPage, type Colour, type Matrix } from "./content.js";

export type { PressFinding };

/** What was found on one page: also what the tests read back. */
export interface PageColours {
  text: Set<string>;
  images: Set<string>;
}

export const LIMITS = { errorPpi: 150, warningPpi: 300, inkPercent: 300, hairlinePt: 0.25 };

export function report(found: PressFinding[], page: number | null, detail: string, rule: RuleId): void {
  const { severity } = RULES[rule];
  found.push({ rule, severity: severity === "error" ? "error" : "warning", page, detail });
}

/** Scale of a matrix: the size in points of a unit square's side. */
const scaleOf = (m: Matrix) => Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));

/** Checks every page's drawing; ink is measured separately (ink.ts), from a rendering. */
export function preflightPages(doc: PDFDocument): { findings: PressFinding[]; colours: PageColours[] } {
  const findings: PressFinding[] = [];
  const colours: PageColours[] = [];
  const pages = doc.getPages();
  if (pages.length % 4 !== 0) report(findings, null, `${pages.length} pages: not a multiple of 4`, "press-page-count");
  pages.forEach((page, index) => {
    const n = index + 1;
    const seen: PageColours = { text: new Set(), images: new Set() };
    const rgbSeen = new Set<string>();
    const rgb = (what: string) => {
      if (rgbSeen.has(what)) return;
      rgbSeen.add(what);
      report(findings, n, `${what} in RGB`, "press-rgb");
    };
    const spaceOf = (colour: Colour, state: { resources: PDFDict | undefined }) => resolveSpace(doc, state.resources, colour.space);
    walkPage(doc, page, {
      onText(state) {
        const space = spaceOf(state.fill, state);
        seen.text.add(describe(space, state.fill));
        if (space === "RGB") rgb("text");
      },
      onStroke(state) {
        if (spaceOf(state.stroke, state) === "RGB") rgb("a line");
        const width = state.lineWidth * scaleOf(state.ctm);
        if (width < LIMITS.hairlinePt) report(findings, n, `a line ${width.toFixed(2)} pt wide`, "press-hairline");
      },
      onRectangleFill(state, w, h) {
        if (spaceOf(state.fill, state) === "RGB") rgb("a fill");
        const thin = Math.min(Math.abs(w), Math.abs(h)) * scaleOf(state.ctm);
        if (thin > 0 && thin < LIMITS.hairlinePt) report(findings, n, `a rule ${thin.toFixed(2)} pt thick`, "press-hairline");
      },
      onImage(state, name, image) {
        const space = imageSpace(doc, image);
        seen.images.add(space);
        if (space === "RGB") rgb(`image ${name}`);
        const width = Number(image.dict.lookup(PDFName.of("Width"))?.toString() ?? 0);
        const height = Number(image.dict.lookup(PDFName.of("Height"))?.toString() ?? 0);
        const placedW = Math.hypot(state.ctm[0], state.ctm[1]) / 72;
        const placedH = Math.hypot(state.ctm[2], state.ctm[3]) / 72;
        if (!placedW || !placedH) return;
        // A hundredth of a pixel per inch is rounding in the placement, not a defect.
        const ppi = Math.min(width / placedW, height / placedH) + 0.01;
        const size = `${width} × ${height} px placed at ${(placedW * 25.4).toFixed(0)} × ${(placedH * 25.4).toFixed(0)} mm`;
        if (ppi < LIMITS.errorPpi) report(findings, n, `image ${name}: ${Math.round(ppi)} ppi (${size})`, "press-image-resolution");
        else if (ppi < LIMITS.warningPpi) report(findings, n, `image ${name}: ${Math.round(ppi)} ppi (${size})`, "press-image-resolution-low");
      },
    });
    for (const font of unembeddedFonts(doc, page)) report(findings, n, `font ${font} is not embedded`, "press-font-not-embedded");
    colours.push(seen);
  });
  return { findings, colours };
}

type Family = "Gray" | "RGB" | "CMYK" | "Separation" | "Lab" | "Other";

/** A colour as the tests read it: "CMYK 0 0 0 0.93", "Gray 0.07". */
function describe(space: Family, colour: Colour): string {
  return [space, ...colour.values.map((v) => Number(v.toFixed(3)))].join(" ");
}

/** The family of a colour space given by name: a device space, or a resource of the page or form. */
function resolveSpace(doc: PDFDocument, resources: PDFDict | undefined, name: string): Family {
  if (name === "DeviceGray" || name === "G") return "Gray";
  if (name === "DeviceRGB" || name === "RGB") return "RGB";
  if (name === "DeviceCMYK" || name === "CMYK") return "CMYK";
  const spaces = resources?.lookup(PDFName.of("ColorSpace"));
  const entry = spaces instanceof PDFDict ? spaces.get(PDFName.of(name)) : undefined;
  return entry ? familyOf(doc, entry) : "Other";
}

function familyOf(doc: PDFDocument, value: PDFObject): Family {
  const object = doc.context.lookup(value);
  if (object instanceof PDFName) return resolveName(object.asString().slice(1));
  if (!(object instanceof PDFArray)) return "Other";
  const kind = doc.context.lookup(object.get(0));
  const kindName = kind instanceof PDFName ? kind.asString().slice(1) : "";
  if (kindName === "ICCBased") {
    const stream = doc.context.lookup(object.get(1));
    const n = stream instanceof PDFRawStream ? Number(stream.dict.lookup(PDFName.of("N"))?.toString()) : 0;
    return n === 1 ? "Gray" : n === 3 ? "RGB" : n === 4 ? "CMYK" : "Other";
  }
  if (kindName === "Indexed") return familyOf(doc, object.get(1));
  if (kindName === "CalRGB") return "RGB";
  if (kindName === "CalGray") return "Gray";
  if (kindName === "Separation" || kindName === "DeviceN") return "Separation";
  if (kindName === "Lab") return "Lab";
  return resolveName(kindName);
}

function resolveName(name: string): Family {
  return name === "DeviceGray" ? "Gray" : name === "DeviceRGB" ? "RGB" : name === "DeviceCMYK" ? "CMYK" : "Other";
}

function imageSpace(doc: PDFDocument, image: PDFRawStream): Family {
  const space = image.dict.get(PDFName.of("ColorSpace"));
  if (space) return familyOf(doc, space);
  // A mask or a JPX image carries no colour space of its own.
  return image.dict.get(PDFName.of("ImageMask")) ? "Gray" : "Other";
}

/** Base names of the page's fonts (its forms' too) that have no font file. */
function unembeddedFonts(doc: PDFDocument, page: PDFPage): string[] {
  const missing = new Set<string>();
  const visit = (resources: PDFDict | undefined, depth: number) => {
    const fonts = resources?.lookup(PDFName.of("Font"));
    if (fonts instanceof PDFDict) {
      for (const [, ref] of fonts.entries()) {
        const font = doc.context.lookup(ref);
        if (font instanceof PDFDict && !isEmbedded(doc, font)) missing.add(font.lookup(PDFName.of("BaseFont"))?.toString().slice(1) ?? "?");
      }
    }
    const xobjects = resources?.lookup(PDFName.of("XObject"));
    if (!(xobjects instanceof PDFDict) || depth > 4) return;
    for (const [, ref] of xobjects.entries()) {
      const object = doc.context.lookup(ref);
      if (object instanceof PDFRawStream && object.dict.get(PDFName.of("Subtype")) === PDFName.of("Form")) {
        const own = object.dict.lookup(PDFName.of("Resources"));
        visit(own instanceof PDFDict ? own : undefined, depth + 1);
      }
    }
  };
  visit(page.node.Resources(), 0);
  return [...missing];
}

function isEmbedded(doc: PDFDocument, font: PDFDict): boolean {
  const subtype = font.lookup(PDFName.of("Subtype"))?.toString();
  // A Type 3 font's glyphs are drawn in the file itself.
  if (subtype === "/Type3") return true;
  if (subtype === "/Type0") {
    const descendants = font.lookup(PDFName.of("DescendantFonts"));
    const first = descendants instanceof PDFArray ? doc.context.lookup(descendants.get(0)) : undefined;
    return first instanceof PDFDict ? isEmbedded(doc, first) : false;
  }
  const descriptor = font.lookup(PDFName.of("FontDescriptor"));
  if (!(descriptor instanceof PDFDict)) return false;
  return ["FontFile", "FontFile2", "FontFile3"].some((key) => descriptor.get(PDFName.of(key)) !== undefined);
}
