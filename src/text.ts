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
 * Letters and digits only, upper-cased: immune to hyphenation, spacing and
 * CSS text-transform. Upper case, because that is what text-transform and
 * small caps print: "ı" and "i" both become "I" on the page.
 */
export function letters(text: string): string {
  return normalize(text)
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}
