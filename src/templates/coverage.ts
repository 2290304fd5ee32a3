/**
 * Which characters a template's fonts can set. A character outside them
 * would be drawn from a system font, which differs between machines and
 * breaks the promise that the issue is set only in the template's type.
 */
import { createRequire } from "node:module";
import path from "node:path";
import * as fontkit from "fontkit";
import type { TemplateConfig } from "./config.js";

const require = createRequire(import.meta.url);

/** Code points every face of the template's first (text) family covers. */
export function textCoverage(fonts: TemplateConfig["fonts"]): Set<number> {
  const text = fonts[0]!;
  const dir = path.dirname(require.resolve(`${text.package}/package.json`));
  const base = path.basename(text.package);
  const covered = new Set<number>();
  for (const subset of text.subsets) {
    const file = path.join(dir, "files", `${base}-${subset}-${text.weights[0]}-${text.styles[0]}.woff2`);
    const font = fontkit.openSync(file);
    if ("characterSet" in font) for (const cp of font.characterSet) covered.add(cp);
  }
  return covered;
}
