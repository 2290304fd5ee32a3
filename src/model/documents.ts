/**
 * What the stages hand each other after the manuscripts: one type per
 * boundary, named for what the thing is at that point.
 *
 *   prepare   → PreparedIssue     (issue, bodies, abstracts)
 *   compose   → DocumentPlan      (an HTML document to lay out)
 *   render    → RenderedDocument  (its PDF, numbered for its place)
 *   proof     → ProofedDocument   (the PDF repaired and read back; in verify/proof.ts)
 *   assemble  → DocumentRecord    (where it stands in the issue PDF)
 */
import { createHash } from "node:crypto";
import type { Issue, Labels } from "./issue.js";

export interface Footnote {
  number: number;
  label: string;
  /** Plain text of the note, for verification against the PDF. */
  text: string;
}

/** A manuscript's body as the markdown stage renders it. */
export interface RenderedBody {
  html: string;
  footnotes: Footnote[];
  pullquotes: string[];
}

/** Everything before the browser, checked: what `npm run check` proves and a build composes. */
export interface PreparedIssue {
  issue: Issue;
  /** Rendered body of each manuscript, by id. */
  bodies: Map<string, RenderedBody>;
  /** Rendered abstract of each article that has one, by id. */
  abstracts: Map<string, string>;
  /** The template's labels for the issue's language, with issue.yaml's over them. */
  labels: Labels;
}

/** An author's note as printed: the mark by the name and the note at the foot of the opening page. */
export interface AuthorNote {
  mark: string;
  text: string;
}

/** One HTML document to lay out, and what its pages must show. */
export interface DocumentPlan {
  /** Manuscript id, or "front matter" for the front matter. */
  id: string;
  kind: "front" | "article" | "back";
  /** Title for the PDF outline and the contents. */
  title: string;
  htmlPath: string;
  /** Hash of the HTML and all that shapes its layout: the cache key. */
  key: string;
  /** The running heads its pages must carry; null for the front matter. */
  heads: { verso: string; recto: string } | null;
  /** Notes that must sit at the foot of its pages: numbered footnotes, then author notes on the opening page. */
  notes: { footnotes: Footnote[]; authorNotes: AuthorNote[] };
}

/** What the issue PDF says of itself, in its document information. */
export interface PdfMetadata {
  title: string;
  /** Every author, once each, in order of appearance. */
  authors: string[];
  subject: string;
  keywords: string[];
  lang: string;
}

/** The issue as documents to lay out: the front matter, then articles and back pages in order. */
export interface ComposedIssue {
  front: DocumentPlan;
  parts: DocumentPlan[];
  metadata: PdfMetadata;
}

/** What the layout made of one page, read from Paged.js's page boxes. */
export interface PageInfo {
  blank: boolean;
  first: boolean;
  /** Named pages (CSS `page:`) it belongs to, like "cover" or "front". */
  names: string[];
  /** Top of the footnote area in points from the page's top, if it holds notes. */
  footnoteTop: number | null;
  /** Whether it holds contents entries (elements with `data-folio-for`). */
  holdsContents: boolean;
  /** Entries (`data-fit-entry`) left out of an element that must fit on this page: see page-scripts/fit.js. */
  leftOut: string[];
  /** The body's headings that start on it, in order (page-scripts/inspect.js): the outline's entries. */
  headings?: { level: number; text: string; top: number }[];
  /** What the page measured of its own finish (page-scripts/measure.js); null for a page without a text area. */
  finish: PageFinish | null;
}

/**
 * The `leftOut` entry of a pull quote the layout left out, named by its
 * manuscript line (page-scripts/finish.js writes it in data-left-out).
 */
export function leftOutQuote(line: number | string): string {
  return `pullquote-${line}`;
}

/** The manuscript line a `leftOut` entry names, if it is a pull quote's. */
export function leftOutQuoteLine(entry: string): number | null {
  const match = /^pullquote-(\d+)$/.exec(entry);
  return match ? Number(match[1]) : null;
}

/**
 * One way a page's opening lines could have stood at the foot of the page
 * before: its first `lines` (all of them where `whole`, and more text might
 * have followed), which need `text` points with the headings above them
 * and `notes` points for the notes they call, that many begun there.
 */
export interface LeadWay {
  lines: number;
  whole: boolean;
  text: number;
  notes: number;
}

/** A page's finish as the page itself measures it: see docs/typography.md. */
export interface PageFinish {
  /** The text block, in points from the page's top-left corner. */
  area: { top: number; bottom: number; left: number; right: number };
  /** How far below the block's top the first thing printed starts (text, picture or rule), in points; null on an empty page. */
  firstInk: number | null;
  /** How far below the block's top the last thing printed ends (text, picture, or rule such as a block's bottom border), in points; null on an empty page. */
  lastInk: number | null;
  /**
   * The space in points a block set after the page's last would keep
   * above it: the bottom margins that end the page (an abstract's), which
   * collapse into the largest (room.js spaceBelow).
   */
  spaceBelow: number;
  /**
   * The height in points of the figure or table the page's text opens
   * with, caption included; null when it opens with text. A page before it
   * that could not hold it, with no text left to set in its place, is short
   * by no fault of the layout.
   */
  leadBlock: number | null;
  /**
   * The ways the paragraph the page opens with (after its headings) could
   * have begun at the foot of the page before, with the room each needs
   * there in points (measure.js leadLines); null where the page opens
   * otherwise. A page before that none of them could fill is short by no
   * fault of the layout. `rule`: the rule above the notes, with its
   * spacing; `above`: the space above the headings counted in each way's
   * `text`, which the page before's spaceBelow collapses with.
   */
  leadLines: { rule: number; above: number; ways: LeadWay[] } | null;
  pullQuotes: { split: boolean; text: string }[];
  /** Paragraph fragments of one line at the top of the page (body or note) that end a paragraph begun before. */
  widows: string[];
  /** Paragraph fragments of one line at the foot of the page that go on overleaf. */
  orphans: string[];
  /** Justified lines whose word space is over twice the page's median, in points. */
  looseLines: { space: number; median: number; words: string }[];
}

/** An element the layout could not fit: taller or wider than its page area. */
export interface Overflow {
  /** 1-based page within the document. */
  page: number;
  element: string;
  reason: string;
}

/** A document laid out and printed, numbered for its place in the issue. */
export interface RenderedDocument {
  plan: DocumentPlan;
  pdf: Uint8Array;
  pageCount: number;
  pages: PageInfo[];
  overflows: Overflow[];
  /** URLs the document asked for and was refused. */
  blocked: string[];
  /** Folio of the first page: a recto, so always odd. */
  startFolio: number;
  /** Whether a blank verso stands before it, to open on a recto. */
  blankBefore: boolean;
  /** Which PDF this is among the document's variants (its folios). */
  variant: string;
  /** How it was made: laid out, printed again from a kept page, or from the cache. */
  source: "layout" | "reprint" | "cache";
}

export interface RenderedIssue {
  front: RenderedDocument;
  parts: RenderedDocument[];
}

/** Where a document stands in the issue PDF. */
export interface DocumentRecord {
  id: string;
  kind: DocumentPlan["kind"];
  title: string;
  firstFolio: number;
  lastFolio: number;
  /** 1-based, as PDF viewers count. */
  firstPdfPage: number;
  lastPdfPage: number;
}

/** A short hash of its parts, in order: the key of everything cached by content. */
export function contentKey(...parts: (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex").slice(0, 32);
}
