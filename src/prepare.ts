/**
 * Everything before the browser: manuscripts loaded and validated,
 * Markdown rendered, images checked. `npm run check` stops here; a build
 * goes on only if nothing here is an error.
 */
import type { VFile } from "vfile";
import { errorCount } from "./diagnostics.js";
import { ImageCollector } from "./images/index.js";
import { loadIssue } from "./manuscripts/load.js";
import { valueOffset } from "./manuscripts/yaml.js";
import { allManuscripts, type Issue } from "./manuscripts/types.js";
import { renderBody, renderInline, type RenderedBody } from "./markdown/index.js";
import { assetsDir } from "./paths.js";
import { loadTemplate, templateExists } from "./templates/index.js";
import { report } from "./diagnostics.js";
import { reportUncoveredCharacters } from "./templates/glyphs.js";

export interface PreparedIssue {
  issue: Issue;
  /** Rendered body of each manuscript, by id. */
  bodies: Map<string, RenderedBody>;
  /** Rendered abstract of each article that has one, by id. */
  abstracts: Map<string, string>;
}

export interface PrepareResult {
  prepared: PreparedIssue | null;
  files: VFile[];
}

export interface PrepareOptions {
  log: (line: string) => void;
  /** Where rasterised SVG figures go; omit for a check with no layout. */
  rasterDir?: string;
  /** Folder holding the templates; the project's templates/ by default. */
  templatesDir?: string;
}

export async function prepareIssue(issueDir: string, options: PrepareOptions): Promise<PrepareResult> {
  const { log } = options;
  const { issue, files } = await loadIssue(issueDir);
  if (!issue) return { prepared: null, files };
  log(`manuscripts: ${issue.slug}: ${allManuscripts(issue).length} manuscripts in ${issue.sections.length} sections`);
  if (templateExists(issue.template, options.templatesDir)) {
    reportUncoveredCharacters(files, loadTemplate(issue.template, options.templatesDir).config);
  } else {
    const at = valueOffset(String(issue.file.value), "template") ?? 0;
    report(issue.file, "error", `No template \`${issue.template}\` under templates/`, "unknown-template", at);
  }

  const images = new ImageCollector({ issueDir: issue.dir, assetsDir }, options.rasterDir ?? null);
  const bodies = new Map<string, RenderedBody>();
  const abstracts = new Map<string, string>();
  for (const manuscript of allManuscripts(issue)) {
    const body = renderBody(manuscript, { lang: issue.meta.lang, resolveImage: images.resolve });
    bodies.set(manuscript.id, body);
    if (manuscript.kind === "article" && manuscript.abstract) {
      abstracts.set(manuscript.id, renderInline(manuscript.abstract, issue.meta.lang));
    }
  }
  log(`markdown: ${bodies.size} manuscripts rendered`);
  await images.validate();
  log(`images: ${images.accepted.length} checked`);
  return { prepared: errorCount(files) === 0 ? { issue, bodies, abstracts } : null, files };
}
