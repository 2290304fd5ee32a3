/**
 * Which characters a template's fonts can set. A character outside them
 * would be drawn from a system font, which differs between machines and
 * breaks the promise that the issue is set only in the template's type.
 */
import * as fontkit from "fontkit";
import type { TemplateConfig } from "./config.js";
import { fontFile } from "./fonts.js";

/** Code points the template's text face covers, in its first weight and style, across its subsets. */
export function textCoverage(fonts: TemplateConfig["fonts"]): Set<number> {
  const text = fonts[0]!;
  const covered = new Set<number>();
  for (const subset of text.subsets) {
    const font = fontkit.openSync(fontFile(text, subset, text.weights[0]!, text.styles[0]!));
    if ("characterSet" in font) for (const cp of font.characterSet) covered.add(cp);
  }
  return covered;
}
