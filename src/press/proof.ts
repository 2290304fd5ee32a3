/**
 * The proof (`--proof`): the issue as it will be cut, for authors and
 * editors to mark up. The whole sheet shows, crop marks and all, with a
 * light watermark across every page naming the issue, the day and the
 * manuscripts' revision; `--line-numbers` numbers the lines of each page
 * in its outer margin, from 1 on every page, so that a correction can say
 * "page 12, line 31".
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { writeAtomic } from "../files.js";
import type { AssembledIssue } from "../postprocess/index.js";
import { readPdf } from "../verify/read.js";
import { degrees, grayscale, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import { MM, type PrintGeometry } from "../model/print.js";
import type { PageText } from "../verify/read.js";
import { prepareSheets } from "./sheet.js";

export interface ProofOptions {
  geometry: PrintGeometry;
  /** The watermark: see proofLabel. */
  label: string;
  /** Each page's text as read back from the trim edge, for the line numbers; null for none. */
  lines: PageText[] | null;
  /** Where the text block is: heads above `head`, folios below `height - foot` (points from the trim edge). */
  zones: { head: number; foot: number };
  /** Pages that get no line numbers (the cover, blank pages), 0-based. */
  unnumbered: ReadonlySet<number>;
  /** Where each page's notes begin, in points from the trim's top (PageRecord.footnoteTop): their lines are not numbered. */
  notesTop?: ReadonlyMap<number, number>;
}

/** "PROOF · meridian-14-3 · 2026-11-30 · 1a2b3c4", the revision left out outside a git checkout. */
export function proofLabel(slug: string, date: Date, folder: string): string {
  const rev = spawnSync("git", ["-C", folder, "rev-parse", "--short", "HEAD"], { encoding: "utf8" });
  const revision = rev.status === 0 ? rev.stdout.trim() : "";
  return ["PROOF", slug, date.toISOString().slice(0, 10), ...(revision ? [revision] : [])].join(" · ");
}

const WATERMARK_GREY = grayscale(0.45);
const WATERMARK_OPACITY = 0.18;
const NUMBER_SIZE = 6;
/** Line numbers stand this far in from the trim's outer edge. */
const NUMBER_INSET = 10 * MM;

export async function proofIssue(screenPdf: Uint8Array, options: ProofOptions): Promise<Uint8Array> {
  const { geometry, label, lines, zones, unnumbered, notesTop } = options;
  const doc = await prepareSheets(screenPdf, { geometry, marks: true, keepLinks: true });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.getPages().forEach((page, index) => {
    const trim = page.getTrimBox();
    drawWatermark(page, font, label, trim);
    const text = lines?.[index];
    if (text && !unnumbered.has(index)) drawLineNumbers(page, font, text, trim, { ...zones, notes: notesTop?.get(index) ?? null }, index);
  });
  return doc.save();
}

type Rect = { x: number; y: number; width: number; height: number };

/** The label once, along the trim's diagonal, as large as fits in four fifths of it. */
function drawWatermark(page: PDFPage, font: PDFFont, label: string, trim: Rect): void {
  const angle = Math.atan2(trim.height, trim.width);
  const diagonal = Math.hypot(trim.width, trim.height);
  const size = Math.min(40, (0.8 * diagonal) / (font.widthOfTextAtSize(label, 1) || 1));
  const width = font.widthOfTextAtSize(label, size);
  const cx = trim.x + trim.width / 2;
  const cy = trim.y + trim.height / 2;
  // Start so that the text's middle (along and across) falls on the page's centre.
  const along = width / 2;
  const across = (size * 0.7) / 2;
  page.drawText(label, {
    x: cx - along * Math.cos(angle) + across * Math.sin(angle),
    y: cy - along * Math.sin(angle) - across * Math.cos(angle),
    size,
    font,
    color: WATERMARK_GREY,
    opacity: WATERMARK_OPACITY,
    rotate: degrees((angle * 180) / Math.PI),
  });
}

/**
 * Every body line of the text block numbered from 1, in the outer margin
 * (right on rectos, left on versos): not the running head, the folio or
 * the notes, which authors cite by their own numbers.
 */
function drawLineNumbers(page: PDFPage, font: PDFFont, text: PageText, trim: Rect, zones: ProofOptions["zones"] & { notes: number | null }, index: number): void {
  const body = text.lines.filter((l) => l.y >= zones.head && l.y <= text.height - zones.foot && (zones.notes === null || l.y < zones.notes));
  const recto = index % 2 === 0;
  body.forEach((line, i) => {
    const label = String(i + 1);
    const width = font.widthOfTextAtSize(label, NUMBER_SIZE);
    const x = recto ? trim.x + trim.width - NUMBER_INSET : trim.x + NUMBER_INSET - width;
    page.drawText(label, { x, y: trim.y + trim.height - line.y, size: NUMBER_SIZE, font, color: grayscale(0.35) });
  });
}

export interface WriteProofOptions {
  outDir: string;
  slug: string;
  /** The manuscripts' folder: its git revision goes into the watermark. */
  issueDir: string;
  lineNumbers: boolean;
  zones: { head: number; foot: number };
  geometry: PrintGeometry;
}

/** Writes `<issue>.proof.pdf` from the verified issue. */
export async function writeProof(assembled: AssembledIssue, options: WriteProofOptions): Promise<string> {
  const { outDir, slug, issueDir, lineNumbers, zones, geometry } = options;
  const unnumbered = new Set(assembled.pages.filter((p) => p.role === "cover" || p.role === "blank").map((p) => p.index));
  const pdf = await proofIssue(assembled.pdf, {
    geometry,
    label: proofLabel(slug, new Date(), issueDir),
    lines: lineNumbers ? await readPdf(assembled.pdf) : null,
    zones,
    unnumbered,
    notesTop: new Map(assembled.pages.flatMap((p) => (p.footnoteTop === null ? [] : [[p.index, p.footnoteTop] as const]))),
  });
  const file = path.join(outDir, `${slug}.proof.pdf`);
  writeAtomic(file, pdf);
  return file;
}
