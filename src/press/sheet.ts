/**
 * The issue PDF made ready for the press, before Ghostscript converts it:
 * links taken off (PDF/X allows no annotations on the page), the media
 * grown to hold the marks when they are asked for and the crop box set to
 * it (the printer sees the whole sheet), RGB images converted to CMYK at
 * their placed size (images.ts), the marks drawn, and every
 * neutral grey written as a grey: Ghostscript prints a DeviceGray colour
 * on the black plate alone, so black text and rules come out K only
 * instead of as a four-colour black.
 */
import { PDFDocument, PDFName } from "pdf-lib";
import { grow, MARKS_SLUG_MM, MM, type Box, type PrintGeometry } from "../model/print.js";
import { formStreams, pageStreams, type ContentStream } from "./content.js";
import { convertImages } from "./images.js";
import { drawMarks } from "./marks.js";

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)`;
/** Three equal components then rg or RG: a neutral colour given as RGB. */
const NEUTRAL_RGB = new RegExp(String.raw`(^|\s)(${NUMBER})\s+\2\s+\2\s+(rg|RG)(?=\s|$)`, "g");

export function neutralToGray(content: string): { content: string; changed: number } {
  let changed = 0;
  const out = content.replace(NEUTRAL_RGB, (_all, before: string, value: string, op: string) => {
    changed++;
    return `${before}${value} ${op === "rg" ? "g" : "G"}`;
  });
  return { content: out, changed };
}

/**
 * RGB colours the template gives in CMYK (`colours:` in template.yaml),
 * written as those CMYK values: "0.1216 0.2275 0.302 rg" is #1f3a4d.
 */
export function templateColoursToCmyk(content: string, colours: ReadonlyMap<string, readonly number[]>): { content: string; changed: number } {
  let changed = 0;
  const out = content.replace(ANY_RGB, (all, before: string, r: string, g: string, b: string, op: string) => {
    const hex = `#${[r, g, b].map((v) => Math.round(Number(v) * 255).toString(16).padStart(2, "0")).join("")}`;
    const cmyk = colours.get(hex);
    if (!cmyk) return all;
    changed++;
    return `${before}${cmyk.map((v) => Number((v / 100).toFixed(4))).join(" ")} ${op === "rg" ? "k" : "K"}`;
  });
  return { content: out, changed };
}

const ANY_RGB = new RegExp(String.raw`(^|\s)(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(rg|RG)(?=\s|$)`, "g");

/** Neutral greys as greys, the template's own colours as its CMYK. */
function rewriteColours(stream: ContentStream, colours: ReadonlyMap<string, readonly number[]> | undefined): void {
  const grey = neutralToGray(stream.text);
  const own = colours?.size ? templateColoursToCmyk(grey.content, colours) : { content: grey.content, changed: 0 };
  if (grey.changed + own.changed > 0) stream.replace(own.content);
}

export interface SheetOptions {
  geometry: PrintGeometry;
  /** Crop and registration marks outside the bleed. */
  marks: boolean;
  /** Keep the links (a proof for reading on screen); a press file has none. */
  keepLinks?: boolean;
  /** Write neutral greys as greys (the press file). */
  grays?: boolean;
  /** The template's colours in CMYK, by lower-case #rrggbb (the press file). */
  colours?: ReadonlyMap<string, readonly number[]>;
  /** Convert RGB images to CMYK with this profile, at their placed size (the press file): see images.ts. */
  cmykProfile?: string;
}

/** The issue PDF's pages with their sheets: see the module's comment. */
export async function prepareSheets(pdf: Uint8Array, options: SheetOptions): Promise<PDFDocument> {
  const { geometry, marks } = options;
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pages = doc.getPages();
  const trimOf = (page: (typeof pages)[number]): Box => {
    const t = page.getTrimBox();
    return [t.x, t.y, t.x + t.width, t.y + t.height];
  };
  for (const page of pages) {
    const bleed = grow(trimOf(page), geometry.bleed);
    const media = grow(bleed, marks ? MARKS_SLUG_MM * MM : 0);
    page.setMediaBox(media[0], media[1], media[2] - media[0], media[3] - media[1]);
    page.setCropBox(media[0], media[1], media[2] - media[0], media[3] - media[1]);
    page.setBleedBox(bleed[0], bleed[1], bleed[2] - bleed[0], bleed[3] - bleed[1]);
    if (options.grays) for (const stream of pageStreams(doc, page)) rewriteColours(stream, options.colours);
  }
  if (options.grays) for (const stream of formStreams(doc)) rewriteColours(stream, options.colours);
  if (options.cmykProfile) await convertImages(doc, options.cmykProfile);
  if (marks) drawMarks(doc, pages, trimOf, geometry.bleed);
  // Last: drawing gives pdf-lib's page an (empty) annotation list.
  if (!options.keepLinks) for (const page of pages) page.node.delete(PDFName.of("Annots"));
  return doc;
}
