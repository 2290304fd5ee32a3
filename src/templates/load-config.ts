/**
 * Reads a template's template.yaml and those of the templates it extends,
 * each checked at its own lines and columns, and merges them into one
 * TemplateConfig. A problem of the merged whole (a required key no file of
 * the chain gives) is placed in the template's own file.
 */
import fs from "node:fs";
import path from "node:path";
import type { VFile } from "vfile";
import YAML, { isMap, type Node as YamlNode } from "yaml";
import { newFile, report } from "../diagnostics.js";
import { leadsInside, realFolder, realPath } from "../manuscripts/links.js";
import { readSource, YAML_LIMIT } from "../manuscripts/source.js";
import { parseYaml } from "../manuscripts/yaml.js";
import { templatesDir } from "../paths.js";
import { mergeChain, TemplateConfigSchema, TemplateFileSchema, type ChainLink, type TemplateConfig } from "./config.js";

/** A template that cannot be used; `files` carry its messages, when placed. */
export class TemplateError extends Error {
  override name = "TemplateError";
  constructor(
    message: string,
    readonly files: readonly VFile[] = [],
  ) {
    super(message);
  }
}

/** A chain longer than this is a loop, or a design no one can follow. */
const MAX_DEPTH = 4;

export interface LoadedConfig {
  config: TemplateConfig;
  /** The folders of the chain, base first, the template's own last. */
  dirs: string[];
}

/**
 * Reads and validates `<dir>/template.yaml` and its bases, and checks that
 * no file of the template leads through a link outside the project. Throws
 * a TemplateError carrying the files' messages.
 */
export function loadTemplateConfig(dir: string): TemplateConfig {
  return loadTemplateChain(dir).config;
}

export function loadTemplateChain(dir: string): LoadedConfig {
  const links: (ChainLink & { file: VFile })[] = [];
  const files: VFile[] = [];
  let current: string | null = dir;
  while (current !== null) {
    const file = newFile(path.join(current, "template.yaml"));
    files.push(file);
    const source = readSource(file, YAML_LIMIT);
    const settings = source.kind === "text" ? parseYaml({ file, text: source.text, offset: 0 }, TemplateFileSchema, "template-invalid") : null;
    // The project holds templates/<name>/.
    reportOutsideLinks(current, realFolder(path.dirname(path.dirname(current))), file);
    if (source.kind === "missing" || source.kind === "folder") {
      const from = links.at(-1);
      if (!from) throw new TemplateError(`No ${file.path}`);
      report(from.file, "error", `\`extends: ${path.basename(current)}\` names no template beside this one`, "template-invalid", valueAt(from.file, ["extends"]));
      throw new TemplateError(`${from.file.path} is invalid`, files);
    }
    if (!settings || file.messages.some((m) => m.fatal)) throw new TemplateError(`${file.path} is invalid`, files);
    links.push({ dir: current, settings, file });
    const base = settings.extends;
    if (base !== undefined && (links.length > MAX_DEPTH || links.some((l) => path.basename(l.dir) === base))) {
      report(file, "error", `\`extends: ${base}\` makes a loop, or a chain longer than ${MAX_DEPTH}`, "template-invalid", valueAt(file, ["extends"]));
      throw new TemplateError(`${file.path} is invalid`, files);
    }
    current = base === undefined ? null : baseFolder(current, base);
  }
  const chain = links.reverse();
  const own = chain.at(-1)!;
  const merged = mergeChain(chain, (from, sheet) => path.resolve(from, sheet));
  const result = TemplateConfigSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const where = issue.path.map(String);
      const missing = issue.code === "invalid_type" && valueOf(merged, issue.path) === undefined;
      const name = where.length ? `\`${where.join(".")}\`` : "document";
      const reason = missing ? `Missing required field ${name} (in this file or the one it extends)` : `${name}: ${issue.message}`;
      // A merged stylesheet path or font index points nowhere in one file: the key's place is enough.
      report(own.file, "error", reason, "template-invalid", valueAt(own.file, where.slice(0, 2)));
    }
    throw new TemplateError(`${own.file.path} is invalid`, files);
  }
  return { config: result.data, dirs: chain.map((l) => l.dir) };
}

/** The template a folder extends: beside it, else among the project's own (a template kept elsewhere may extend base). */
function baseFolder(dir: string, base: string): string {
  const beside = path.join(path.dirname(dir), base);
  const project = path.join(templatesDir, base);
  return fs.existsSync(path.join(beside, "template.yaml")) || !fs.existsSync(path.join(project, "template.yaml")) ? beside : project;
}

function valueOf(value: unknown, keys: readonly PropertyKey[]): unknown {
  return keys.reduce<unknown>((v, key) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/** The offset of the deepest node on `keys` in the file's YAML, or of its first key. */
function valueAt(file: VFile, keys: readonly string[]): number {
  const doc = YAML.parseDocument(String(file.value ?? ""));
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as YamlNode | undefined;
    if (node && typeof node === "object" && node.range) return node.range[0];
  }
  return isMap(doc.contents) ? (doc.contents.range?.[0] ?? 0) : 0;
}

/** Every link in the template folder (and the folder itself) must stay in the project. */
function reportOutsideLinks(dir: string, projectDir: string, file: VFile): void {
  const text = String(file.value ?? "");
  const check = (target: string, what: string) => {
    const real = realPath(target);
    if (real === null || leadsInside(real, [projectDir])) return;
    // Placed where template.yaml lists the file or a file in it (a stylesheet), if it does.
    const relative = path.relative(dir, target).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const listed = new RegExp(`^([ \\t]*-[ \\t]+)["']?${relative}(?:[/"' \\t]|$)`, "m").exec(text);
    const at = target !== dir && listed ? listed.index + listed[1]!.length : { line: 1, column: 1 };
    report(file, "error", `${what} leads through a link to ${real}, outside the project`, "link-outside", at);
  };
  check(dir, "The template folder");
  if (realPath(dir) === null) return;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isSymbolicLink()) continue;
    const target = path.join(entry.parentPath, entry.name);
    check(target, `\`${path.relative(dir, target)}\``);
  }
}
