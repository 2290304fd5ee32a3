/**
 * Repairs fonts' text mappings (ToUnicode), which Chromium's PDF writer
 * (Skia) gets wrong in two ways:
 *
 * - A glyph a font shares between two characters maps to the lower code
 *   point: the web fonts' apostrophe glyph serves both U+2019 and U+02BC,
 *   so "Volga’s" would be searched, copied and indexed as "Volgaʼs". When
 *   the manuscripts never use the modifier letters, their mappings are
 *   turned back into the punctuation marks the text has.
 * - A ligature glyph maps to the text it was first drawn for, and that
 *   can be its first letter only: the "fl" of "floodplain" at the start of
 *   a page's first line (varied seed 100) mapped to "f", and every "fl" of
 *   that document then read "f" ("foodplain"). The embedded font keeps its
 *   GSUB table and the original glyph ids, so each ligature's letters are
 *   read from its substitutions there.
 */
import * as fontkit from "fontkit";
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFRawStream, type PDFDocument } from "pdf-lib";
import { deflatedStream } from "./streams.js";

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
  return rewriteToUnicodes(doc, (cmap) => {
    let touched = false;
    for (const [code, text] of cmap) {
      const mapped = [...text].map((c) => String.fromCodePoint(replace.get(c.codePointAt(0)!) ?? c.codePointAt(0)!)).join("");
      if (mapped !== text) {
        cmap.set(code, mapped);
        touched = true;
      }
    }
    return touched;
  });
}

/**
 * Maps each ligature glyph whose entry holds only part of its letters ("f"
 * for "fl") to all of them. Returns the number of fonts changed.
 */
export function repairLigatures(doc: PDFDocument): number {
  return rewriteToUnicodes(doc, (cmap, font) => {
    // Such an entry repeats the text of its first letter's own glyph: a
    // map with no text twice needs no font read.
    if (new Set(cmap.values()).size === cmap.size) return false;
    const program = embeddedProgram(font);
    if (!program) return false;
    const ligatures = ligatureTexts(program);
    let touched = false;
    for (const [code, text] of cmap) {
      const letters = ligatures.get(parseInt(code, 16));
      if (letters && text.length < letters.length && letters.startsWith(text)) {
        cmap.set(code, letters);
        touched = true;
      }
    }
    return touched;
  });
}

/** Runs `change` on each font's ToUnicode map, and writes back those it changed. Returns how many. */
function rewriteToUnicodes(doc: PDFDocument, change: (cmap: Map<string, string>, font: PDFDict) => boolean): number {
  let changed = 0;
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Type")) !== PDFName.of("Font")) continue;
    const stream = object.lookup(PDFName.of("ToUnicode"));
    if (!(stream instanceof PDFRawStream)) continue;
    const cmap = parseCMap(new TextDecoder().decode(decodePDFRawStream(stream).decode()));
    if (!change(cmap, object)) continue;
    object.set(PDFName.of("ToUnicode"), doc.context.register(deflatedStream(doc.context, new TextEncoder().encode(writeCMap(cmap)))));
    changed++;
  }
  return changed;
}

/**
 * The font program of a composite font whose codes are its glyph ids
 * (CIDToGIDMap /Identity, as Skia writes it); null for any other.
 */
function embeddedProgram(font: PDFDict): Buffer | null {
  const descendants = font.lookup(PDFName.of("DescendantFonts"));
  const cidFont = descendants instanceof PDFArray ? descendants.lookup(0) : null;
  if (!(cidFont instanceof PDFDict) || cidFont.get(PDFName.of("CIDToGIDMap")) !== PDFName.of("Identity")) return null;
  const descriptor = cidFont.lookup(PDFName.of("FontDescriptor"));
  const file = descriptor instanceof PDFDict ? (descriptor.lookup(PDFName.of("FontFile2")) ?? descriptor.lookup(PDFName.of("FontFile3"))) : null;
  return file instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(file).decode()) : null;
}

/**
 * What fontkit gives of a GSUB table: the lookups, their subtables, and a
 * ligature subtable's coverage and sets. Some of its lists are read as they
 * are used (`toArray`), others are arrays.
 */
type List<T> = T[] | { toArray(): T[] };
type Coverage = { version: 1; glyphs: number[] } | { version: 2; rangeRecords: { start: number; end: number }[] };
type LigatureSubtable = { coverage: Coverage; ligatureSets: List<{ glyph: number; components: number[] }[]> };
type Subtable = LigatureSubtable & { lookupType?: number; extension?: LigatureSubtable };
type Gsub = { lookupList: List<{ lookupType: number; subTables: List<Subtable> }> };

const items = <T>(list: List<T>): T[] => (Array.isArray(list) ? list : list.toArray());

/** The glyphs, in coverage order, a subtable applies to. */
function covered(coverage: Coverage): number[] {
  if (coverage.version === 1) return coverage.glyphs;
  return coverage.rangeRecords.flatMap(({ start, end }) => Array.from({ length: end - start + 1 }, (_, i) => start + i));
}

/**
 * Each ligature glyph of the font `program` as the letters it joins, by
 * glyph id: its components' characters, from the font's cmap. A glyph two
 * substitutions give different letters, or a component with no character
 * of its own, is left out.
 */
function ligatureTexts(program: Buffer): Map<number, string> {
  let font: fontkit.Font & { GSUB?: Gsub };
  try {
    font = fontkit.create(program) as fontkit.Font & { GSUB?: Gsub };
  } catch {
    // A program fontkit cannot read (a bare CFF) is left as Skia mapped it.
    return new Map();
  }
  const letters = new Map<number, string>();
  for (const codePoint of font.characterSet) {
    const id = font.glyphForCodePoint(codePoint).id;
    if (!letters.has(id)) letters.set(id, String.fromCodePoint(codePoint));
  }
  const texts = new Map<number, string | null>();
  for (const lookup of font.GSUB ? items(font.GSUB.lookupList) : []) {
    for (const subtable of items(lookup.subTables)) {
      const ligatures = lookup.lookupType === 7 ? (subtable.lookupType === 4 ? subtable.extension : undefined) : lookup.lookupType === 4 ? subtable : undefined;
      if (!ligatures) continue;
      const sets = items(ligatures.ligatureSets);
      covered(ligatures.coverage).forEach((first, i) => {
        for (const { glyph, components } of sets[i] ?? []) {
          const parts = [first, ...components].map((id) => letters.get(id));
          if (parts.some((part) => part === undefined)) continue;
          const text = parts.join("");
          texts.set(glyph, texts.has(glyph) && texts.get(glyph) !== text ? null : text);
        }
      });
    }
  }
  return new Map([...texts].filter((entry): entry is [number, string] => entry[1] !== null));
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
