/**
 * template.yaml: one schema for a template's own settings, read like
 * issue.yaml, so that each problem is placed at its line and column.
 */
import fs from "node:fs";
import path from "node:path";
import type { VFile } from "vfile";
import { z } from "zod";
import { newFile, report } from "../diagnostics.js";
import { leadsInside, realFolder, realPath } from "../manuscripts/links.js";
import { readSource, YAML_LIMIT } from "../manuscripts/source.js";
import { parseYaml } from "../manuscripts/yaml.js";
import { LANGUAGES, type Labels as LabelSet, type Language } from "../model/issue.js";

const name = z.string().min(1).max(200);
const label = z.string().trim().min(1).max(60);
const Labels = z.strictObject({ contents: label, abstract: label, keywords: label, and: label, volume: label, number: label });
const length = z.string().regex(/^\d+(\.\d+)?mm$/, "must be a length in mm, like 170mm");

export const TemplateConfigSchema = z.strictObject({
  name,
  trim: z.strictObject({ width: length, height: length }),
  zones: z.strictObject({ head: length, foot: length }),
  stylesheets: z.array(name).min(1).max(50),
  /**
   * Elements that touch the trim edge, and which edges: the generated page
   * stylesheet runs their background that far into the bleed.
   */
  bleed: z
    .array(
      z.strictObject({
        selector: z.string().regex(/^[.#]?[a-z][a-z0-9_-]*$/i, "must be one class, id or element name, like .cover"),
        edges: z.array(z.enum(["top", "right", "bottom", "left"])).min(1).max(4),
        /** Its background colour, as the stylesheet gives it. */
        background: z.string().regex(/^#[0-9a-f]{3}(?:[0-9a-f]{3})?$/i, "must be a colour like #1f3a4d"),
      }),
    )
    .max(20)
    .default([]),
  /**
   * The template's colours as the press should print them: a colour the
   * CSS gives as `#rrggbb` becomes these CMYK percentages in the press
   * file, instead of the profile's conversion.
   */
  colours: z
    .record(z.string().regex(/^#[0-9a-f]{6}$/i, "must be a colour like #1f3a4d"), z.array(z.number().min(0).max(100)).length(4, "must be [C, M, Y, K] in percent"))
    .default({}),
  fonts: z
    .array(
      z.strictObject({
        family: name,
        package: z.string().regex(/^@fontsource\/[a-z0-9-]+$/, "must be an @fontsource package"),
        weights: z.array(z.number().int().min(100).max(900)).min(1),
        styles: z.array(z.enum(["normal", "italic"])).min(1),
        subsets: z.array(name).min(1),
      }),
    )
    .min(1)
    .max(20),
  /**
   * The words the template prints, per language: English is required and
   * stands in for a language the template does not give.
   */
  labels: z.object({ en: Labels }).catchall(Labels).refine((labels) => Object.keys(labels).every((lang) => (LANGUAGES as readonly string[]).includes(lang)), {
    message: `languages must be among ${LANGUAGES.join(", ")}`,
  }),
});

export type TemplateConfig = z.infer<typeof TemplateConfigSchema>;

export const MM_TO_PT = 72 / 25.4;

export function mmToPt(value: string): number {
  return Number.parseFloat(value) * MM_TO_PT;
}

/** A template that cannot be used; `files` carry its messages, when placed. */
export class TemplateError extends Error {
  override name = "TemplateError";
  constructor(
    message: string,
    readonly files: readonly VFile[] = [],
  ) {
    super(message);
  }
}

/**
 * Reads and validates `<dir>/template.yaml`, and checks that no file of
 * the template leads through a link outside the project. Throws a
 * TemplateError carrying template.yaml's messages.
 */
export function loadTemplateConfig(dir: string): TemplateConfig {
  const file = newFile(path.join(dir, "template.yaml"));
  const source = readSource(file, YAML_LIMIT);
  const config =
    source.kind === "text" ? parseYaml({ file, text: source.text, offset: 0 }, TemplateConfigSchema, "template-invalid") : null;
  // The project holds templates/<name>/.
  reportOutsideLinks(dir, realFolder(path.dirname(path.dirname(dir))), file);
  if (source.kind === "missing" || source.kind === "folder") throw new TemplateError(`No ${file.path}`);
  if (!config || file.messages.some((m) => m.fatal)) throw new TemplateError(`${file.path} is invalid`, [file]);
  return config;
}

/** Every link in the template folder (and the folder itself) must stay in the project. */
function reportOutsideLinks(dir: string, projectDir: string, file: VFile): void {
  const text = String(file.value ?? "");
  const check = (target: string, what: string) => {
    const real = realPath(target);
    if (real === null || leadsInside(real, [projectDir])) return;
    // Placed where template.yaml lists the file or a file in it (a stylesheet), if it does.
    const relative = path.relative(dir, target).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const listed = new RegExp(`^([ \\t]*-[ \\t]+)["']?${relative}(?:[/"' \\t]|$)`, "m").exec(text);
    const at = target !== dir && listed ? listed.index + listed[1]!.length : { line: 1, column: 1 };
    report(file, "error", `${what} leads through a link to ${real}, outside the project`, "link-outside", at);
  };
  check(dir, "The template folder");
  if (realPath(dir) === null) return;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isSymbolicLink()) continue;
    const target = path.join(entry.parentPath, entry.name);
    check(target, `\`${path.relative(dir, target)}\``);
  }
}

/** The template's labels for `lang`: its own, or its base language's (en-GB → en), or English. */
export function labelsFor(config: TemplateConfig, lang: Language): LabelSet {
  const { labels } = config;
  return labels[lang] ?? labels[lang.split("-")[0]!] ?? labels.en;
}
