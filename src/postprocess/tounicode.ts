/**
 * Repairs the text mapping of glyphs that a font shares between two
 * characters. Chromium's PDF writer (Skia) builds each font's ToUnicode map
 * from the font's own cmap, and where one glyph serves two code points it
 * picks the lower: the web fonts' apostrophe glyph serves both U+2019 and
 * U+02BC, so "Volga’s" would be searched, copied and indexed as "Volgaʼs".
 * When the manuscripts never use the modifier letters, their mappings are
 * turned back into the punctuation marks the text has.
 */
import { decodePDFRawStream, PDFDict, PDFName, PDFRawStream, type PDFDocument } from "pdf-lib";

/** Modifier letter → the punctuation mark sharing its glyph. */
const SHARED_GLYPHS: ReadonlyMap<number, number> = new Map([
  [0x02bc, 0x2019],
  [0x02bb, 0x2018],
]);

/** The shared glyphs to map back: those whose modifier letter the manuscripts never use. */
function replacements(used: ReadonlySet<number>): Map<number, number> {
  return new Map([...SHARED_GLYPHS].filter(([from]) => !used.has(from)));
}

/**
 * The repairs `used` calls for, as a stable string: documents printed from
 * the same layout need the same repair exactly when this is the same.
 */
export function repairsFor(used: ReadonlySet<number>): string {
  return [...replacements(used).keys()].join(",");
}

/**
 * Rewrites ToUnicode maps in place. `used` holds every code point the
 * manuscripts contain, so a modifier letter written on purpose is kept.
 * Returns the number of fonts changed.
 */
export function repairSharedGlyphs(doc: PDFDocument, used: ReadonlySet<number>): number {
  const replace = replacements(used);
  if (replace.size === 0) return 0;
  let changed = 0;
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Type")) !== PDFName.of("Font")) continue;
    const stream = object.lookup(PDFName.of("ToUnicode"));
    if (!(stream instanceof PDFRawStream)) continue;
    const cmap = parseCMap(new TextDecoder().decode(decodePDFRawStream(stream).decode()));
    let touched = false;
    for (const [code, text] of cmap) {
      const mapped = [...text].map((c) => String.fromCodePoint(replace.get(c.codePointAt(0)!) ?? c.codePointAt(0)!)).join("");
      if (mapped !== text) {
        cmap.set(code, mapped);
        touched = true;
      }
    }
    if (!touched) continue;
    object.set(PDFName.of("ToUnicode"), doc.context.register(doc.context.flateStream(writeCMap(cmap))));
    changed++;
  }
  return changed;
}

/** A ToUnicode CMap as glyph code (hex) → text. */
export function parseCMap(source: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) {
      map.set(code!.toUpperCase(), fromUtf16Hex(text!));
    }
  }
  for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]*>)/g)) {
      const start = parseInt(lo!, 16);
      const end = parseInt(hi!, 16);
      const width = lo!.length;
      const targets = rest!.startsWith("[") ? [...rest!.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]!) : null;
      for (let code = start; code <= end; code++) {
        const key = code.toString(16).toUpperCase().padStart(width, "0");
        if (targets) {
          const target = targets[code - start];
          if (target !== undefined) map.set(key, fromUtf16Hex(target));
        } else {
          // A single target: the last UTF-16 unit counts up through the range.
          const base = rest!.slice(1, -1);
          const last = parseInt(base.slice(-4), 16) + (code - start);
          map.set(key, fromUtf16Hex(base.slice(0, -4) + last.toString(16).padStart(4, "0")));
        }
      }
    }
  }
  return map;
}

export function writeCMap(map: ReadonlyMap<string, string>): string {
  const entries = [...map].sort(([a], [b]) => parseInt(a, 16) - parseInt(b, 16));
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.map(([code, text]) => `<${code}> <${toUtf16Hex(text)}>`).join("\n")}\nendbfchar`);
  }
  return [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<0000> <FFFF>",
    "endcodespacerange",
    ...blocks,
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
}

function fromUtf16Hex(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

function toUtf16Hex(text: string): string {
  let hex = "";
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0");
  return hex;
}
