/**
 * rehype plugin: inserts soft hyphens into running text. Chromium offline
 * has no hyphenation dictionaries, so `hyphens: auto` does nothing there;
 * soft hyphens with `hyphens: manual` give the same result everywhere.
 * Headings, code, addresses and capitalised words (names) are left whole,
 * and every break leaves at least 2 letters before it and 3 after it.
 *
 * No break is offered inside an f-ligature (ff, fi, fl, ft and their
 * triples): the shaper forms the ligature across the soft hyphen, and
 * Chromium's PDF text then maps the ligature glyph to U+0000, so "official"
 * would read back as "o\0cial" to search and copy.
 */
import type { Element, Root, Text } from "hast";
import { createRequire } from "node:module";
import { visitParents } from "unist-util-visit-parents";
import type { Language } from "../../model/issue.js";

const SKIP_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "sup"]);
const WORD = /[\p{Ll}][\p{L}\p{M}]{5,}/gu;
const LIGATURE_BREAK = /f\u00ad(?=[filt])/g;

/**
 * The pattern set of each language, by the hyphen package's folder name.
 * Azerbaijani has none there, and the Turkish patterns know nothing of
 * its ə: its text is set without hyphenation rather than broken wrongly.
 */
const PATTERNS: Record<Language, string | null> = {
  en: "en-us",
  "en-US": "en-us",
  "en-GB": "en-gb",
  tr: "tr",
  az: null,
  es: "es",
  pt: "pt",
  fr: "fr",
  de: "de",
  nl: "nl",
  it: "it",
  da: "da",
  nb: "nb",
  sv: "sv",
  fi: "fi",
  is: "is",
};

// The hyphen package ships no type declarations: this is the part Galley uses.
type Hyphenator = { hyphenateSync(word: string, options: { minWordLength: number }): string };
const require = createRequire(import.meta.url);
const loaded = new Map<string, Hyphenator>();

/** A language's patterns, loaded on first use: each set is tens of kilobytes to parse. */
function patternsFor(lang: Language): Hyphenator | null {
  const name = PATTERNS[lang];
  if (!name) return null;
  let patterns = loaded.get(name);
  if (!patterns) {
    patterns = require(`hyphen/${name}/index.js`) as Hyphenator;
    loaded.set(name, patterns);
  }
  return patterns;
}

/** An address: a URL or an e-mail, never hyphenated (a reader would type the hyphen). */
export const ADDRESS = /^\S*(?::\/\/|www\.|@)\S*$/;

export function hyphenateText(text: string, lang: Language): string {
  const patterns = patternsFor(lang);
  if (!patterns) return text;
  // Each run of non-space characters on its own, so addresses are left whole.
  return text.replace(/\S+/g, (token) => (ADDRESS.test(token) ? token : hyphenateWords(token, patterns)));
}

function hyphenateWords(text: string, patterns: Hyphenator): string {
  return text.replace(WORD, (word, offset: number) => {
    // A word continuing a capitalised one (after an apostrophe, say) is part of a name.
    const before = offset > 0 ? text[offset - 1]! : " ";
    if (/[\p{Lu}\p{L}'’-]/u.test(before)) return word;
    return withMinimums(patterns.hyphenateSync(word, { minWordLength: 6 }).replace(LIGATURE_BREAK, "f"));
  });
}

/**
 * At least this many letters stand before and after every break. The
 * hyphen package ignores the patterns' own minimums, and "securi-ty" or
 * "a-bout" leave a scrap no reader wants to meet at a line's edge.
 */
export const MIN_BEFORE = 2;
export const MIN_AFTER = 3;
/**
 * Nor are two breaks offered one letter apart ("doc-u-mented" keeps only
 * "doc-"): at a page's last line Paged.js cuts one letter past the break,
 * and the repair in page-scripts/breaks.js, finding a soft hyphen there
 * too, cannot tell which one the line broke at.
 */
const MIN_BETWEEN = 2;

/** The word with the breaks that leave too few letters around them taken out. */
export function withMinimums(word: string): string {
  const parts = word.split("\u00ad");
  if (parts.length === 1) return word;
  const letters = parts.map((part) => part.match(/\p{L}/gu)?.length ?? 0);
  const total = letters.reduce((a, b) => a + b, 0);
  let out = parts[0]!;
  let before = letters[0]!;
  let sinceBreak = before;
  for (let i = 1; i < parts.length; i++) {
    if (before >= MIN_BEFORE && total - before >= MIN_AFTER && sinceBreak >= MIN_BETWEEN) {
      out += "\u00ad";
      sinceBreak = 0;
    }
    out += parts[i]!;
    before += letters[i]!;
    sinceBreak += letters[i]!;
  }
  return out;
}

export function rehypeHyphenate(options: { lang: Language }) {
  return (tree: Root) => {
    visitParents(tree, "text", (node: Text, ancestors) => {
      if (ancestors.some((a) => a.type === "element" && SKIP_TAGS.has((a as Element).tagName))) return;
      node.value = hyphenateText(node.value, options.lang);
    });
  };
}
