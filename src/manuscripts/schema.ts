/**
 * The manuscript contract, as one zod schema per input file. These schemas
 * are the only place the shape of issue.yaml and of front matter is written
 * down: the TypeScript types below are inferred from them.
 * docs/manuscripts.md describes the same contract for authors.
 */
import { z } from "zod";

const nonEmpty = z.string().trim().min(1, "must not be empty");
const markdownFile = nonEmpty.regex(/\.md$/i, "must name a .md file");

export const IssueSchema = z.strictObject({
  journal: nonEmpty,
  tagline: nonEmpty.optional(),
  volume: z.number().int().positive(),
  number: z.number().int().positive(),
  season: nonEmpty.optional(),
  year: z.number().int().min(1000).max(9999).optional(),
  theme: nonEmpty.optional(),
  template: nonEmpty.regex(/^[a-z0-9][a-z0-9-]*$/i, "must be a folder name under templates/").default("classic"),
  /** Language of the issue, for hyphenation and the PDF's metadata. */
  lang: z.enum(["en", "en-GB", "en-US"]).default("en"),
  front: z.array(markdownFile).default([]),
  sections: z
    .array(
      z.strictObject({
        title: nonEmpty,
        articles: z.array(markdownFile).min(1, "a section needs at least one article"),
      }),
    )
    .min(1, "an issue needs at least one section"),
  back: z.array(markdownFile).default([]),
});

export const AuthorSchema = z.strictObject({
  name: nonEmpty,
  note: nonEmpty.optional(),
});

export const ArticleFrontMatterSchema = z.strictObject({
  title: nonEmpty,
  "short-title": nonEmpty.optional(),
  authors: z.array(AuthorSchema).default([]),
  abstract: nonEmpty.optional(),
  keywords: z.array(nonEmpty).default([]),
});

export const PageFrontMatterSchema = z.strictObject({
  title: nonEmpty,
  "short-title": nonEmpty.optional(),
});

export type IssueYaml = z.infer<typeof IssueSchema>;
export type ArticleFrontMatter = z.infer<typeof ArticleFrontMatterSchema>;
export type PageFrontMatter = z.infer<typeof PageFrontMatterSchema>;

