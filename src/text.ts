/** Text normalisation shared by the checks that compare PDF text with manuscripts. */

export function normalize(text: string): string {
  return (
    text
      .normalize("NFC")
      .replace(/\u00ad/g, "")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/**
 * What one character of text counts as when printed text is compared with
 * the manuscripts: its letters and digits, upper-cased, so the comparison
 * is immune to hyphenation, line breaks, dashes, slashes, quotes, spacing
 * and CSS text-transform. Upper case, because that is what text-transform
 * and small caps print. Folded besides:
 * - ligatures, which a PDF may report as one character (ﬁ → FI);
 * - the Turkish and Azerbaijani dotted capital İ, which a language-aware
 *   upper-casing prints where JavaScript's gives I (and ı gives I in both);
 * - the modifier-letter apostrophes ʼ and ʻ, which share their glyph with
 *   the quotation marks ’ and ‘ and so may read back as either.
 */
function foldChar(char: string): string {
  let folded = foldedChars.get(char);
  if (folded === undefined) {
    folded =
      char === "\u02bc" || char === "\u02bb"
        ? ""
        : char
            .normalize("NFKC")
            .toUpperCase()
            .replace(/\u0130/g, "I")
            .replace(/[^\p{L}\p{N}]/gu, "");
    foldedChars.set(char, folded);
  }
  return folded;
}

/**
 * Each character's fold, as first worked out: an issue's text uses a few
 * hundred characters, and the manuscripts and the PDF's text are folded
 * whole, a character at a time, by the checks and the Markdown stage.
 */
const foldedChars = new Map<string, string>();

/** Letters and digits only, folded (see foldChar). */
export function letters(text: string): string {
  return letterIndex(text).letters;
}

export interface LetterIndex {
  /** The text's letters and digits, folded. */
  letters: string;
  /** For each of them, its index in `text`. */
  at: number[];
  /** The text they were taken from, normalised (see normalize). */
  text: string;
}

/** Letters of `text` with their places, to find a title in printed text and read what follows it. */
export function letterIndex(text: string): LetterIndex {
  const source = normalize(text);
  let out = "";
  const at: number[] = [];
  let i = 0;
  for (const char of source) {
    const folded = foldChar(char);
    for (let k = 0; k < folded.length; k++) at.push(i);
    out += folded;
    i += char.length;
  }
  return { letters: out, at, text: source };
}
