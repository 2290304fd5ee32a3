/**
 * The page's size and margins come from template.yaml alone: the @page
 * rule is made from `trim` and `margins`, and a stylesheet that sets a
 * page size of its own is refused at its line, so the trim the build
 * sets on the PDF and the one Paged.js lays out can never differ.
 */
import fs from "node:fs";
import type { VFile } from "vfile";
import { newFile, report } from "../diagnostics.js";
import type { TemplateConfig } from "./config.js";

/**
 * The @page rules for the trim and margins (rectos bind on the left,
 * versos on the right), and the trim as custom properties, for what must
 * fill a page (a cover) without giving its size again.
 */
export function pageCss(config: Pick<TemplateConfig, "trim" | "margins">): string {
  const { trim, margins: m } = config;
  return [
    "/* From template.yaml: trim and margins. */",
    `@page { size: ${trim.width} ${trim.height}; margin: ${m.top} ${m.outer} ${m.bottom} ${m.inner}; }`,
    `@page :left { margin-left: ${m.outer}; margin-right: ${m.inner}; }`,
    `html { --trim-width: ${trim.width}; --trim-height: ${trim.height}; }`,
  ].join("\n");
}

/** A `size` declaration, wherever it stands (inside @page is the only place CSS has one). */
const SIZE = /(^|[\s;{])size\s*:/g;

/** Reports each stylesheet's own page size; returns the files that have messages. */
export function reportPageSizes(sheets: readonly string[]): VFile[] {
  const files: VFile[] = [];
  for (const sheet of sheets) {
    const text = fs.readFileSync(sheet, "utf8");
    const blanked = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, " "));
    const file = newFile(sheet, text);
    for (const match of blanked.matchAll(SIZE)) {
      const at = match.index + match[1]!.length;
      report(file, "error", "A page size in a stylesheet: the trim is set once, in template.yaml (`trim`), and the @page size made from it", "template-page-size", at);
    }
    if (file.messages.length > 0) files.push(file);
  }
  return files;
}
