/**
 * Offprints: each article as a PDF of its own, cut from the issue PDF, so
 * its pages are the issue's exactly (folios, running heads, notes). What an
 * offprint adds: a citation line at the head of its first page, where the
 * opening page prints no running head; its own metadata (the article's
 * title, authors, keywords and language); page labels equal to its folios;
 * and bookmarks to its headings. Like the issue, it carries the issue's
 * date and a content-hash /ID: the same inputs give the same bytes.
 */
import { PDFDocument, PDFString, type PDFPage } from "pdf-lib";
import type { DocumentRecord, PageInfo } from "../model/documents.js";
import { allArticles, type Article, type Issue, type Labels } from "../model/issue.js";
import type { TemplateConfig } from "../templates/config.js";
import type { PageRecord } from "./index.js";
import { labelRanges, setPageLabels, type UnnumberedLabels } from "./labels.js";
import { saveStable, writeMetadata } from "./metadata.js";
import { headingEntries, setOutline } from "./outline.js";
import { stampLine } from "./stamp.js";

export interface Offprint {
  /** The article's id: the offprint is written as `<id>.pdf`. */
  id: string;
  pdf: Uint8Array;
  citation: string;
  firstFolio: number;
  lastFolio: number;
}

export interface OffprintInput {
  /** The issue PDF as written. */
  pdf: Uint8Array;
  issue: Issue;
  labels: Labels;
  pages: readonly PageRecord[];
  documents: readonly DocumentRecord[];
  /** Each document's pages as laid out, by id: their headings and text area. */
  layout: ReadonlyMap<string, readonly PageInfo[]>;
  fonts: TemplateConfig["fonts"];
  date: Date;
  unnumbered: UnnumberedLabels;
}

/** Size of the citation line, in points, and how far above the text block its baseline stands. */
const CITATION_SIZE = 7.5;
const CITATION_RAISE = 18;

export async function makeOffprints(input: OffprintInput): Promise<Offprint[]> {
  const source = await PDFDocument.load(input.pdf, { updateMetadata: false });
  const records = new Map(input.documents.map((d) => [d.id, d]));
  const offprints: Offprint[] = [];
  for (const article of allArticles(input.issue)) {
    const record = records.get(article.id);
    if (!record) throw new Error(`${article.id} is not in the issue PDF`);
    offprints.push(await offprint(source, article, record, input));
  }
  return offprints;
}

async function offprint(source: PDFDocument, article: Article, record: DocumentRecord, input: OffprintInput): Promise<Offprint> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const first = record.firstPdfPage - 1;
  const indices = Array.from({ length: record.lastPdfPage - first }, (_, i) => first + i);
  for (const page of await doc.copyPages(source, indices)) doc.addPage(page);

  const citation = citationLine(input.issue, input.labels, article, record);
  const layout = input.layout.get(article.id) ?? [];
  const opening = doc.getPage(0);
  const area = layout[0]?.finish?.area;
  const top = (area?.top ?? opening.getHeight() * 0.1) - CITATION_RAISE;
  const doi = article.doi ? ` ${doiUrl(article.doi)}` : "";
  const pieces = [citation.slice(0, citation.length - doi.length), doi];
  const [, link] = await stampLine(doc, opening, pieces, { x: area?.left ?? opening.getWidth() * 0.12, top, size: CITATION_SIZE, font: input.fonts[0]! });
  // The DOI is a link too, for the reader on screen.
  if (article.doi && link) addLink(doc, opening, doiUrl(article.doi), { left: link.left + 2, right: link.right, baseline: opening.getHeight() - top });

  writeMetadata(
    doc,
    { title: article.title, authors: article.authors.map((a) => a.name), subject: citation, keywords: article.keywords, lang: article.lang },
    input.date,
  );
  const pages = indices.map((index, i) => ({ ...input.pages[index]!, index: i }));
  setPageLabels(doc, labelRanges(pages, input.unnumbered));
  setOutline(doc, [{ title: article.title, pageIndex: 0, children: headingEntries(layout, 0), open: true }]);
  return { id: article.id, pdf: await saveStable(doc), citation, firstFolio: record.firstFolio, lastFolio: record.lastFolio };
}

/**
 * "Meridian Quarterly, Vol. 14, No. 3 (Autumn 2026), 9–17. https://doi.org/…":
 * the journal, volume and number in the issue's labels, the season and
 * year when issue.yaml gives them, the folios, and the DOI when the
 * article has one, as a link a reader can follow.
 */
export function citationLine(issue: Issue, labels: Labels, article: Pick<Article, "doi">, record: Pick<DocumentRecord, "firstFolio" | "lastFolio">): string {
  const { meta } = issue;
  const when = [meta.season, meta.year].filter((x) => x !== null).join(" ");
  const folios = record.firstFolio === record.lastFolio ? `${record.firstFolio}` : `${record.firstFolio}–${record.lastFolio}`;
  const parts = [`${meta.journal}, ${labels.volume} ${meta.volume}, ${labels.number} ${meta.number}${when ? ` (${when})` : ""}, ${folios}.`];
  if (article.doi) parts.push(doiUrl(article.doi));
  return parts.join(" ");
}

function doiUrl(doi: string): string {
  return `https://doi.org/${doi}`;
}

/** A link annotation over a span of a line, opening `url`, with no border drawn. */
function addLink(doc: PDFDocument, page: PDFPage, url: string, span: { left: number; right: number; baseline: number }): void {
  const { context } = doc;
  const rect = [span.left, span.baseline - CITATION_SIZE * 0.3, span.right, span.baseline + CITATION_SIZE].map((n) => Math.round(n * 100) / 100);
  const annotation = context.obj({
    Type: "Annot",
    Subtype: "Link",
    Rect: rect,
    Border: [0, 0, 0],
    A: { Type: "Action", S: "URI", URI: PDFString.of(url) },
  });
  page.node.addAnnot(context.register(annotation));
}
