/**
 * What a template receives, declared once as zod schemas: the TypeScript
 * types of the contexts are inferred from them, the check at load walks
 * each .hbs file against them (check.ts), and a unit test holds
 * docs/templates.md to the same field names.
 */
import { z } from "zod";
import { LabelsSchema } from "./config.js";

const text = z.string();

export const NameContextSchema = z.strictObject({
  name: text,
  /** The name's language: capitals and small caps follow it (Turkish and Azerbaijani i → İ). */
  lang: text,
  /** What follows the name: ", ", " and " or nothing. */
  separator: text,
});

export const AuthorContextSchema = NameContextSchema.extend({
  /** Footnote symbol linking the name to its affiliation, if any. */
  mark: text.nullable(),
  note: text.nullable(),
});

export const CoverArticleContextSchema = z.strictObject({
  id: text,
  title: text,
  lang: text,
  authors: z.array(NameContextSchema),
});

export const CoverContextSchema = z.strictObject({
  journal: text,
  tagline: text.nullable(),
  issueLine: text,
  theme: text.nullable(),
  articles: z.array(CoverArticleContextSchema),
});

export const ArticleContextSchema = z.strictObject({
  kind: z.literal("article"),
  id: text,
  /** The article's language. */
  lang: text,
  /** The issue's language, for what the template prints in it inside the article: section, labels, "and". */
  issueLang: text,
  section: text,
  title: text,
  authors: z.array(AuthorContextSchema),
  abstractHtml: text.nullable(),
  keywords: z.array(text),
  bodyHtml: text,
  versoHead: text,
  rectoHead: text,
  /** The words the template prints around the article's own, in the issue's language. */
  labels: LabelsSchema,
});

export const PageContextSchema = z.strictObject({
  kind: z.enum(["front", "back"]),
  id: text,
  title: text,
  bodyHtml: text,
  versoHead: text,
  rectoHead: text,
});

export const ContentsEntryContextSchema = z.strictObject({
  id: text,
  title: text,
  /** The title's language: the article's, or the issue's for a back page. */
  lang: text,
  /** Empty for a back page or an article with no authors. */
  authors: z.array(NameContextSchema),
  /** The folio as printed; a placeholder on the first front-matter pass. */
  folio: text,
});

export const ContentsSectionContextSchema = z.strictObject({
  /** The section's title; null for the closing group of back pages. */
  title: text.nullable(),
  entries: z.array(ContentsEntryContextSchema),
});

export const ContentsContextSchema = z.strictObject({
  /** The contents' heading, in the issue's language. */
  title: text,
  sections: z.array(ContentsSectionContextSchema),
});

export const FrontContextSchema = z.strictObject({
  cover: CoverContextSchema,
  pages: z.array(PageContextSchema),
  contents: ContentsContextSchema,
});

export const LayoutContextSchema = z.strictObject({
  lang: text,
  title: text,
  kind: z.enum(["front", "article", "back"]),
  fontFaces: text,
  /** The @page size and margins, made from template.yaml's trim and margins. */
  pageCss: text,
  stylesheets: z.array(text),
  content: text,
});

/** Every context by the name docs/templates.md gives it. */
export const CONTEXTS = {
  LayoutContext: LayoutContextSchema,
  FrontContext: FrontContextSchema,
  CoverContext: CoverContextSchema,
  CoverArticleContext: CoverArticleContextSchema,
  ContentsContext: ContentsContextSchema,
  ContentsSectionContext: ContentsSectionContextSchema,
  ContentsEntryContext: ContentsEntryContextSchema,
  ArticleContext: ArticleContextSchema,
  NameContext: NameContextSchema,
  AuthorContext: AuthorContextSchema,
  PageContext: PageContextSchema,
} as const;

/** The files every template has (its own or its base's), each with the context it receives. */
export const DOCUMENT_FILES = {
  "layout.hbs": LayoutContextSchema,
  "front.hbs": FrontContextSchema,
  "article.hbs": ArticleContextSchema,
  "back.hbs": PageContextSchema,
} as const;

export type NameContext = z.infer<typeof NameContextSchema>;
export type AuthorContext = z.infer<typeof AuthorContextSchema>;
export type CoverContext = z.infer<typeof CoverContextSchema>;
export type ArticleContext = z.infer<typeof ArticleContextSchema>;
export type PageContext = z.infer<typeof PageContextSchema>;
export type ContentsEntryContext = z.infer<typeof ContentsEntryContextSchema>;
export type ContentsContext = z.infer<typeof ContentsContextSchema>;
export type FrontContext = z.infer<typeof FrontContextSchema>;
export type LayoutContext = z.infer<typeof LayoutContextSchema>;
