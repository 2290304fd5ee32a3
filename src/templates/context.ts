/**
 * The typed context each template receives, and the functions that build
 * them from the resolved issue. All composing (author lines, running
 * heads, marks) happens here, so templates only place values.
 */
import type { Article, Author, IssueMeta, Labels, Page } from "../model/issue.js";

export interface CoverContext {
  journal: string;
  tagline: string | null;
  issueLine: string;
  theme: string | null;
  articles: { id: string; title: string; authorLine: string }[];
}

export interface AuthorContext {
  name: string;
  /** Footnote symbol linking the name to its affiliation, if any. */
  mark: string | null;
  note: string | null;
  /** What follows the name: ", ", " and " or nothing. */
  separator: string;
}

export interface ArticleContext {
  kind: "article";
  id: string;
  section: string;
  title: string;
  authors: AuthorContext[];
  abstractHtml: string | null;
  keywords: string[];
  bodyHtml: string;
  versoHead: string;
  rectoHead: string;
  /** The words the template prints around the article's own: "Abstract", "Keywords". */
  labels: Labels;
}

export interface PageContext {
  kind: "front" | "back";
  id: string;
  title: string;
  bodyHtml: string;
  versoHead: string;
  rectoHead: string;
}

export interface ContentsEntryContext {
  id: string;
  title: string;
  authorLine: string | null;
  /** The folio as printed; a placeholder on the first front-matter pass. */
  folio: string;
}

export interface ContentsContext {
  /** The contents' heading, in the issue's language. */
  title: string;
  sections: { title: string | null; entries: ContentsEntryContext[] }[];
}

export interface FrontContext {
  cover: CoverContext;
  pages: PageContext[];
  contents: ContentsContext;
}

export interface LayoutContext {
  lang: string;
  title: string;
  kind: "front" | "article" | "back";
  fontFaces: string;
  stylesheets: string[];
  content: string;
}

// The classic marks, less ‡ and ‖, which Source Serif 4 does not have.
const MARKS = ["*", "†", "§", "¶", "**", "††", "§§", "¶¶"];

export function issueLine(meta: IssueMeta, labels: Labels): string {
  const when = [meta.season, meta.year].filter((v) => v !== null).join(" ");
  return [`${labels.volume} ${meta.volume}`, `${labels.number} ${meta.number}`, when].filter(Boolean).join(" · ");
}

/** Verso head: journal · Vol. N · No. N · Season Year. */
export function versoHead(meta: IssueMeta, labels: Labels): string {
  return `${meta.journal} · ${issueLine(meta, labels)}`;
}

/** "A", "A and B", "A, B and C", with the language's word for "and". */
export function authorLine(authors: readonly Author[], labels: Labels): string {
  const names = authors.map((a) => a.name);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${labels.and} ${names[names.length - 1]}`;
}

/** Recto head: author(s) — short title; "et al." (Latin in every language) past two authors. */
export function rectoHead(article: Pick<Article, "authors" | "shortTitle">, labels: Labels): string {
  const { authors } = article;
  if (authors.length === 0) return article.shortTitle;
  const who = authors.length > 2 ? `${authors[0]!.name} et al.` : authorLine(authors, labels);
  return `${who} — ${article.shortTitle}`;
}

export function authorContexts(authors: readonly Author[], labels: Labels): AuthorContext[] {
  let marks = 0;
  return authors.map((author, i) => ({
    name: author.name,
    mark: author.note ? MARKS[marks++ % MARKS.length]! : null,
    note: author.note,
    separator: i === authors.length - 1 ? "" : i === authors.length - 2 ? ` ${labels.and} ` : ", ",
  }));
}

export function articleContext(
  meta: IssueMeta,
  article: Article,
  html: { body: string; abstract: string | null },
  labels: Labels,
): ArticleContext {
  return {
    kind: "article",
    id: article.id,
    section: article.section,
    title: article.title,
    authors: authorContexts(article.authors, labels),
    abstractHtml: html.abstract,
    keywords: article.keywords,
    bodyHtml: html.body,
    versoHead: versoHead(meta, labels),
    rectoHead: rectoHead(article, labels),
    labels,
  };
}

export function pageContext(meta: IssueMeta, page: Page, bodyHtml: string, labels: Labels): PageContext {
  return {
    kind: page.kind,
    id: page.id,
    title: page.title,
    bodyHtml,
    versoHead: versoHead(meta, labels),
    rectoHead: page.shortTitle,
  };
}

export function coverContext(meta: IssueMeta, articles: readonly Article[], labels: Labels): CoverContext {
  return {
    journal: meta.journal,
    tagline: meta.tagline,
    issueLine: issueLine(meta, labels),
    theme: meta.theme,
    articles: articles.map((a) => ({ id: a.id, title: a.title, authorLine: authorLine(a.authors, labels) })),
  };
}
