/**
 * Everything before the browser: manuscripts loaded and validated,
 * Markdown rendered, images checked. `npm run check` stops here; a build
 * goes on only if nothing here is an error.
 */
import type { VFile } from "vfile";
import { errorCount, report } from "./diagnostics.js";
import { ImageCollector } from "./images/index.js";
import { loadIssue } from "./manuscripts/load.js";
import { valueOffset } from "./manuscripts/yaml.js";
import type { PreparedIssue, RenderedBody } from "./model/documents.js";
import { allManuscripts, type PrintSettings } from "./model/issue.js";
import { renderBody, renderInline } from "./markdown/index.js";
import { assetsDir } from "./paths.js";
import { loadTemplate, templateExists, TemplateError, type Template } from "./templates/index.js";
import { reportUncoveredCharacters } from "./templates/glyphs.js";
import { labelsFor } from "./templates/config.js";
import { fontFamilyFiles } from "./templates/fonts.js";

/** The prepared issue and its template, loaded once for the check and the build; null on any error. */
export type PrepareResult = { prepared: PreparedIssue; template: Template; files: VFile[] } | { prepared: null; template: null; files: VFile[] };

export interface PrepareOptions {
  log: (line: string) => void;
  /** Where the copies of images made for print go (see images/); omit for a check with no layout. */
  imagesDir?: string;
  /** Folder holding the templates; the project's templates/ by default. */
  templatesDir?: string;
  /** A template to use instead of the one issue.yaml names. */
  template?: string | null;
  /**
   * Bodies rendered by earlier runs, by file and content: a build session
   * passes the same map each time, so only changed manuscripts are rendered
   * again. Only bodies with no messages and no images are kept, since
   * those are replayed onto the file by rendering.
   */
  memo?: Map<string, RenderedBody>;
}

export async function prepareIssue(issueDir: string, options: PrepareOptions): Promise<PrepareResult> {
  const { log } = options;
  const { issue, files } = await loadIssue(issueDir);
  if (!issue) return { prepared: null, template: null, files };
  log(`manuscripts: ${issue.slug}: ${allManuscripts(issue).length} manuscripts in ${issue.sections.length} sections`);
  let template: Template | null = null;
  const name = options.template ?? issue.template;
  // A template chosen on the command line is reported where issue.yaml names one, if it does.
  const from = options.template ? " (chosen with --template)" : "";
  if (templateExists(name, options.templatesDir)) {
    try {
      template = loadTemplate(name, options.templatesDir);
      reportUncoveredCharacters(files, template.config);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      // Problems placed in template.yaml are reported there; others on issue.yaml.
      files.push(...error.files.filter((f) => f.messages.length > 0));
      const at = valueOffset(String(issue.file.value), "template") ?? 0;
      if (error.files.length === 0) report(issue.file, "error", `Template \`${name}\`${from} is broken: ${error.message}`, "template-invalid", at);
    }
  } else {
    const at = valueOffset(String(issue.file.value), "template") ?? 0;
    report(issue.file, "error", `No template \`${name}\`${from} under templates/`, "unknown-template", at);
  }

  const placing =
    options.imagesDir && template
      ? { dir: options.imagesDir, fonts: fontFamilyFiles(template.config.fonts), box: figureBox(template), fullBleedBox: sheetBox(issue.print, template) }
      : null;
  const images = new ImageCollector({ issueDir: issue.dir, assetsDir }, placing);
  const bodies = new Map<string, RenderedBody>();
  const abstracts = new Map<string, string>();
  let rendered = 0;
  for (const manuscript of allManuscripts(issue)) {
    const memoKey = `${manuscript.file.path}\0${manuscript.lang}\0${String(manuscript.file.value)}`;
    let body = options.memo?.get(memoKey);
    if (!body) {
      const before = images.accepted.length;
      body = renderBody(manuscript, { lang: manuscript.lang, resolveImage: images.resolve });
      rendered++;
      if (manuscript.file.messages.length === 0 && images.accepted.length === before) options.memo?.set(memoKey, body);
    }
    bodies.set(manuscript.id, body);
    if (manuscript.kind === "article" && manuscript.abstract) {
      abstracts.set(manuscript.id, renderInline(manuscript.abstract, manuscript.lang));
    }
  }
  log(`markdown: ${rendered} of ${bodies.size} manuscripts rendered`);
  await images.validate();
  log(`images: ${images.accepted.length} checked`);
  // With no template there is an error on issue.yaml, so nothing goes on.
  if (errorCount(files) > 0 || !template) return { prepared: null, template: null, files };
  const labels = { ...labelsFor(template.config, issue.meta.lang), ...issue.meta.labelOverrides };
  return { prepared: { issue, bodies, abstracts, labels }, template, files };
}

/** A full-bleed figure's largest size, in mm: the sheet, the trim with the bleed on every side. */
function sheetBox(print: PrintSettings, template: Template): { width: number; height: number } {
  const trim = print.trim ?? { width: Number.parseFloat(template.config.trim.width), height: Number.parseFloat(template.config.trim.height) };
  return { width: trim.width + 2 * print.bleed, height: trim.height + 2 * print.bleed };
}

/** The largest a figure is printed, in mm: template.yaml's `figures`, else the trim. */
function figureBox(template: Template): { width: number; height: number } {
  const box = template.config.figures ?? template.config.trim;
  return { width: Number.parseFloat(box.width), height: Number.parseFloat(box.height) };
}
