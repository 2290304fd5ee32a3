/**
 * SVG figures, made ready to print as vectors with their text as text.
 *
 * A figure stays an `<img>`: Chromium draws an SVG image without running
 * its scripts or loading anything it names, which is the safety an inline
 * SVG would have to buy with a sanitizer of its own. Chromium prints an SVG
 * image as vector paths and real text. What an SVG image cannot do is use
 * the page's web fonts; its text would come out in a system font (and
 * fail the fonts check). So the copy the page loads carries the
 * template's faces itself, as data: URLs, which an SVG image may use:
 *
 * - every `font-family` it gives names one of the template's families,
 *   or is replaced by the template's text face (generic names such as
 *   `serif` included: the figures are set in the journal's type);
 * - text under no `font-family` is set in the text face;
 * - an @font-face rule is added for each weight and style of the families
 *   it then uses, in each subset that holds one of its characters.
 */
import fs from "node:fs";

/** A template's font family, as files: every face, in every subset, with its unicode-range. */
export interface FontFamilyFiles {
  family: string;
  faces: { weight: number; style: string; file: string; range: string }[];
}

type FontSpec = FontFamilyFiles;

/** The SVG's text, with the template's faces it uses embedded and its families mapped to them. */
export function svgWithFonts(svg: string, fonts: readonly FontSpec[]): string {
  const textFace = fonts[0]!;
  const used = new Set<FontSpec>();
  const familyFor = (value: string): FontSpec => {
    const names = value.split(",").map((n) => n.trim().replace(/^["']|["']$/g, "").toLowerCase());
    return fonts.find((f) => names.includes(f.family.toLowerCase())) ?? textFace;
  };
  const quoted = (font: FontSpec) => `'${font.family}'`;
  // font-family="…" and font-family='…' attributes, and font-family: … in CSS.
  let mapped = svg.replace(/font-family(\s*=\s*)(["'])(.*?)\2|font-family(\s*:\s*)([^;"}<>]+)/gs, (_all, eq: string, _quote: string, attr: string, colon: string, css: string) => {
    const font = familyFor(attr ?? css);
    used.add(font);
    return attr !== undefined ? `font-family${eq}"${quoted(font)}"` : `font-family${colon}${quoted(font)}`;
  });
  const open = /<svg\b[^>]*>/.exec(mapped);
  if (!open) throw new Error("no <svg> element");
  let tag = open[0];
  if (!/\sfont-family\s*=/.test(tag)) {
    tag = tag.replace(/^<svg\b/, `<svg font-family="${quoted(textFace)}"`);
    used.add(textFace);
  }
  const characters = textCharacters(mapped);
  const rules = [...used].flatMap((font) => fontFaces(font, characters));
  const style = `<style>${rules.join("\n")}</style>`;
  mapped = mapped.slice(0, open.index) + tag + style + mapped.slice(open.index + open[0].length);
  return mapped;
}

/** Every code point of the SVG's text (what lies between its tags), entities read. */
export function textCharacters(svg: string): Set<number> {
  const set = new Set<number>();
  for (const char of svgText(svg)) if (!/\s/.test(char)) set.add(char.codePointAt(0)!);
  return set;
}

/** The SVG's text in document order, which is the order it is painted in, entities read. */
export function svgText(svg: string): string {
  return svg
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>|<style[\s\S]*?<\/style>|<!--[\s\S]*?-->|<[^>]*>/g, " ")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[name]!);
}

/** @font-face rules for every face of `font` in a subset that holds one of `characters`. */
function fontFaces(font: FontSpec, characters: ReadonlySet<number>): string[] {
  return font.faces
    .filter((face) => [...characters].some((cp) => inRange(face.range, cp)))
    .map((face) => {
      const data = fs.readFileSync(face.file).toString("base64");
      return (
        `@font-face { font-family: '${font.family}'; font-weight: ${face.weight}; font-style: ${face.style}; ` +
        `src: url(data:font/woff2;base64,${data}) format('woff2'); unicode-range: ${face.range}; }`
      );
    });
}

function inRange(range: string, cp: number): boolean {
  return range.split(",").some((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, "").split("-");
    return cp >= parseInt(from!, 16) && cp <= parseInt(to ?? from!, 16);
  });
}
