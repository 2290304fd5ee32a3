/**
 * rehype plugin: inserts soft hyphens into running text. Chromium offline
 * has no hyphenation dictionaries, so `hyphens: auto` does nothing there;
 * soft hyphens with `hyphens: manual` give the same result everywhere.
 * Headings, code and capitalised words (names) are left whole.
 *
 * No break is offered inside an f-ligature (ff, fi, fl, ft and their
 * triples): the shaper forms the ligature across the soft hyphen, and
 * Chromium's PDF text then maps the ligature glyph to U+0000, so "official"
 * would read back as "o\0cial" to search and copy.
 */
import type { Element, Root, Text } from "hast";
import hyphenEnUs from "hyphen/en-us/index.js";
import hyphenEnGb from "hyphen/en-gb/index.js";
import { visitParents } from "unist-util-visit-parents";

const SKIP_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "sup"]);
const WORD = /[\p{Ll}][\p{L}\p{M}]{5,}/gu;
const LIGATURE_BREAK = /f\u00ad(?=[filt])/g;

export type HyphenationLanguage = "en" | "en-GB" | "en-US";

export function hyphenateText(text: string, lang: HyphenationLanguage): string {
  const patterns = lang === "en-GB" ? hyphenEnGb : hyphenEnUs;
  return text.replace(WORD, (word, offset: number) => {
    // A word continuing a capitalised one (after an apostrophe, say) is part of a name.
    const before = offset > 0 ? text[offset - 1]! : " ";
    if (/[\p{Lu}\p{L}'’-]/u.test(before)) return word;
    return patterns.hyphenateSync(word, { minWordLength: 6 }).replace(LIGATURE_BREAK, "f");
  });
}

export function rehypeHyphenate(options: { lang: HyphenationLanguage }) {
  return (tree: Root) => {
    visitParents(tree, "text", (node: Text, ancestors) => {
      if (ancestors.some((a) => a.type === "element" && SKIP_TAGS.has((a as Element).tagName))) return;
      node.value = hyphenateText(node.value, options.lang);
    });
  };
}
