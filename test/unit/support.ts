/**
 * Shared helpers for the unit tests: rendering a Markdown string the way
 * prepareIssue does, with a stub image resolver, and temp folders.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { VFile } from "vfile";
import { renderBody, type ResolveImage } from "../../src/markdown/index.js";
import type { RenderedBody } from "../../src/model/documents.js";
import type { Manuscript } from "../../src/model/issue.js";

/** Accepts every image and points it at a fake folder, so outputs are stable. */
export const resolveImage: ResolveImage = (_file, ref) => "file:///img/" + ref.url;

export interface Rendered extends RenderedBody {
  file: VFile;
}

/** Renders `value` as the body of a manuscript at `filePath`. */
export function render(value: string, filePath = "/issue/article.md"): Rendered {
  const file = new VFile({ path: filePath, value });
  const body = renderBody({ file } as Manuscript, { lang: "en", resolveImage });
  return { ...body, file };
}

/** The file's messages as plain objects, for exact comparisons. */
export function messagesOf(file: VFile) {
  return file.messages.map((m) => ({
    line: m.line,
    column: m.column,
    severity: m.fatal === true ? "error" : "warning",
    rule: m.ruleId,
    reason: m.reason,
  }));
}

/** Removes the soft hyphens the renderer inserts, to compare text. */
export function unhyphenate(html: string): string {
  return html.replace(/\u00ad/g, "");
}

/** A fresh folder under the OS temp dir, holding `files` (paths relative to it). */
export function tempDir(files: Record<string, string> = {}, prefix = "galley-unit-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  return dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
