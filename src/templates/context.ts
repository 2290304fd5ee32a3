/**
 * The functions that build each template's typed context (declared in
 * contract.ts) from the resolved issue. All composing (author lines, running
 * heads, marks) happens here, so templates only place values.
 */
import type { Article, Author, IssueMeta, Labels, Page } from "../model/issue.js";
import type { ArticleContext, AuthorContext, CoverContext, NameContext, PageContext } from "./contract.js";

export type {
  ArticleContext,
  AuthorContext,
  ContentsContext,
  ContentsEntryContext,
  CoverContext,
  FrontContext,
  LayoutContext,
  NameContext,
  PageContext,
} from "./contract.js";

/**
 * The classic marks, then the same doubled. Source Serif 4 has no ‡ or ‖:
 * the template sets marks in a face that has them all (classic: Noto Sans Math).
 */
export const MARKS = ["*", "†", "‡", "§", "¶", "‖", "**", "††", "‡‡", "§§", "¶¶", "‖‖"];

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

/** The names of an author list, each with what follows it: "A, B and C". */
export function nameContexts(authors: readonly Author[], labels: Labels): NameContext[] {
  return authors.map((author, i) => ({
    name: author.name,
    lang: author.lang,
    separator: i === authors.length - 1 ? "" : i === authors.length - 2 ? ` ${labels.and} ` : ", ",
  }));
}

export function authorContexts(authors: readonly Author[], labels: Labels): AuthorContext[] {
  let marks = 0;
  const names = nameContexts(authors, labels);
  return authors.map((author, i) => ({
    ...names[i]!,
    mark: author.note ? MARKS[marks++ % MARKS.length]! : null,
    note: author.note,
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
    lang: article.lang,
    issueLang: meta.lang,
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
    articles: articles.map((a) => ({ id: a.id, title: a.title, lang: a.lang, authors: nameContexts(a.authors, labels) })),
  };
}
