/**
 * Applies the template: one HTML document for the front matter (cover,
 * front pages, contents with placeholder folios) and one per article and
 * back page, written to the build folder for the browser to open.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { contentKey, type AuthorNote, type ComposedIssue, type DocumentPlan, type PdfMetadata, type PreparedIssue } from "../model/documents.js";
import { allArticles, type Labels, type Manuscript } from "../model/issue.js";
import { printGeometry, type PrintGeometry } from "../model/print.js";
import { geometryCss } from "./geometry.js";
import { articleContext, coverContext, nameContexts, pageContext, versoHead, type ContentsContext, type Template } from "./index.js";

/** Wide enough for any folio, so filling in the real ones moves nothing. */
export const FOLIO_PLACEHOLDER = "000";

export async function composeDocuments(
  prepared: PreparedIssue,
  template: Template,
  buildDir: string,
  /** Hash of everything besides the HTML that shapes a layout. */
  layoutFingerprint: string,
  /** The printed sheet, written as a stylesheet after the template's: by default issue.yaml's. */
  geometry: PrintGeometry = printGeometry(prepared.issue.print, template.trim),
): Promise<ComposedIssue> {
  const { issue, bodies, abstracts, labels } = prepared;
  const { meta } = issue;
  await fs.mkdir(buildDir, { recursive: true });
  const pageCss = geometryCss(geometry, template.config.bleed);
  const pageCssPath = path.join(buildDir, "_print.css");
  await fs.writeFile(pageCssPath, pageCss);
  // The stylesheet shapes every layout, so it is part of each one's key.
  const fingerprint = contentKey(layoutFingerprint, pageCss);
  const docMeta = (title: string) => ({ lang: meta.lang, title, stylesheets: [pathToFileURL(pageCssPath).href] });
  const bodyOf = (id: string) => bodies.get(id)?.html ?? "";
  const write = async (id: string, html: string) => {
    const file = path.join(buildDir, `${id}.html`);
    await fs.writeFile(file, html);
    return { htmlPath: file, key: contentKey(fingerprint, html) };
  };

  const contents: ContentsContext = {
    title: labels.contents,
    sections: [
      ...issue.sections.map((section) => ({
        title: section.title,
        entries: section.articles.map((a) => ({
          id: a.id,
          title: a.title,
          lang: a.lang,
          authors: nameContexts(a.authors, labels),
          folio: FOLIO_PLACEHOLDER,
        })),
      })),
      ...(issue.back.length
        ? [{ title: null, entries: issue.back.map((p) => ({ id: p.id, title: p.title, lang: p.lang, authors: [], folio: FOLIO_PLACEHOLDER })) }]
        : []),
    ],
  };
  const issueTitle = `${meta.journal}, ${labels.volume} ${meta.volume}, ${labels.number} ${meta.number}`;
  const frontHtml = template.front(docMeta(issueTitle), {
    cover: coverContext(meta, coverArticles(issue), labels),
    pages: issue.front.map((page) => pageContext(meta, page, bodyOf(page.id), labels)),
    contents,
  });
  const front: DocumentPlan = {
    // Manuscript ids come from file names and never contain a space.
    id: "front matter",
    kind: "front",
    title: issueTitle,
    ...(await write("_front", frontHtml)),
    heads: null,
    notes: { footnotes: [], authorNotes: [] },
  };

  const plan = async (manuscript: Manuscript, html: string, heads: DocumentPlan["heads"], authorNotes: AuthorNote[]): Promise<DocumentPlan> => ({
    id: manuscript.id,
    kind: manuscript.kind,
    title: manuscript.title,
    ...(await write(manuscript.id, html)),
    heads,
    notes: { footnotes: bodies.get(manuscript.id)?.footnotes ?? [], authorNotes },
  });
  const parts: DocumentPlan[] = [];
  for (const article of allArticles(issue)) {
    const context = articleContext(meta, article, { body: bodyOf(article.id), abstract: abstracts.get(article.id) ?? null }, labels);
    const authorNotes = context.authors.flatMap((a) => (a.mark !== null && a.note !== null ? [{ mark: a.mark, text: a.note }] : []));
    const html = template.article(docMeta(article.title), context);
    parts.push(await plan(article, html, { verso: context.versoHead, recto: context.rectoHead }, authorNotes));
  }
  for (const page of issue.back) {
    const context = pageContext(meta, page, bodyOf(page.id), labels);
    const html = template.back(docMeta(page.title), context);
    parts.push(await plan(page, html, { verso: context.versoHead, recto: context.rectoHead }, []));
  }
  return { front, parts, metadata: pdfMetadata(issue, labels) };
}

/** What the issue PDF says of itself: title, authors, subject, keywords, language. */
function pdfMetadata(issue: PreparedIssue["issue"], labels: Labels): PdfMetadata {
  const articles = allArticles(issue);
  return {
    title: versoHead(issue.meta, labels),
    authors: [...new Set(articles.flatMap((a) => a.authors.map((x) => x.name)))],
    subject: issue.meta.theme ?? issue.meta.journal,
    keywords: [...new Set(articles.flatMap((a) => a.keywords))],
    lang: issue.meta.lang,
  };

}

/** The articles the cover lists: those issue.yaml features, or all of them, of which the cover shows what fits. */
function coverArticles(issue: PreparedIssue["issue"]) {
  const articles = allArticles(issue);
  if (!issue.coverFeatured) return articles;
  const byId = new Map(articles.map((a) => [a.id, a]));
  return issue.coverFeatured.map((id) => byId.get(id)!);
}
