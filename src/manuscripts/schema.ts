/**
 * The manuscript contract, as one zod schema per input file. These schemas
 * are the only place the shape of issue.yaml and of front matter is written
 * down: the TypeScript types below are inferred from them.
 * docs/manuscripts.md describes the same contract for authors.
 */
import { z } from "zod";
import { LANGUAGES } from "../model/issue.js";

const nonEmpty = z.string().trim().min(1, "must not be empty");

/**
 * Text of at most `max` characters. Every text has a bound, so that a
 * pasted chapter in a title fails here, at its line, and not minutes later
 * in the browser. The bounds are generous: several times the longest value
 * a real issue has.
 */
const text = (max: number) => nonEmpty.max(max, `must be at most ${max} characters`);
/** At most `max` items. */
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, `must have at most ${max} items`);

const markdownFile = text(255).regex(/\.md$/i, "must name a .md file");

/** A length in millimetres, written `170mm` (or a bare number of mm), turned into its number. */
const millimetres = (max: number) =>
  z
    .union([z.number(), z.string().regex(/^\d+(\.\d+)?\s*mm$/, "must be a length in mm, like 3mm")])
    .transform((value) => (typeof value === "number" ? value : Number.parseFloat(value)))
    .pipe(z.number().min(0, "must not be negative").max(max, `must be at most ${max}mm`));

/**
 * The printed sheet: the trim (the template's unless given), the bleed
 * every edge-touching element runs into, whether crop and registration
 * marks are drawn outside the bleed, and the PDF/X flavour of the press file.
 */
const PrintSchema = z.strictObject({
  "pad-to": z.union([z.literal(1), z.literal(2), z.literal(4)]).default(4),
  trim: z.strictObject({ width: millimetres(1000).pipe(z.number().positive()), height: millimetres(1000).pipe(z.number().positive()) }).optional(),
  bleed: millimetres(20).default(3),
  marks: z.boolean().default(false),
  pdfx: z.enum(["x4", "x1a"]).default("x4"),
});

export const IssueSchema = z.strictObject({
  journal: text(120),
  tagline: text(200).optional(),
  volume: z.number().int().positive(),
  number: z.number().int().positive(),
  season: text(40).optional(),
  year: z.number().int().min(1000).max(9999).optional(),
  /** The day of publication, YYYY-MM-DD: the date the PDFs carry (see postprocess/metadata.ts). */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "must be a real day")
    .optional(),
  theme: text(200).optional(),
  template: text(64).regex(/^[a-z0-9][a-z0-9-]*$/i, "must be a folder name under templates/").default("classic"),
  /** Language of the issue, for hyphenation and the PDF's metadata; the default of each article's. */
  lang: z.enum(LANGUAGES).default("en"),
  /** Labels to print instead of the template's for the language. */
  labels: z
    .strictObject({ contents: text(60), abstract: text(60), keywords: text(60), and: text(20), volume: text(20), number: text(20) })
    .partial()
    .default({}),
  cover: z.strictObject({ featured: list(markdownFile, 60).min(1, "name at least one article") }).optional(),
  print: PrintSchema.default({ "pad-to": 4, bleed: 3, marks: false, pdfx: "x4" }),
  front: list(markdownFile, 50).default([]),
  sections: list(
    z.strictObject({
      title: text(200),
      articles: list(markdownFile, 200).min(1, "a section needs at least one article"),
    }),
    50,
  ).min(1, "an issue needs at least one section"),
  back: list(markdownFile, 50).default([]),
});

/** A language of LANGUAGES: an article's or a name's, where it differs from the issue's. */
const language = z.enum(LANGUAGES);

export const AuthorSchema = z.strictObject({
  name: text(120),
  note: text(400).optional(),
  /** The name's language, for its capitals: Turkish and Azerbaijani i → İ. */
  lang: language.optional(),
});

export const ArticleFrontMatterSchema = z.strictObject({
  title: text(300),
  "short-title": text(200).optional(),
  authors: list(AuthorSchema, 50).default([]),
  /** About 1,000 words: abstracts are asked to keep to 250. */
  abstract: text(6000).optional(),
  keywords: list(text(80), 30).default([]),
  /** The article's language, for hyphenation, quotation marks and capitals. */
  lang: language.optional(),
  /** The article's DOI, printed in its offprint's citation line. */
  doi: z
    .string()
    .trim()
    .regex(/^10\.\d{4,9}\/\S{1,200}$/, "must be a DOI such as 10.1234/abc.5678 (without https://doi.org/)")
    .optional(),
});

export const PageFrontMatterSchema = z.strictObject({
  title: text(300),
  "short-title": text(200).optional(),
});

export type IssueYaml = z.infer<typeof IssueSchema>;
export type ArticleFrontMatter = z.infer<typeof ArticleFrontMatterSchema>;
export type PageFrontMatter = z.infer<typeof PageFrontMatterSchema>;

