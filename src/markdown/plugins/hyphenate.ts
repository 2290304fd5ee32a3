/**
 * rehype plugin: inserts soft hyphens into running text. Chromium offline
 * has no hyphenation dictionaries, so `hyphens: auto` does nothing there;
 * soft hyphens with `hyphens: manual` give the same result everywhere.
 * Headings, code, addresses and names are left whole, and every break
 * leaves at least 2 letters before it and 3 after it.
 *
 * A name is a capitalised word the text never uses in lower case. So
 * "Administrative" opening a sentence is hyphenated like "administrative"
 * elsewhere, while "Azerbaijani" is not; and the parts of a lower-case
 * compound ("self-determination") are hyphenated like words of their own.
 * Left whole, such words leave the line before them loose.
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
const WORD = /\p{L}[\p{L}\p{M}]{5,}/gu;
/** A word in lower case, as the text's vocabulary collects them. */
const LOWER_WORD = /(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]{5,}/gu;
/** A compound in lower case ("self-determination"), as the vocabulary collects them. */
const LOWER_COMPOUND = /(?<![\p{L}\p{M}'’-])\p{Ll}[\p{L}\p{M}]*(?:-\p{Ll}[\p{L}\p{M}]*)+/gu;
/** A capitalised word: a capital, then lower case only (not an acronym). */
const CAPITALISED = /^\p{Lu}[\p{Ll}\p{M}]+$/u;
const LIGATURE_BREAK = /f\u00ad(?=[filt])/g;

// The hyphen package ships no type declarations: this is the part Galley uses.
type Hyphenator = { hyphenateSync(word: string, options: { minWordLength: number }): string };

/**
 * Breaks by syllable, for a language whose words are cut by a plain rule
 * and for which no pattern set exists: every syllable holds one vowel,
 * two vowels side by side fall into two syllables, and of the consonants
 * between two vowels the last starts the next syllable (Azerbaijani
 * "qar-daş", "Türk-mən", "ma-a-rif"). `vowels` lists the language's
 * vowels in lower case; words come here in lower case.
 */
export function syllabic(vowels: string): Hyphenator {
  const isVowel = (char: string | undefined) => char !== undefined && vowels.includes(char);
  return {
    hyphenateSync(word) {
      const chars = [...word];
      let out = chars[0] ?? "";
      let vowelSeen = isVowel(chars[0]);
      for (let i = 1; i < chars.length; i++) {
        const char = chars[i]!;
        const startsSyllable = isVowel(char) ? isVowel(chars[i - 1]) : isVowel(chars[i + 1]) && /\p{L}/u.test(chars[i - 1]!);
        if (vowelSeen && startsSyllable) out += "\u00ad";
        out += char;
        vowelSeen ||= isVowel(char);
      }
      return out;
    },
  };
}

/**
 * The hyphenation of each language: the hyphen package's pattern set, by
 * its folder name, or a rule. Azerbaijani has no pattern set there, and
 * the Turkish patterns know nothing of its ə, q and x; its words are cut
 * by syllable as its orthography has them, which the rule above gives.
 */
const PATTERNS: Record<Language, string | Hyphenator> = {
  en: "en-us",
  "en-US": "en-us",
  "en-GB": "en-gb",
  tr: "tr",
  az: syllabic("aıoueəiöü"),
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

const require = createRequire(import.meta.url);
const loaded = new Map<string, Hyphenator>();

/** A language's hyphenator: its rule, or its pattern set, loaded on first use (each set is tens of kilobytes to parse). */
function patternsFor(lang: Language): Hyphenator {
  const name = PATTERNS[lang];
  if (typeof name !== "string") return name;
  let patterns = loaded.get(name);
  if (!patterns) {
    patterns = require(`hyphen/${name}/index.js`) as Hyphenator;
    loaded.set(name, patterns);
  }
  return patterns;
}

/** An address: a URL or an e-mail, never hyphenated (a reader would type the hyphen). */
export const ADDRESS = /^\S*(?::\/\/|www\.|@)\S*$/;

/**
 * The lower-case words and compounds of a text, for telling a capitalised
 * common word (a sentence's first) from a name, which the text never
 * writes in lower case.
 */
export type Vocabulary = ReadonlySet<string>;

export function vocabularyOf(text: string): Set<string> {
  return new Set([...(text.match(LOWER_WORD) ?? []), ...(text.match(LOWER_COMPOUND) ?? [])]);
}

export function hyphenateText(text: string, lang: Language, vocabulary: Vocabulary = vocabularyOf(text)): string {
  const patterns = patternsFor(lang);
  // Each run of non-space characters on its own, so addresses are left whole.
  return text.replace(/\S+/g, (token) => (ADDRESS.test(token) ? token : hyphenateWords(token, patterns, lang, vocabulary)));
}

function hyphenateWords(text: string, patterns: Hyphenator, lang: Language, vocabulary: Vocabulary): string {
  return text.replace(WORD, (word, offset: number) => {
    if (!standsAlone(text, offset, lang, vocabulary)) return word;
    if (/^\p{Ll}/u.test(word)) return hyphenateWord(word, patterns);
    if (!CAPITALISED.test(word)) return word;
    // A capitalised word is a common one where the text also writes it in
    // lower case; the breaks are found on that form, letter for letter.
    const lower = word.toLocaleLowerCase(lang);
    if (lower.length !== word.length || !vocabulary.has(lower)) return word;
    return restoreCase(hyphenateWord(lower, patterns), word);
  });
}

function hyphenateWord(word: string, patterns: Hyphenator): string {
  let words = hyphenated.get(patterns);
  if (!words) hyphenated.set(patterns, (words = new Map()));
  let result = words.get(word);
  if (result === undefined) {
    result = withMinimums(patterns.hyphenateSync(word, { minWordLength: 6 }).replace(LIGATURE_BREAK, "f"));
    words.set(word, result);
  }
  return result;
}

/**
 * Each word's breaks, by pattern set, as first found: prose uses its words
 * again and again, and the patterns cost more than a look-up.
 */
const hyphenated = new WeakMap<Hyphenator, Map<string, string>>();

/**
 * Whether the word at `offset` is a word of its own: not the tail of a
 * longer one (after an apostrophe, say, as in a name), and, after a hard
 * hyphen, part of a compound that starts in lower case ("self-", not
 * "Turkish-"), or of a capitalised one the text also writes in lower case
 * ("Self-determination" opening a sentence). Left whole, such a compound
 * can break only at its own hyphen, and the line before it is left loose.
 */
function standsAlone(text: string, offset: number, lang: Language, vocabulary: Vocabulary): boolean {
  const before = offset > 0 ? text[offset - 1]! : " ";
  if (before === "-") {
    const head = /[\p{L}\p{M}'’-]*$/u.exec(text.slice(0, offset - 1))![0];
    if (/['’]/u.test(head)) return false;
    if (/^\p{Ll}/u.test(head)) return true;
    const compound = head + /^[\p{L}\p{M}-]*/u.exec(text.slice(offset - 1))![0];
    return CAPITALISED.test(head.split("-")[0]!) && vocabulary.has(compound.toLocaleLowerCase(lang));
  }
  return !/[\p{L}\p{M}'’]/u.test(before);
}

/** `hyphenated`, a lower-case form with soft hyphens, in the letters of `word`. */
function restoreCase(hyphenated: string, word: string): string {
  let out = "";
  let at = 0;
  for (const char of hyphenated) out += char === "\u00ad" ? char : word[at++]!;
  return out;
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

/** Headings, code, calls, and words the author joined with a non-breaking hyphen. */
const isKeptWhole = (element: Element) =>
  SKIP_TAGS.has(element.tagName) || (Array.isArray(element.properties.className) && element.properties.className.includes("nobreak"));

export function rehypeHyphenate(options: { lang: Language }) {
  return (tree: Root) => {
    const running: Text[] = [];
    visitParents(tree, "text", (node: Text, ancestors) => {
      if (!ancestors.some((a) => a.type === "element" && isKeptWhole(a as Element))) running.push(node);
    });
    const vocabulary = vocabularyOf(running.map((node) => node.value).join(" "));
    for (const node of running) node.value = hyphenateText(node.value, options.lang, vocabulary);
  };
}
