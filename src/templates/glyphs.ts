/**
 * Reports characters in the manuscripts that the template's text face
 * cannot set, at their first place in each file, before anything is laid out.
 */
import type { VFile } from "vfile";
import { report } from "../diagnostics.js";
import { splitFrontMatter } from "../manuscripts/front-matter.js";
import { isForbiddenCharacter } from "../manuscripts/source.js";
import { SUBSTITUTED } from "../markdown/plugins/typography.js";
import type { TemplateConfig } from "./config.js";
import { textCoverage } from "./coverage.js";

const coverageCache = new Map<string, Set<number>>();
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u;

export function reportUncoveredCharacters(files: readonly VFile[], config: TemplateConfig): void {
  const cacheKey = JSON.stringify(config.fonts[0]);
  let covered = coverageCache.get(cacheKey);
  if (!covered) {
    covered = textCoverage(config.fonts);
    coverageCache.set(cacheKey, covered);
  }
  const family = config.fonts[0]!.family;
  for (const file of files) {
    const raw = String(file.value ?? "");
    // Substitutes are made in Markdown bodies only, not in front matter or issue.yaml.
    const bodyStart = file.path.endsWith(".md") ? (splitFrontMatter(raw)?.end ?? 0) : raw.length;
    const text = withoutComments(raw, bodyStart);
    const seen = new Map<number, { offset: number; count: number }>();
    let offset = 0;
    for (const char of text) {
      const cp = char.codePointAt(0)!;
      const substituted = SUBSTITUTED.has(cp) && offset >= bodyStart;
      // Only ASCII white space and the invisible format characters (byte-order
      // mark, zero-width joiners) are free: other spaces (U+202F…) are glyphs too.
      // Control and bidi characters have their own errors, from reading the file.
      if (cp > 0x20 && !covered.has(cp) && !substituted && !INVISIBLE.test(char) && !isForbiddenCharacter(cp)) {
        const entry = seen.get(cp);
        if (entry) entry.count++;
        else seen.set(cp, { offset, count: 1 });
      }
      offset += char.length;
    }
    for (const [cp, { offset: at, count }] of seen) {
      const code = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
      const times = count > 1 ? ` (${count} times in this file)` : "";
      report(
        file,
        "error",
        `Character “${String.fromCodePoint(cp)}” (${code}) is not in the template's text face, ${family}; it would be set in a system font${times}`,
        "glyph-missing",
        at,
      );
    }
  }
}

/**
 * The text with comments blanked, offsets kept: YAML comments before
 * `bodyStart`, HTML comments after it. Comments are never printed.
 */
function withoutComments(text: string, bodyStart: number): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  const yaml = text.slice(0, bodyStart).replace(/(^|[ \t])#.*$/gm, (comment) => blank(comment));
  const body = text.slice(bodyStart).replace(/<!--[\s\S]*?-->/g, blank);
  return yaml + body;
}
