/**
 * YAML validated against a zod schema, with each problem reported at the
 * line and column of the offending key or value.
 */
import YAML, { isMap, isPair, isScalar, type Document, type Node as YamlNode } from "yaml";
import type { VFile } from "vfile";
import type { z } from "zod";
import { report as reportAs } from "../diagnostics.js";

export interface YamlSource {
  file: VFile;
  /** The YAML text. */
  text: string;
  /** Offset of `text` within the file, so positions point into the file. */
  offset: number;
}

/**
 * Parses and validates. Returns the parsed value, or null after reporting
 * every problem found (all under the rule `only`, when it is given).
 */
export function parseYaml<S extends z.ZodType>(source: YamlSource, schema: S, only?: "template-invalid"): z.infer<S> | null {
  const { file, text, offset } = source;
  // A template's settings are the designer's business: every problem in
  // template.yaml is reported under the one rule, with the same wording.
  const report: typeof reportAs = (f, severity, reason, rule, place) =>
    only ? reportAs(f, "error", reason, only, place) : reportAs(f, severity, reason, rule, place);
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      report(file, "error", `Invalid YAML: ${firstLine(error.message)}`, "yaml-syntax", offset + errorOffset(text, error));
    }
    return null;
  }
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (error) {
    // An alias to no anchor, as in `title: *Tides*` (Markdown emphasis).
    const alias = /\*[^\s*]+/.exec(text);
    const hint = alias ? `; \`${alias[0]}\` reads as a YAML alias: put the value in quotes` : "";
    report(file, "error", `Invalid YAML: ${firstLine((error as Error).message)}${hint}`, "yaml-syntax", offset + aliasOffset(text));
    return null;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const where = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const keyNode = findKeyNode(doc, [...where, key]);
        const suggestion = nearest(key, knownKeysAt(schema, where));
        const hint = suggestion ? ` (did you mean ${suggestion}?)` : "";
        report(file, "error", `Unknown key \`${key}\`${hint}`, "unknown-key", offset + (keyNode?.range?.[0] ?? 0));
      }
      continue;
    }
    const value = doc.getIn(issue.path as (string | number)[], true) as YamlNode | undefined;
    const isMissing = value === undefined && issue.code === "invalid_type";
    const at = value ?? findKeyNode(doc, where) ?? nearestExisting(doc, issue.path as (string | number)[]);
    const name = where.length ? `\`${where.join(".")}\`` : "document";
    const reason = isMissing ? `Missing required field ${name}` : `${name}: ${issue.message}`;
    // A DOI has a rule of its own: the fix (no https://doi.org/) is particular to it.
    report(file, "error", reason, isMissing ? "missing-field" : where.join(".") === "doi" ? "doi-invalid" : "invalid-field", offset + (at?.range?.[0] ?? 0));
  }
  return null;
}

/** The node of a key (not its value), for pointing at unknown keys. */
function findKeyNode(doc: Document, path: string[]): YamlNode | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  for (const item of parent.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === last) return item.key;
  }
  return undefined;
}

/** The deepest node that exists on `path`, for a missing field's place. */
function nearestExisting(doc: Document, path: (string | number)[]): YamlNode | undefined {
  for (let n = path.length - 1; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (node && typeof node === "object" && "range" in node) return node as YamlNode;
  }
  return undefined;
}

/** Known keys of the object schema at `path`, following arrays and objects. */
function knownKeysAt(schema: z.ZodType, path: string[]): string[] {
  let current: unknown = schema;
  for (const segment of path) {
    current = unwrap(current);
    const def = (current as { def?: { type?: string; element?: unknown; shape?: Record<string, unknown> } }).def;
    if (def?.type === "array") current = def.element;
    else if (def?.type === "object") current = def.shape?.[segment];
    else return [];
    if (def?.type === "array" && !/^\d+$/.test(segment)) return [];
  }
  current = unwrap(current);
  const shape = (current as { def?: { shape?: Record<string, unknown> } }).def?.shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (s?.def && (s.def.type === "optional" || s.def.type === "default" || s.def.type === "nullable")) {
    s = s.def.innerType as typeof s;
  }
  return s;
}

/** The closest candidate within an edit distance of 3, if any. */
export function nearest(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length]!;
}

/**
 * Where to point at a syntax error. For a quote left open, the parser only
 * notices at the end of the text; the editor needs the opening quote.
 */
function errorOffset(text: string, error: { code: string; pos: [number, number] }): number {
  if (error.code === "MISSING_CHAR") {
    let lineStart = 0;
    for (const line of text.split("\n")) {
      const quote = /:\s*(["'])/.exec(line);
      if (quote && line.lastIndexOf(quote[1]!) === line.indexOf(quote[1]!, quote.index)) return lineStart + line.indexOf(quote[1]!, quote.index);
      lineStart += line.length + 1;
    }
  }
  return error.pos[0];
}

/** Where the first alias (`*name`) stands as a value, or 0. */
function aliasOffset(text: string): number {
  const match = /(^|[:\-\[,]\s*)\*[^\s*]/m.exec(text);
  return match ? match.index + match[1]!.length : 0;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

/** Offset of the value of a top-level key, for placing messages about it. */
export function valueOffset(text: string, key: string): number | null {
  return valueRange(text, key)?.[0] ?? null;
}

/** Start and end offsets of the value of a top-level key (its key's, if it has none). */
export function valueRange(text: string, key: string): [number, number] | null {
  const doc = YAML.parseDocument(text);
  if (!isMap(doc.contents)) return null;
  for (const item of doc.contents.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key) {
      const range = (item.value as YamlNode | null)?.range ?? item.key.range;
      return range ? [range[0], range[1]] : null;
    }
  }
  return null;
}
