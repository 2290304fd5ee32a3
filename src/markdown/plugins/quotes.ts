/**
 * Typographic quotes, apostrophes, dashes and ellipses, as authors type
 * them straight: retext-smartypants, with each language's quotation marks.
 * Code and addresses are left alone (they are not text nodes in mdast).
 * `--` is an en dash and `---` an em dash, as manuscripts are typed.
 */
import type { InlineCode, Root, Text } from "mdast";
import { retext } from "retext";
import retextSmartypants, { type Options as SmartypantsOptions } from "retext-smartypants";
import { visit } from "unist-util-visit";
import type { Language } from "../../model/issue.js";
import { ADDRESS } from "./hyphenate.js";

type Marks = { double: string; single: string };
const marks = (open: string, close: string): { openingQuotes: Marks; closingQuotes: Marks } => ({
  openingQuotes: { double: open[0]!, single: open[1]! },
  closingQuotes: { double: close[0]!, single: close[1]! },
});

/** Opening and closing marks, double then single, by language. */
const QUOTES: Record<Language, ReturnType<typeof marks>> = {
  en: marks("“‘", "”’"),
  "en-GB": marks("“‘", "”’"),
  "en-US": marks("“‘", "”’"),
  tr: marks("“‘", "”’"),
  az: marks("“‘", "”’"),
  nl: marks("“‘", "”’"),
  es: marks("«“", "»”"),
  pt: marks("«“", "»”"),
  it: marks("«“", "»”"),
  fr: marks("«‹", "»›"),
  nb: marks("«‘", "»’"),
  de: marks("„‚", "“‘"),
  is: marks("„‚", "“‘"),
  da: marks("»›", "«‹"),
  sv: marks("””", "’’"),
  fi: marks("””", "’’"),
};

/** retext-smartypants' options for text in `lang`. */
function smartypantsOptions(lang: Language): SmartypantsOptions {
  return { ...QUOTES[lang], dashes: "oldschool", ellipses: true, backticks: false };
}

/** Nodes whose text starts afresh: a quote at their start opens. */
const BLOCKS = new Set(["paragraph", "heading", "tableCell"]);
/** Text that may hold a dash or an ellipsis as typed: two hyphens, or dots with at most spaces between. */
const MAY_HAVE_MARKS = /--|\.\s*\./;

/**
 * Sets the marks of a Markdown tree's text in `lang`. A quote pairs
 * across inline markup (`"*word*"`), so quotes are set over the whole
 * text at once, each block starting with a space and each inline code
 * standing as letters of its length. A quote becomes one character, so
 * each text node's part of the result stands where it stood. Dashes and
 * ellipses change the length, so they are set afterwards, one text node at
 * a time, and only in those that may have any: retext parses each text it
 * is given, and most have none (measured on the 160-page bench issue: the
 * marks took 230 ms with every text node parsed again, 105 ms so).
 */
export function remarkTypographicMarks(options: { lang: Language }) {
  const settings = smartypantsOptions(options.lang);
  const quotes = retext().use(retextSmartypants, { ...settings, dashes: false, ellipses: false });
  const marks = retext().use(retextSmartypants, { ...settings, quotes: false });
  return (tree: Root) => {
    // The text in order, a block's start as null.
    const pieces: (Text | InlineCode | null)[] = [];
    visit(tree, (node) => {
      if (BLOCKS.has(node.type)) pieces.push(null);
      else if (node.type === "text" || node.type === "inlineCode") pieces.push(node);
    });
    const whole = pieces.map((n) => (n === null ? " " : n.type === "text" ? n.value : "A".repeat(n.value.length))).join("");
    const quoted = String(quotes.processSync(whole));
    let at = 0;
    for (const node of pieces) {
      const end = at + (node === null ? 1 : node.value.length);
      if (node?.type === "text") {
        const value = quoted.slice(at, end);
        node.value = MAY_HAVE_MARKS.test(value) ? String(marks.processSync(value)) : value;
      }
      at = end;
    }
  };
}

/**
 * An address that is a text of its own (a link written as its URL) keeps
 * every character: smartypants leaves inline code alone, so the address
 * passes as code, and `remarkShowAddresses` makes it text again.
 */
export function remarkHideAddresses() {
  return (tree: Root) => {
    visit(tree, "text", (node) => {
      if (!ADDRESS.test(node.value)) return;
      (node as { type: string }).type = "inlineCode";
      node.data = { ...node.data, address: true } as typeof node.data;
    });
  };
}

export function remarkShowAddresses() {
  return (tree: Root) => {
    visit(tree, "inlineCode", (node) => {
      if ((node.data as { address?: boolean } | undefined)?.address) (node as { type: string }).type = "text";
    });
  };
}

/**
 * An apostrophe inside a word is ’ in every language: smartypants sets it
 * as the closing single quote, which is › in French or ‘ in German.
 */
export function remarkApostrophes(options: { lang: Language }) {
  const close = QUOTES[options.lang].closingQuotes.single;
  if (close === "’") return () => undefined;
  const between = new RegExp(`(?<=\\p{L})${close}(?=\\p{L})`, "gu");
  return (tree: Root) => {
    visit(tree, "text", (node) => {
      node.value = node.value.replace(between, "’");
    });
  };
}
