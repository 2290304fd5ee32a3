/** Text normalisation shared by the checks that compare PDF text with manuscripts. */

export function normalize(text: string): string {
  return (
    text
      .normalize("NFC")
      .replace(/\u00ad/g, "")
      // Chromium's PDF text maps the shared apostrophe glyph of the web
      // fonts to U+02BC; readers see the same mark as U+2019.
      .replace(/\u02bc/g, "\u2019")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/** Letters and digits only, lower-cased: immune to hyphenation and spacing. */
export function letters(text: string): string {
  return normalize(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}
