/**
 * The printed sheet's geometry, in PDF points: the trim, the bleed around
 * it, and the slug outside the bleed where crop and registration marks go.
 * Every stage that places something relative to the trim edge (the
 * generated page stylesheet, the boxes and marks of the merge, the
 * verifier's reading zones) works from this one value.
 */
import type { PrintSettings } from "./issue.js";

export const MM = 72 / 25.4;

/** Room outside the bleed for the marks: crop marks 5 mm long and registration targets fit in it. */
export const MARKS_SLUG_MM = 10;

/**
 * Paged.js sheets come out of Chromium a little short (0.14 mm at 240 mm).
 * The sheet is asked for this much taller at its foot, so that the bleed
 * below the trim is always whole; the merge finds the trim from the top.
 */
export const SHEET_SLACK_MM = 1;

export interface PrintGeometry {
  /** The trim, in points. */
  trim: { width: number; height: number };
  /** The bleed on every side, in points. */
  bleed: number;
  /** The slug outside the bleed, in points: 0 without marks. */
  slug: number;
  marks: boolean;
  pdfx: PrintSettings["pdfx"];
  /** The same in millimetres, for the stylesheet. */
  mm: { trim: { width: number; height: number }; bleed: number };
}

/** The geometry issue.yaml asks for, over the template's trim (in points). */
export function printGeometry(settings: PrintSettings, templateTrim: { width: number; height: number }, overrides: { marks?: boolean } = {}): PrintGeometry {
  const trimMm = settings.trim ?? { width: templateTrim.width / MM, height: templateTrim.height / MM };
  const marks = overrides.marks ?? settings.marks;
  return {
    trim: { width: trimMm.width * MM, height: trimMm.height * MM },
    bleed: settings.bleed * MM,
    slug: marks ? MARKS_SLUG_MM * MM : 0,
    marks,
    pdfx: settings.pdfx,
    mm: { trim: trimMm, bleed: settings.bleed },
  };
}

/** A box as pdf-lib and PDF arrays take it: left, bottom, right, top. */
export type Box = [number, number, number, number];

/**
 * Where each box of a page falls, given the height of the sheet Chromium
 * printed (the trim stands `bleed` in from its top left corner).
 */
export function pageBoxes(geometry: PrintGeometry, sheetHeight: number): { trim: Box; bleed: Box; media: Box } {
  const { trim, bleed, slug } = geometry;
  const top = sheetHeight - bleed;
  const trimBox: Box = [bleed, top - trim.height, bleed + trim.width, top];
  const bleedBox = grow(trimBox, bleed);
  return { trim: trimBox, bleed: bleedBox, media: grow(bleedBox, slug) };
}

export function grow([x0, y0, x1, y1]: Box, by: number): Box {
  return [x0 - by, y0 - by, x1 + by, y1 + by];
}
