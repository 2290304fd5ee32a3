/**
 * template.yaml: one schema for a template's own settings, read like
 * issue.yaml, so that each problem is placed at its line and column. A
 * template may extend another (`extends: base`): each file is checked
 * alone against the same schema with every key optional, then the chain is
 * merged and the result must be complete.
 */
import { z } from "zod";
import { LANGUAGES, type Labels as LabelSet, type Language } from "../model/issue.js";

const name = z.string().min(1).max(200);
const label = z.string().trim().min(1).max(60);
export const LabelsSchema = z.strictObject({ contents: label, abstract: label, keywords: label, and: label, volume: label, number: label });
const length = z.string().regex(/^\d+(\.\d+)?mm$/, "must be a length in mm, like 170mm");
const sheets = z.array(name).max(50);

/** The layers a template's stylesheets are linked in, in this order. */
export const LAYERS = ["fonts", "page", "typography", "components"] as const;
export type Layer = (typeof LAYERS)[number];

const FontSchema = z.strictObject({
  family: name,
  package: z.string().regex(/^@fontsource\/[a-z0-9-]+$/, "must be an @fontsource package"),
  weights: z.array(z.number().int().min(100).max(900)).min(1),
  styles: z.array(z.enum(["normal", "italic"])).min(1),
  subsets: z.array(name).min(1),
});

const languagesKnown = (labels: Record<string, unknown>) => Object.keys(labels).every((lang) => (LANGUAGES as readonly string[]).includes(lang));
const languagesMessage = { message: `languages must be among ${LANGUAGES.join(", ")}` };

const FiguresSchema = z.strictObject({ width: length, height: length });
/**
 * Elements that touch the trim edge, and which edges: the generated page
 * stylesheet runs their background that far into the bleed.
 */
const BleedSchema = z
  .array(
    z.strictObject({
      selector: z.string().regex(/^[.#]?[a-z][a-z0-9_-]*$/i, "must be one class, id or element name, like .cover"),
      edges: z.array(z.enum(["top", "right", "bottom", "left"])).min(1).max(4),
      /** Its background colour, as the stylesheet gives it. */
      background: z.string().regex(/^#[0-9a-f]{3}(?:[0-9a-f]{3})?$/i, "must be a colour like #1f3a4d"),
    }),
  )
  .max(20);
/**
 * The template's colours as the press should print them: a colour the
 * CSS gives as `#rrggbb` becomes these CMYK percentages in the press
 * file, instead of the profile's conversion.
 */
const ColoursSchema = z.record(
  z.string().regex(/^#[0-9a-f]{6}$/i, "must be a colour like #1f3a4d"),
  z.array(z.number().min(0).max(100)).length(4, "must be [C, M, Y, K] in percent"),
);
/**
 * How the PDF labels the pages that stand outside the folios' count, such
 * as the cover: `named` shows each page's name ("Cover"), `roman` numbers
 * them i, ii… Every other page's label is its folio.
 */
const PageLabelsSchema = z.strictObject({ unnumbered: z.enum(["named", "roman"]).default("named") });

/** One template.yaml as written: every key optional, none unknown. */
export const TemplateFileSchema = z.strictObject({
  name: name.optional(),
  /** The template this one builds on, by folder name. */
  extends: z.string().regex(/^[a-z0-9-]+$/, "must be a template's folder name").optional(),
  trim: z.strictObject({ width: length, height: length }).optional(),
  /** Page margins: inner is the binding side (left on rectos), outer the other. */
  margins: z.strictObject({ top: length, bottom: length, inner: length, outer: length }).optional(),
  zones: z.strictObject({ head: length, foot: length }).optional(),
  stylesheets: z.strictObject({ fonts: sheets.optional(), page: sheets.optional(), typography: sheets.optional(), components: sheets.optional() }).optional(),
  fonts: z.array(FontSchema).max(20).optional(),
  figures: FiguresSchema.optional(),
  "page-labels": PageLabelsSchema.optional(),
  bleed: BleedSchema.optional(),
  colours: ColoursSchema.optional(),
  /** The words the template prints, per language; merged key by key over the base's. */
  labels: z.record(z.string(), LabelsSchema.partial()).refine(languagesKnown, languagesMessage).optional(),
});
export type TemplateFile = z.infer<typeof TemplateFileSchema>;

/**
 * A template's settings once its chain is merged. Stylesheets are absolute
 * paths here, each layer the base's first; fonts the template's first
 * (the first is the text face), then the base's.
 */
export const TemplateConfigSchema = z.strictObject({
  name,
  trim: z.strictObject({ width: length, height: length }),
  margins: z.strictObject({ top: length, bottom: length, inner: length, outer: length }),
  zones: z.strictObject({ head: length, foot: length }),
  bleed: BleedSchema.default([]),
  colours: ColoursSchema.default({}),
  /**
   * The largest box a figure is printed in (the text width, and the
   * greatest height the stylesheets allow): raster figures are reduced to
   * 300 pixels an inch at that size. Without it, the trim is taken.
   */
  figures: FiguresSchema.optional(),
  stylesheets: z.strictObject({ fonts: sheets, page: sheets, typography: sheets, components: sheets }),
  fonts: z.array(FontSchema).min(1).max(20),
  "page-labels": PageLabelsSchema.default({ unnumbered: "named" }),
  /** English is required and stands in for a language the template does not give. */
  labels: z.object({ en: LabelsSchema }).catchall(LabelsSchema).refine(languagesKnown, languagesMessage),
});
export type TemplateConfig = z.infer<typeof TemplateConfigSchema>;

export const MM_TO_PT = 72 / 25.4;

export function mmToPt(value: string): number {
  return Number.parseFloat(value) * MM_TO_PT;
}

/** The template's labels for `lang`: its own, or its base language's (en-GB → en), or English. */
export function labelsFor(config: Pick<TemplateConfig, "labels">, lang: Language): LabelSet {
  const { labels } = config;
  return labels[lang] ?? labels[lang.split("-")[0]!] ?? labels.en;
}

/** One file of a chain, read: its folder and its settings, with stylesheets made absolute. */
export interface ChainLink {
  dir: string;
  settings: TemplateFile;
}

/** Merges a chain, base first: what each later file gives replaces or extends what came before. */
export function mergeChain(chain: readonly ChainLink[], absolute: (dir: string, sheet: string) => string): unknown {
  const merged: Record<string, unknown> = {};
  const stylesheets: Record<Layer, string[]> = { fonts: [], page: [], typography: [], components: [] };
  let fonts: NonNullable<TemplateFile["fonts"]> = [];
  const labels: Record<string, Record<string, string>> = {};
  for (const { dir, settings } of chain) {
    for (const key of ["name", "trim", "margins", "zones", "figures", "page-labels", "bleed", "colours"] as const) if (settings[key] !== undefined) merged[key] = settings[key];
    for (const layer of LAYERS) for (const sheet of settings.stylesheets?.[layer] ?? []) stylesheets[layer].push(absolute(dir, sheet));
    // A family given again is the later file's; the later file's families come first.
    const own = settings.fonts ?? [];
    fonts = [...own, ...fonts.filter((f) => !own.some((o) => o.family === f.family))];
    for (const [lang, set] of Object.entries(settings.labels ?? {})) labels[lang] = { ...labels[lang], ...set };
  }
  return { ...merged, stylesheets, fonts, labels };
}
