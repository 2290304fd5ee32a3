/**
 * Reading an input file as text, the one way every stage does it: bounded
 * in size (a huge file would be laid out for minutes before failing), and
 * strictly UTF-8 (a stray Latin-1 byte would otherwise surface much later
 * as a U+FFFD the font lacks). Characters that print wrongly or not at all
 * are reported at their place.
 */
import fs from "node:fs";
import type { VFile } from "vfile";
import { report } from "../diagnostics.js";

/** issue.yaml and template.yaml are a page of settings; 256 KB is far past any real one. */
export const YAML_LIMIT = 256 * 1024;
/** A long article is 100–200 KB of Markdown; 1 MB is a book, not a manuscript. */
export const MANUSCRIPT_LIMIT = 1024 * 1024;

export type ReadResult =
  | { kind: "text"; text: string }
  | { kind: "missing" }
  | { kind: "folder" }
  /** Reported on the file already. */
  | { kind: "refused" };

/**
 * Reads `file.path` into `file.value`. A file too big or not UTF-8 is
 * reported on `file` and refused.
 */
export function readSource(file: VFile, limit: number): ReadResult {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file.path);
  } catch {
    return { kind: "missing" };
  }
  if (stat.isDirectory()) return { kind: "folder" };
  if (stat.size > limit) {
    report(file, "error", `This file is ${size(stat.size)}; Galley reads at most ${size(limit)} here`, "file-too-large", { line: 1, column: 1 });
    return { kind: "refused" };
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file.path);
  } catch {
    return { kind: "missing" };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== null) {
    const place = bytePlace(bytes, bad);
    const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, "0");
    report(file, "error", `This file is not UTF-8 text (byte 0x${hex} here is not UTF-8); save it as UTF-8`, "not-utf8", place);
    return { kind: "refused" };
  }
  // A byte-order mark is not text. Dropped here, it cannot shift the
  // offsets of the Markdown parser (which skips it) against the file's.
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  file.value = text;
  reportInvisibleControls(file, text);
  return { kind: "text", text };
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or null. */
export function firstInvalidUtf8(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return null;
}

/** Line and column (in characters) of a byte offset, from the valid bytes before it. */
function bytePlace(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset).toString("utf8");
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: [...before.slice(lineStart)].length + 1 };
}

/**
 * C0 and C1 control characters except tab and line ends, and the Unicode
 * bidirectional controls, which reorder text without showing themselves.
 */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMES: Record<number, string> = {
  0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x0b: "VERTICAL TAB", 0x0c: "FORM FEED", 0x1b: "ESCAPE", 0x7f: "DELETE",
  0x85: "NEXT LINE", 0x202a: "LEFT-TO-RIGHT EMBEDDING", 0x202b: "RIGHT-TO-LEFT EMBEDDING", 0x202c: "POP DIRECTIONAL FORMATTING",
  0x202d: "LEFT-TO-RIGHT OVERRIDE", 0x202e: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE",
  0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE",
};

export function isForbiddenCharacter(cp: number): boolean {
  FORBIDDEN.lastIndex = 0;
  return FORBIDDEN.test(String.fromCodePoint(cp));
}

/** `U+0000 (NUL)`: how a character that cannot be shown is named in a message. */
export function codePointName(cp: number): string {
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return NAMES[cp] ? `${code} (${NAMES[cp]})` : code;
}

/** Each forbidden character once, at its first place, with a count. */
function reportInvisibleControls(file: VFile, text: string): void {
  const seen = new Map<number, { offset: number; count: number }>();
  for (const match of text.matchAll(FORBIDDEN)) {
    const cp = match[0].codePointAt(0)!;
    const entry = seen.get(cp);
    if (entry) entry.count++;
    else seen.set(cp, { offset: match.index, count: 1 });
  }
  for (const [cp, { offset, count }] of seen) {
    const times = count > 1 ? ` (${count} times in this file)` : "";
    if (cp >= 0x202a) {
      report(file, "error", `Bidirectional control ${codePointName(cp)} reorders the text around it unseen; delete it${times}`, "bidi-control", offset);
    } else {
      report(file, "error", `Control character ${codePointName(cp)} cannot be printed; delete it${times}`, "control-character", offset);
    }
  }
}
