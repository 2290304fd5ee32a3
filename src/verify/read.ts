/**
 * Reading a PDF back with pdfjs-dist: each page's text as positioned runs,
 * grouped into lines, top to bottom. Verification works from this, never
 * from what the build believes it printed.
 */
import { loadPdfjs } from "./pdfjs.js";

export interface TextRun {
  text: string;
  /** Left edge, in points from the left of the page. */
  x: number;
  /** Baseline, in points from the top of the page. */
  y: number;
  /** Font size in points. */
  size: number;
}

export interface TextLine {
  /** Baseline of the line's first run, in points from the top. */
  y: number;
  runs: TextRun[];
  text: string;
}

export interface PageText {
  /** 0-based. */
  index: number;
  width: number;
  height: number;
  /** Runs in content-stream order, which is Chromium's paint (document) order. */
  runs: TextRun[];
  /** The same runs grouped into lines, top to bottom. */
  lines: TextLine[];
}

/**
 * Runs whose baselines differ by less than this share a line: a note call
 * set as a superscript is raised 3.5–4.5 pt, and lines stand at least
 * 10 pt apart (the notes' leading).
 */
const LINE_TOLERANCE = 5.5;

/**
 * Where the trim stands on each page, in points from the visible page's
 * top left corner: positions are read from the trim edge. A document as
 * Chromium printed it has its bleed around the trim; the issue PDF shows
 * the trim alone (its crop box).
 */
export interface TrimFrame {
  left: number;
  top: number;
  width: number;
  height: number;
}

export async function readPdf(data: Uint8Array, frame?: TrimFrame): Promise<PageText[]> {
  // pdfjs takes ownership of the buffer it is given, so give it a copy.
  const { getDocument } = await loadPdfjs();
  const task = getDocument({ data: data.slice(), verbosity: 0, isEvalSupported: false, disableFontFace: true });
  const doc = await task.promise;
  try {
    const pages: PageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, , x1, y1] = page.view as [number, number, number, number];
      const { left, top, width, height } = frame ?? { left: 0, top: 0, width: x1 - x0, height: y1 - page.view[1]! };
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str === "") continue;
        const [a, b, , , e, f] = item.transform as number[];
        runs.push({ text: item.str, x: e! - x0 - left, y: y1 - f! - top, size: Math.hypot(a!, b!) });
      }
      pages.push({ index: n - 1, width, height, runs, lines: groupLines(runs) });
      page.cleanup();
      // pdfjs runs in this thread on promises alone: let waiting I/O (the
      // browser's requests and replies, during a build) through between pages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

export function groupLines(runs: TextRun[]): TextLine[] {
  const sorted = [...runs].sort((p, q) => p.y - q.y || p.x - q.x);
  const lines: TextLine[] = [];
  for (const run of sorted) {
    // Compare with the line's largest run, so a raised call joins its line.
    const line = lines.find((l) => Math.abs(baseline(l) - run.y) < LINE_TOLERANCE);
    if (line) line.runs.push(run);
    else lines.push({ y: run.y, runs: [run], text: "" });
  }
  for (const line of lines) {
    line.runs.sort((p, q) => p.x - q.x);
    line.text = joinRuns(line.runs);
    line.y = baseline(line);
  }
  return lines.sort((p, q) => p.y - q.y);
}

function baseline(line: TextLine): number {
  return line.runs.reduce((best, r) => (r.size > best.size ? r : best)).y;
}

function joinRuns(runs: TextRun[]): string {
  return runs
    .map((r) => r.text)
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}
