/**
 * The typed context each template receives, and the functions that build
 * them from the resolved issue. All composing (author lines, running
 * heads, marks) happens here, so templates only place values.
 */
import type { Article, Author, IssueMeta, Page } from "../model/issue.js";

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

export function issueLine(meta: IssueMeta): string {
  const when = [meta.season, meta.year].filter((v) => v !== null).join(" ");
  return [`Vol. ${meta.volume}`, `No. ${meta.number}`, when].filter(Boolean).join(" · ");
}

/** Verso head: journal · Vol. N · No. N · Season Year. */
export function versoHead(meta: IssueMeta): string {
  return `${meta.journal} · ${issueLine(meta)}`;
}

/** "A", "A and B", "A, B and C". */
export function authorLine(authors: readonly Author[]): string {
  const names = authors.map((a) => a.name);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** Recto head: author(s) — short title; "et al." past two authors. */
export function rectoHead(article: Pick<Article, "authors" | "shortTitle">): string {
  const { authors } = article;
  if (authors.length === 0) return article.shortTitle;
  const who = authors.length > 2 ? `${authors[0]!.name} et al.` : authorLine(authors);
  return `${who} — ${article.shortTitle}`;
}

export function authorContexts(authors: readonly Author[]): AuthorContext[] {
  let marks = 0;
  return authors.map((author, i) => ({
    name: author.name,
    mark: author.note ? MARKS[marks++ % MARKS.length]! : null,
    note: author.note,
    separator: i === authors.length - 1 ? "" : i === authors.length - 2 ? " and " : ", ",
  }));
}

export function articleContext(
  meta: IssueMeta,
  article: Article,
  html: { body: string; abstract: string | null },
): ArticleContext {
  return {
    kind: "article",
    id: article.id,
    section: article.section,
    title: article.title,
    authors: authorContexts(article.authors),
    abstractHtml: html.abstract,
    keywords: article.keywords,
    bodyHtml: html.body,
    versoHead: versoHead(meta),
    rectoHead: rectoHead(article),
  };
}

export function pageContext(meta: IssueMeta, page: Page, bodyHtml: string): PageContext {
  return {
    kind: page.kind,
    id: page.id,
    title: page.title,
    bodyHtml,
    versoHead: versoHead(meta),
    rectoHead: page.shortTitle,
  };
}

export function coverContext(meta: IssueMeta, articles: readonly Article[]): CoverContext {
  return {
    journal: meta.journal,
    tagline: meta.tagline,
    issueLine: issueLine(meta),
    theme: meta.theme,
    articles: articles.map((a) => ({ id: a.id, title: a.title, authorLine: authorLine(a.authors) })),
  };
}
