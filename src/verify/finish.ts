/**
 * The finish of the pages: the rules a production editor signs off on,
 * measured on every build (docs/typography.md lists each rule, its
 * threshold and how the layout meets it). What can be read from the
 * printed PDF is read from it: holes, hyphens at line ends, the clearance
 * above the notes, where each page's first line stands. What only the
 * layout knows (paragraph fragments, pull quotes, word spaces) the page
 * measured itself (render/page-scripts/measure.js).
 *
 * Findings are warnings by default; `--strict` makes them errors.
 */
import type { DocumentPlan, LeadWay, PageFinish } from "../model/documents.js";
import type { PageRecord } from "../postprocess/index.js";
import type { PageText, TextLine } from "./read.js";

export const FINISH_RULES = {
  hole: "more than 2 body lines left empty on a page the article goes on from",
  "pull-quotes": "more than one pull quote on a page, or one split",
  widow: "a paragraph's last line alone at the top of a page",
  orphan: "a paragraph's first line alone at the foot of a page",
  "hyphen-run": "more than 2 consecutive lines ending in a hyphen",
  "page-end-hyphen": "a hyphen on the last line of a page",
  "short-hyphenation": "fewer than 2 letters before or 3 after a hyphenation",
  "loose-lines": "more loose lines (word space over twice the page's median) than 1 in 10 pages",
  "note-clearance": "less than 6 pt between the body and the footnote rule",
  "first-line": "a page's first line set below the text block's top",
} as const;

export type FinishRule = keyof typeof FINISH_RULES;

export interface Finding {
  rule: FinishRule;
  /** Folio: the 1-based page of the issue PDF. */
  page: number;
  documentId: string;
  detail: string;
}

export interface FinishReport {
  findings: Finding[];
  /** Findings by rule, every rule listed. */
  counts: Record<FinishRule, number>;
  /**
   * Pages short by no fault of the layout, each with why: what the next
   * page opens with (a figure, or lines calling long notes) could not
   * stand in the room left. Not findings, but listed, so a reader of the
   * report sees every short page.
   */
  excused: Finding[];
}

/** One page as the finish sees it: its printed text, its record, and what it measured of itself. */
export interface FinishPage {
  text: PageText;
  record: PageRecord;
  layout: PageFinish | null;
  kind: DocumentPlan["kind"];
  /** Whether the page ends its document: the end of an article may be short. */
  lastOfDocument: boolean;
}

const MIN_CLEARANCE = 6;
const MAX_HYPHEN_RUN = 2;
const MIN_BEFORE = 2;
const MIN_AFTER = 3;
const MAX_EMPTY_LINES = 2;
/** A line's first baseline may stand this far below the block's top plus its own size (a pull quote's rule and padding). */
const FIRST_LINE_ALLOWANCE = 10;
const LOOSE_LINES_PER_PAGE = 1 / 10;
/** Descenders reach about this far below the baseline, as a share of the size. */
const DESCENT = 0.25;
/** Slack for rounding between the page's measures and the PDF's. */
const TOLERANCE = 1;

export function checkFinish(pages: readonly FinishPage[]): FinishReport {
  const findings: Finding[] = [];
  const excused: Finding[] = [];
  const finding = (page: FinishPage, rule: FinishRule, detail: string): Finding => ({ rule, page: page.record.folio, documentId: page.record.documentId, detail });
  const found: Found = (page, rule, detail) => findings.push(finding(page, rule, detail));
  const excuse: Found = (page, rule, detail) => excused.push(finding(page, rule, detail));

  const split = pages.map((page) => (page.layout ? blocks(page.text, page.layout, page.record.footnoteTop) : null));
  const leadings = bodyLeadings(pages, split);
  const looseLines: { page: FinishPage; detail: string }[] = [];
  for (const [i, page] of pages.entries()) {
    const { layout, record } = page;
    if (!layout || record.role === "cover" || record.role === "blank") continue;
    const { body, notes } = split[i]!;
    if (body.length === 0) continue;
    // An opening page's sink above the title is the template's design, the same on every opener.
    if (record.role !== "opening") checkFirstLine(page, body[0]!, layout, found);
    if (page.kind === "article") checkHole(page, body, layout, pages[i + 1], leadings.get(record.documentId) ?? null, found, excuse);
    if (record.footnoteTop !== null) checkClearance(page, body.at(-1)!, record.footnoteTop, found);
    for (const lines of [body, notes]) checkHyphens(page, lines, found);
    if (endsInHyphen(body.at(-1)!) && !page.lastOfDocument) found(page, "page-end-hyphen", `"${tail(body.at(-1)!)}"`);

    if (layout.pullQuotes.length > 1) found(page, "pull-quotes", `${layout.pullQuotes.length} pull quotes on the page`);
    for (const quote of layout.pullQuotes.filter((q) => q.split)) found(page, "pull-quotes", `split: "${quote.text}"`);
    for (const widow of layout.widows) found(page, "widow", widow);
    for (const orphan of layout.orphans) found(page, "orphan", orphan);
    looseLines.push(
      ...layout.looseLines.map((l) => ({ page, detail: `word space ${l.space.toFixed(1)} pt, median ${l.median.toFixed(1)} pt: "${l.words}"` })),
    );
  }
  // Loose lines are allowed a budget, not none: report them only past it.
  if (looseLines.length > Math.floor(pages.length * LOOSE_LINES_PER_PAGE)) {
    for (const { page, detail } of looseLines) found(page, "loose-lines", detail);
  }
  const counts = Object.fromEntries(Object.keys(FINISH_RULES).map((rule) => [rule, 0])) as Record<FinishRule, number>;
  for (const finding of findings) counts[finding.rule]++;
  return { findings, counts, excused };
}

/** The summary line of a build: each rule's count, the rules met as one figure. */
export function finishSummary(report: FinishReport): string {
  const broken = Object.entries(report.counts).filter(([, n]) => n > 0);
  const met = Object.keys(report.counts).length - broken.length;
  const parts = broken.map(([rule, n]) => `${rule} ${n}`);
  const excused = report.excused.length ? ` (${report.excused.length} short ${report.excused.length === 1 ? "page" : "pages"} excused)` : "";
  return `${met} of ${Object.keys(report.counts).length} rules met${parts.length ? `; ${parts.join(", ")}` : ""}${excused}`;
}

type Found = (page: FinishPage, rule: FinishRule, detail: string) => void;

/** The page's body lines (in its text block, above the notes) and its note lines. */
function blocks(text: PageText, layout: PageFinish, footnoteTop: number | null): { body: TextLine[]; notes: TextLine[] } {
  const { top, bottom } = layout.area;
  const inBlock = text.lines.filter((l) => l.y >= top - TOLERANCE && l.y <= bottom + TOLERANCE);
  if (footnoteTop === null) return { body: inBlock, notes: [] };
  return { body: inBlock.filter((l) => l.y < footnoteTop), notes: inBlock.filter((l) => l.y > footnoteTop) };
}

function size(line: TextLine): number {
  return Math.max(...line.runs.map((r) => r.size));
}

function checkFirstLine(page: FinishPage, first: TextLine, layout: PageFinish, found: Found): void {
  const below = first.y - layout.area.top - size(first);
  // A picture or rule above the first line starts the page, where the page says it does.
  if (layout.firstInk !== null && layout.firstInk + size(first) < below) {
    if (layout.firstInk > FIRST_LINE_ALLOWANCE) found(page, "first-line", `starts ${layout.firstInk.toFixed(1)} pt low, with a picture or rule`);
    return;
  }
  if (below > FIRST_LINE_ALLOWANCE) found(page, "first-line", `starts ${below.toFixed(1)} pt low: "${head(first)}"`);
}

/**
 * Empty body lines at the foot of a page the article goes on from. Excused
 * where what the next page opens with could not stand in the room left:
 * - a figure or table taller than the room: a float with text after it
 *   is set after that text (finish.js), so one opening the next page had
 *   no text left to stand in its place;
 * - a paragraph none of whose ways of starting here would fill the page
 *   (measure.js leadLines) with the notes its lines call begun here (and
 *   the rule above them where the page has none yet, and below the
 *   space this page ends with, such as an abstract's margin): each needs
 *   more than the room, or less by over two lines, while one of them
 *   would fill it without its notes, so the notes are why. A note starts
 *   on its call's page, notes stand in the order of their calls, and the
 *   text keeps its order.
 */
function checkHole(
  page: FinishPage,
  body: TextLine[],
  layout: PageFinish,
  next: FinishPage | undefined,
  bodyLeading: number | null,
  found: Found,
  excuse: Found,
): void {
  if (page.lastOfDocument) return;
  const leading = bodyLeading ?? commonStep([body]);
  if (leading === null) return;
  const last = body.at(-1)!;
  const { footnoteTop } = page.record;
  // Above notes the body stops the clearance short of their rule; without notes it may reach the block's foot.
  const limit = footnoteTop === null ? layout.area.bottom : footnoteTop - MIN_CLEARANCE;
  // Whole lines only: a text block is seldom a whole number of lines tall, so a full page has part of one to spare.
  // A rule below the last line (an abstract's bottom border) ends what the page prints.
  const end = Math.max(last.y + DESCENT * size(last), layout.lastInk === null ? -Infinity : layout.area.top + layout.lastInk);
  const room = limit - end;
  const empty = Math.floor(room / leading + 0.05);
  if (empty <= MAX_EMPTY_LINES) return;
  const detail = `${empty} empty lines after "${tail(last)}"`;
  const opens = next?.record.documentId === page.record.documentId ? next.layout : null;
  if (opens?.leadBlock != null && opens.leadBlock > room) return excuse(page, "hole", `${detail}: the next page opens with a figure or table of ${opens.leadBlock.toFixed(0)} pt`);
  const lead = opens?.leadLines;
  if (lead) {
    // The space this page ends with (an abstract's margin below it) stands above the lines too, where it is more than their own.
    const gap = Math.max(0, layout.spaceBelow - lead.above);
    // Where the page has notes, the room ends the clearance above them already; where it has none, the rule's space is the clearance.
    const need = (way: LeadWay) => gap + way.text + (way.notes > 0 ? way.notes + (footnoteTop === null ? lead.rule : 0) : 0);
    const fills = (needs: (way: LeadWay) => number) => (way: LeadWay) =>
      needs(way) <= room + TOLERANCE && (way.whole || Math.floor((room - needs(way)) / leading + 0.05) <= MAX_EMPTY_LINES);
    const over = lead.ways.find((way) => way.notes > 0 && need(way) > room + TOLERANCE);
    // The notes must be why: a heading that cannot come back with the lines it keeps leaves a hole.
    if (over && !lead.ways.some(fills(need)) && lead.ways.some(fills((way) => gap + way.text))) {
      return excuse(page, "hole", `${detail}: the next page's first ${over.lines === 1 ? "line" : `${over.lines} lines`} would need ${need(over).toFixed(0)} pt here, with the notes they call`);
    }
  }
  found(page, "hole", detail);
}

/**
 * Each document's body leading: the most common distance between the
 * baselines of consecutive body lines over all its pages (`split`: each
 * page's body lines, as `blocks` reads them). A page's own lines do not
 * tell it where they are few or set otherwise: an opening
 * page's abstract, set smaller and closer, or captions at a page's foot
 * would have a page short by two body lines and a half counted a hole of
 * three.
 */
function bodyLeadings(pages: readonly FinishPage[], split: ({ body: TextLine[] } | null)[]): Map<string, number> {
  const byDocument = new Map<string, TextLine[][]>();
  for (const [i, page] of pages.entries()) {
    const body = split[i]?.body;
    if (!body || page.kind !== "article") continue;
    const groups = byDocument.get(page.record.documentId);
    if (groups) groups.push(body);
    else byDocument.set(page.record.documentId, [body]);
  }
  const leadings = new Map<string, number>();
  for (const [id, groups] of byDocument) {
    const step = commonStep(groups);
    if (step !== null) leadings.set(id, step);
  }
  return leadings;
}

/** The most common distance between the baselines of consecutive lines of each group, if seen twice. */
function commonStep(groups: TextLine[][]): number | null {
  const steps = new Map<number, number>();
  for (const lines of groups) {
    for (let i = 1; i < lines.length; i++) {
      const step = Math.round((lines[i]!.y - lines[i - 1]!.y) * 10) / 10;
      steps.set(step, (steps.get(step) ?? 0) + 1);
    }
  }
  let best: [number, number] | null = null;
  for (const entry of steps) if (!best || entry[1] > best[1]) best = entry;
  return best && best[1] >= 2 ? best[0] : null;
}

function checkClearance(page: FinishPage, last: TextLine, footnoteTop: number, found: Found): void {
  const clearance = footnoteTop - (last.y + DESCENT * size(last));
  if (clearance < MIN_CLEARANCE - 0.5) found(page, "note-clearance", `${clearance.toFixed(1)} pt above the footnote rule`);
}

/** Runs of hyphenated lines, and hyphenations that leave too few letters on either side. */
function checkHyphens(page: FinishPage, lines: TextLine[], found: Found): void {
  let run = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    run = endsInHyphen(line) ? run + 1 : 0;
    if (run === MAX_HYPHEN_RUN + 1) found(page, "hyphen-run", `${run}+ lines ending in a hyphen, from "${tail(lines[i - run + 1]!)}"`);
    // A line's hyphen set on a line of its own leaves no letter beside it (the reading joins the word again).
    if (i > 0 && /^[-‐]$/u.test(line.text.trim())) found(page, "short-hyphenation", `a hyphen alone on a line, after "${tail(lines[i - 1]!)}"`);
    const next = lines[i + 1];
    if (!next || !endsInHyphen(line)) continue;
    const before = /(\p{Ll}+)[-‐]$/u.exec(line.text)?.[1];
    const after = /^(\p{Ll}+)/u.exec(next.text)?.[1];
    if (!before || !after) continue;
    // Letters before the break: only those of the word's last part (a compound's parts are words of their own).
    const part = /(?:^|[\s/-])(\p{L}+)[-‐]$/u.exec(line.text)?.[1] ?? before;
    if (part.length < MIN_BEFORE || after.length < MIN_AFTER) found(page, "short-hyphenation", `"${part}-${after}"`);
  }
}

function endsInHyphen(line: TextLine): boolean {
  return /\p{L}[-‐]$/u.test(line.text);
}

function head(line: TextLine): string {
  return line.text.slice(0, 40);
}

function tail(line: TextLine): string {
  return line.text.length > 40 ? "…" + line.text.slice(-40) : line.text;
}
