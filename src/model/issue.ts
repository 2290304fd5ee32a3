/**
 * The resolved issue: what the manuscripts stage hands on. Everything here
 * has been validated; no field is optional unless its absence means
 * something to the layout.
 */
import type { VFile } from "vfile";

export interface Author {
  name: string;
  /** Affiliation, printed as a symbol footnote on the opening page. */
  note: string | null;
  /** The name's language (its own, else the issue's): capitals follow it. */
  lang: Language;
}

interface ManuscriptBase {
  /** The file, with its text in `value` and its diagnostics in `messages`. */
  file: VFile;
  /** Stable id derived from the file name, used for outputs and anchors. */
  id: string;
  title: string;
  shortTitle: string;
  /** The language its text is set in: the article's own, else the issue's. */
  lang: Language;
}

export interface Article extends ManuscriptBase {
  kind: "article";
  section: string;
  authors: Author[];
  abstract: string | null;
  keywords: string[];
  /** Its DOI, as `10.prefix/suffix`, if it has one. */
  doi: string | null;
}

/** A front or back page: imprint, editorial team, notes for contributors... */
export interface Page extends ManuscriptBase {
  kind: "front" | "back";
}

export type Manuscript = Article | Page;

/**
 * The languages an issue may be set in: each has hyphenation patterns
 * (see markdown/plugins/hyphenate.ts) or is set without hyphenation.
 */
export const LANGUAGES = ["en", "en-GB", "en-US", "tr", "az", "es", "pt", "fr", "de", "nl", "it", "da", "nb", "sv", "fi", "is"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The words a template prints around the manuscripts' own, in the issue's language. */
export interface Labels {
  contents: string;
  abstract: string;
  keywords: string;
  /** Between the last two names of an author list: "A, B and C". */
  and: string;
  /** Before the volume and the number in the issue line: "Vol. 14 · No. 3". */
  volume: string;
  number: string;
}

export interface IssueMeta {
  journal: string;
  tagline: string | null;
  volume: number;
  number: number;
  season: string | null;
  year: number | null;
  /** Day of publication, YYYY-MM-DD, if issue.yaml gives it. */
  date: string | null;
  theme: string | null;
  lang: Language;
  /** Labels issue.yaml gives, over the template's for the language. */
  labelOverrides: Partial<Labels>;
}

export interface Section {
  title: string;
  articles: Article[];
}

export interface Issue {
  /** Absolute path of the issue folder. */
  dir: string;
  /** Folder name, used for output file names. */
  slug: string;
  /** The issue.yaml file, carrying its own diagnostics. */
  file: VFile;
  meta: IssueMeta;
  template: string;
  front: Page[];
  sections: Section[];
  back: Page[];
  /** The ids of the articles the cover lists, in order; null to list what fits. */
  coverFeatured: string[] | null;
  /** The issue's page count is made a multiple of this with blank pages: printers fold sheets into signatures. */
  padTo: 1 | 2 | 4;
  /** issue.yaml's `print:` settings for the sheet, in millimetres: see model/print.ts. */
  print: PrintSettings;
}

/** The printed sheet as issue.yaml asks for it. */
export interface PrintSettings {
  /** The trim, when it is not the template's. */
  trim: { width: number; height: number } | null;
  bleed: number;
  /** Crop and registration marks outside the bleed. */
  marks: boolean;
  /** The PDF/X flavour of the press file. */
  pdfx: "x4" | "x1a";
}

export function allManuscripts(issue: Issue): Manuscript[] {
  return [...issue.front, ...issue.sections.flatMap((s) => s.articles), ...issue.back];
}

export function allArticles(issue: Issue): Article[] {
  return issue.sections.flatMap((s) => s.articles);
}
