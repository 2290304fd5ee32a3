/**
 * Applies the template: one HTML document for the front matter (cover,
 * front pages, contents with placeholder folios) and one per article and
 * back page, written to the build folder for the browser to open.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { contentKey, type ComposedIssue, type DocumentPlan, type PreparedIssue } from "../model/documents.js";
import { allArticles } from "../model/issue.js";
import { articleContext, authorLine, coverContext, pageContext, versoHead, type ContentsContext, type Template } from "./index.js";

/** Wide enough for any folio, so filling in the real ones moves nothing. */
export const FOLIO_PLACEHOLDER = "000";

export async function composeDocuments(
  prepared: PreparedIssue,
  template: Template,
  buildDir: string,
  /** Hash of everything besides the HTML that shapes a layout. */
  fingerprint: string,
): Promise<ComposedIssue> {
  const { issue, bodies, abstracts, labels } = prepared;
  const { meta } = issue;
  await fs.mkdir(buildDir, { recursive: true });
  const docMeta = (title: string) => ({ lang: meta.lang, title });
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
          authorLine: authorLine(a.authors, labels) || null,
          folio: FOLIO_PLACEHOLDER,
        })),
      })),
      ...(issue.back.length
        ? [{ title: null, entries: issue.back.map((p) => ({ id: p.id, title: p.title, authorLine: null, folio: FOLIO_PLACEHOLDER })) }]
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

  const parts: DocumentPlan[] = [];
  for (const article of allArticles(issue)) {
    const context = articleContext(meta, article, { body: bodyOf(article.id), abstract: abstracts.get(article.id) ?? null }, labels);
    parts.push({
      id: article.id,
      kind: "article",
      title: article.title,
      ...(await write(article.id, template.article(docMeta(article.title), context))),
      heads: { verso: context.versoHead, recto: context.rectoHead },
      notes: {
        footnotes: bodies.get(article.id)?.footnotes ?? [],
        authorNotes: context.authors.flatMap((a) => (a.mark !== null && a.note !== null ? [{ mark: a.mark, text: a.note }] : [])),
      },
    });
  }
  for (const page of issue.back) {
    const context = pageContext(meta, page, bodyOf(page.id), labels);
    parts.push({
      id: page.id,
      kind: "back",
      title: page.title,
      ...(await write(page.id, template.back(docMeta(page.title), context))),
      heads: { verso: context.versoHead, recto: context.rectoHead },
      notes: { footnotes: bodies.get(page.id)?.footnotes ?? [], authorNotes: [] },
    });
  }
  const articles = allArticles(issue);
  const metadata = {
    title: versoHead(meta, labels),
    author: [...new Set(articles.flatMap((a) => a.authors.map((x) => x.name)))].join("; "),
    subject: meta.theme ?? meta.journal,
    keywords: [...new Set(articles.flatMap((a) => a.keywords))],
    lang: meta.lang,
  };
  return { front, parts, metadata };
}

/** The articles the cover lists: those issue.yaml features, or all of them, of which the cover shows what fits. */
function coverArticles(issue: PreparedIssue["issue"]) {
  const articles = allArticles(issue);
  if (!issue.coverFeatured) return articles;
  const byId = new Map(articles.map((a) => [a.id, a]));
  return issue.coverFeatured.map((id) => byId.get(id)!);
}
