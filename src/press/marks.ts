/**
 * Crop and registration marks, drawn in the slug outside the bleed: a crop
 * mark on the line of each trim edge at every corner, and a registration
 * target at the middle of each side. They are drawn in the Separation
 * colour "All", which prints on every plate, so each plate can be cut and
 * registered by them.
 */
import { PDFName, PDFOperator, PDFNumber, type PDFDocument, type PDFPage } from "pdf-lib";
import { MM, type Box } from "../model/print.js";

/** Thicker than the press checks' hairline limit (0.25 pt). */
const MARK_WIDTH = 0.3;
const CROP_GAP = 1 * MM;
const CROP_LENGTH = 6 * MM;
const TARGET_RADIUS = 2.5 * MM;
const COLOUR_SPACE = "GalleyAll";

/** The registration colour space, added once per document. */
function registrationSpace(doc: PDFDocument) {
  const tint = doc.context.obj({ FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [1, 1, 1, 1], N: 1 });
  return doc.context.register(doc.context.obj([PDFName.of("Separation"), PDFName.of("All"), PDFName.of("DeviceCMYK"), tint]));
}

/** Draws the marks around `trim`, `bleed` out from it; the page's media must reach past them. */
export function drawMarks(doc: PDFDocument, pages: PDFPage[], trim: (page: PDFPage) => Box, bleed: number): void {
  const space = registrationSpace(doc);
  for (const page of pages) {
    const [x0, y0, x1, y1] = trim(page);
    const resources = page.node.Resources()!;
    const spaces = resources.lookup(PDFName.of("ColorSpace"));
    if (spaces && "set" in spaces) (spaces as { set: (k: PDFName, v: unknown) => void }).set(PDFName.of(COLOUR_SPACE), space);
    else resources.set(PDFName.of("ColorSpace"), doc.context.obj({ [COLOUR_SPACE]: space }));
    const ops: string[] = ["q", `/${COLOUR_SPACE} CS 1 SCN`, `${MARK_WIDTH} w`];
    const line = (ax: number, ay: number, bx: number, by: number) => ops.push(`${n(ax)} ${n(ay)} m ${n(bx)} ${n(by)} l S`);
    const out = bleed + CROP_GAP;
    for (const x of [x0, x1]) {
      for (const y of [y0, y1]) {
        const sx = x === x0 ? -1 : 1;
        const sy = y === y0 ? -1 : 1;
        line(x + sx * out, y, x + sx * (out + CROP_LENGTH), y);
        line(x, y + sy * out, x, y + sy * (out + CROP_LENGTH));
      }
    }
    const centre = out + CROP_LENGTH / 2;
    const middleX = (x0 + x1) / 2;
    const middleY = (y0 + y1) / 2;
    for (const [cx, cy] of [[middleX, y1 + centre], [middleX, y0 - centre], [x0 - centre, middleY], [x1 + centre, middleY]] as const) {
      ops.push(circle(cx, cy, TARGET_RADIUS) + " S");
      line(cx - TARGET_RADIUS * 1.4, cy, cx + TARGET_RADIUS * 1.4, cy);
      line(cx, cy - TARGET_RADIUS * 1.4, cx, cy + TARGET_RADIUS * 1.4);
    }
    ops.push("Q");
    page.pushOperators(...ops.map((op) => PDFOperator.of(op as never)));
  }
}

/** A circle as four Bézier arcs. */
function circle(cx: number, cy: number, r: number): string {
  const k = 0.5523 * r;
  return [
    `${n(cx + r)} ${n(cy)} m`,
    `${n(cx + r)} ${n(cy + k)} ${n(cx + k)} ${n(cy + r)} ${n(cx)} ${n(cy + r)} c`,
    `${n(cx - k)} ${n(cy + r)} ${n(cx - r)} ${n(cy + k)} ${n(cx - r)} ${n(cy)} c`,
    `${n(cx - r)} ${n(cy - k)} ${n(cx - k)} ${n(cy - r)} ${n(cx)} ${n(cy - r)} c`,
    `${n(cx + k)} ${n(cy - r)} ${n(cx + r)} ${n(cy - k)} ${n(cx + r)} ${n(cy)} c`,
  ].join(" ");
}

const n = (value: number) => PDFNumber.of(Number(value.toFixed(3))).toString();
