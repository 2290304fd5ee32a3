/**
 * Build options, checked once at the library's boundary: what a caller
 * (the CLI, watch mode, a test, the bench) may leave out is filled in
 * here, so the stages get every option resolved.
 */
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { templatesDir } from "./paths.js";

const folder = z.string().min(1).transform((p) => path.resolve(p));
const wholeNumber = z.number().int().positive();

export const BuildOptionsSchema = z.strictObject({
  /** Folder holding issue.yaml. */
  issueDir: folder,
  /** Where <issue>.pdf and <issue>.json are written. */
  outDir: folder,
  /** Documents laid out at once. */
  concurrency: wholeNumber.default(() => os.availableParallelism()),
  /** Longest one document's layout may take, in ms; null scales it with the document's size. */
  timeoutMs: wholeNumber.nullable().default(null),
  /** Reuse layouts from earlier builds (kept under outDir/.build). */
  cache: z.boolean().default(true),
  /**
   * Watch mode: keep the browser running and laid-out pages open between
   * builds, to print moved documents again without laying them out.
   */
  keepPages: z.boolean().default(false),
  /** Findings on the pages' finish (docs/typography.md) refuse the PDF, as failed checks do. */
  strict: z.boolean().default(false),
  /** The template to set the issue in, instead of the one issue.yaml names. */
  template: z.string().regex(/^[a-z0-9-]+$/, "must be a template's folder name").nullable().default(null),
  /** Also write each article as an offprint, `offprints/<article>.pdf` beside the issue. */
  offprints: z.boolean().default(false),
  /** Also write `<issue>.press.pdf`: CMYK PDF/X for the printer, preflighted (docs/press.md). */
  press: z.boolean().default(false),
  /** The press file's PDF/X, over issue.yaml's `print: pdfx:`. */
  pdfx: z.enum(["x4", "x1a"]).nullable().default(null),
  /** Also write `<issue>.proof.pdf`: watermarked, with crop marks. */
  proof: z.boolean().default(false),
  /** Number the body lines of the proof in the margin (implies `proof`). */
  lineNumbers: z.boolean().default(false),
  /** Folder holding the templates. */
  templatesDir: folder.default(templatesDir),
  /** For tests only: see EngineOptions.afterLayout. */
  afterLayout: z.string().nullable().default(null),
  log: z.custom<(line: string) => void>((value) => typeof value === "function", "must be a function"),
});

/** What a caller passes. */
export type BuildInput = z.input<typeof BuildOptionsSchema>;

/** Every option resolved, with the folders the build works in. */
export type BuildOptions = z.output<typeof BuildOptionsSchema> & {
  /** The issue's folder name: its outputs are named for it. */
  slug: string;
  /** The build's own working folder: composed HTML, rasterised images, the layout cache. */
  buildDir: string;
};

export function resolveBuildOptions(input: BuildInput): BuildOptions {
  const options = BuildOptionsSchema.parse(input);
  const slug = path.basename(options.issueDir);
  return { ...options, slug, buildDir: path.join(options.outDir, ".build", slug) };
}
