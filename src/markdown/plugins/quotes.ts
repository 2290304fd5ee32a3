/**
 * Typographic quotes, apostrophes, dashes and ellipses, as authors type
 * them straight: remark-smartypants, with each language's quotation marks.
 * Code and addresses are left alone (they are not text nodes in mdast).
 * `--` is an en dash and `---` an em dash, as manuscripts are typed.
 */
import type { Root } from "mdast";
import type remarkSmartypants from "remark-smartypants";
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

/** remark-smartypants' options for an issue in `lang`. */
export function smartypantsOptions(lang: Language): Parameters<typeof remarkSmartypants>[0] {
  return { ...QUOTES[lang], dashes: "oldschool", ellipses: true, backticks: false };
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
