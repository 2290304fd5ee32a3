/**
 * @font-face rules for the fonts a template names, from @fontsource
 * packages: never system fonts, so every machine sets the same type and
 * every glyph can be embedded. Each subset carries its unicode-range, so
 * the browser loads only the files a document needs.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { TemplateConfig } from "./config.js";

const require = createRequire(import.meta.url);

type FontSpec = TemplateConfig["fonts"][number];

/** The folder an @fontsource package is installed in. */
export function fontPackageDir(font: FontSpec): string {
  return path.dirname(require.resolve(`${font.package}/package.json`));
}

/** The woff2 file of one subset, weight and style, by @fontsource's naming. */
export function fontFile(font: FontSpec, subset: string, weight: number, style: string): string {
  return path.join(fontPackageDir(font), "files", `${path.basename(font.package)}-${subset}-${weight}-${style}.woff2`);
}

/**
 * Every face of the template's fonts as a file, with its subset's
 * unicode-range, by family: what an SVG figure embeds (images/svg.ts).
 */
export function fontFamilyFiles(fonts: TemplateConfig["fonts"]): { family: string; faces: { weight: number; style: string; file: string; range: string }[] }[] {
  return fonts.map((font) => {
    const ranges = JSON.parse(fs.readFileSync(path.join(fontPackageDir(font), "unicode.json"), "utf8")) as Record<string, string>;
    const faces = font.subsets.flatMap((subset) =>
      font.weights.flatMap((weight) => font.styles.map((style) => ({ weight, style, file: fontFile(font, subset, weight, style), range: ranges[subset] ?? "" }))),
    );
    return { family: font.family, faces: faces.filter((face) => face.range !== "") };
  });
}

export function fontFaceCss(fonts: TemplateConfig["fonts"]): string {
  const rules: string[] = [];
  for (const font of fonts) {
    const dir = fontPackageDir(font);
    const ranges = JSON.parse(fs.readFileSync(path.join(dir, "unicode.json"), "utf8")) as Record<string, string>;
    // The package's version goes into every document, and so into its cache key.
    const { version } = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string };
    rules.push(`/* ${font.package} ${version} */`);
    for (const subset of font.subsets) {
      const given = ranges[subset];
      if (!given) throw new Error(`${font.package} has no subset "${subset}"`);
      const range = withCasePartners(given);
      for (const weight of font.weights) {
        for (const style of font.styles) {
          const file = fontFile(font, subset, weight, style);
          if (!fs.existsSync(file)) throw new Error(`${font.package} has no ${weight} ${style} face for ${subset}`);
          rules.push(
            `@font-face { font-family: "${font.family}"; font-style: ${style}; font-weight: ${weight}; ` +
              `font-display: block; src: url("${pathToFileURL(file).href}") format("woff2"); unicode-range: ${range}; }`,
          );
        }
      }
    }
  }
  return rules.join("\n");
}

/**
 * Small letters whose capital, in some language, is in another subset:
 * Turkish and Azerbaijani i, whose capital İ (U+0130) is in latin-ext.
 * Chromium sets small caps (and capitals) of a letter in a face whose
 * range holds the letter itself, and for Turkish fell back to a system
 * font for İ; so the subset that has İ also claims i. It is only used
 * for i if the subset has that glyph, which it has not: ordinary text is
 * set as before.
 */
const CASE_PARTNERS: readonly [small: number, capital: number][] = [[0x69, 0x130]];

/** The unicode-range, with the small letter of each capital it holds added. */
export function withCasePartners(range: string): string {
  const spans = range.split(",").map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, "").split("-");
    return [parseInt(from!, 16), parseInt(to ?? from!, 16)] as const;
  });
  const holds = (cp: number) => spans.some(([from, to]) => cp >= from && cp <= to);
  const added = CASE_PARTNERS.filter(([small, capital]) => holds(capital) && !holds(small)).map(([small]) => `U+${small.toString(16).toUpperCase().padStart(4, "0")}`);
  return [range, ...added].join(",");
}
