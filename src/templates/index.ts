/**
 * The templates stage: a template folder (templates/<name>/) and the
 * templates it extends, checked and compiled once, then typed contexts in,
 * complete HTML documents out. Templates are logic-free Handlebars;
 * partials live in partials/, helpers in helpers.ts.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { newFile, report } from "../diagnostics.js";
import { isInside, templatesDir } from "../paths.js";
import { checkTemplateFile, type HbsSource } from "./check.js";
import { LAYERS, mmToPt, type TemplateConfig } from "./config.js";
import type { ArticleContext, FrontContext, LayoutContext, PageContext } from "./context.js";
import { DOCUMENT_FILES } from "./contract.js";
import { fontFaceCss } from "./fonts.js";
import { createHandlebars } from "./helpers.js";
import { loadTemplateChain, TemplateError } from "./load-config.js";
import { pageCss, reportPageSizes } from "./page.js";

export * from "./context.js";

export interface DocumentMeta {
  lang: string;
  title: string;
  /** Stylesheets the build writes (the page geometry), added after the template's. */
  stylesheets?: string[];
}

export interface Template {
  name: string;
  dir: string;
  config: TemplateConfig;
  /** Trim size in PDF points. */
  trim: { width: number; height: number };
  /** Where heads and folios sit, in points from the top and bottom edges. */
  zones: { head: number; foot: number };
  /** Hash of every file in the template folder: part of each layout's cache key. */
  fingerprint: string;
  front(meta: DocumentMeta, context: FrontContext): string;
  article(meta: DocumentMeta, context: ArticleContext): string;
  back(meta: DocumentMeta, context: PageContext): string;
}

export { TemplateError };

export function templateExists(name: string, root = templatesDir): boolean {
  return fs.existsSync(path.join(root, name, "template.yaml"));
}

export function loadTemplate(name: string, root = templatesDir): Template {
  const dir = path.join(root, name);
  const configPath = path.join(dir, "template.yaml");
  if (!fs.existsSync(configPath)) throw new TemplateError(`No template "${name}" (looked for ${configPath})`);
  const { config, dirs } = loadTemplateChain(dir);
  const hbs = createHandlebars();
  // The template's own file of a name wins over its base's.
  const own = (file: string) => dirs.map((d) => path.join(d, file)).reverse().find((f) => fs.existsSync(f));
  const parse = (file: string): HbsSource => {
    const text = fs.readFileSync(file, "utf8");
    const vfile = newFile(file, text);
    try {
      return { file: vfile, ast: hbs.parse(text) };
    } catch (error) {
      const line = /line (\d+)/.exec((error as Error).message);
      report(vfile, "error", `Handlebars cannot read this file: ${(error as Error).message.split("\n")[0]}`, "template-invalid", { line: line ? Number(line[1]) : 1, column: 1 });
      throw new TemplateError(`${file} cannot be read`, [vfile]);
    }
  };
  const partials = new Map<string, HbsSource>();
  for (const from of dirs) {
    const partialsDir = path.join(from, "partials");
    if (!fs.existsSync(partialsDir)) continue;
    for (const entry of fs.readdirSync(partialsDir)) {
      if (entry.endsWith(".hbs")) partials.set(path.basename(entry, ".hbs"), parse(path.join(partialsDir, entry)));
    }
  }
  for (const [partialName, source] of partials) hbs.registerPartial(partialName, String(source.file.value));

  const stylesheets = LAYERS.flatMap((layer) => config.stylesheets[layer]).map((file) => {
    const sheet = path.basename(file);
    if (!dirs.some((d) => isInside(d, file))) throw new TemplateError(`Stylesheet ${sheet} is outside the template`);
    if (!fs.existsSync(file)) throw new TemplateError(`Template "${name}" has no ${path.relative(root, file)}`);
    return file;
  });
  const documents = Object.fromEntries(
    Object.entries(DOCUMENT_FILES).map(([file, context]) => {
      const found = own(file);
      if (!found) throw new TemplateError(`Template "${name}" has no ${file}, nor does its base`);
      const source = parse(found);
      checkTemplateFile(source, context, partials);
      return [file, source];
    }),
  ) as Record<keyof typeof DOCUMENT_FILES, HbsSource>;
  const placed = [...reportPageSizes(stylesheets), ...Object.values(documents).map((d) => d.file), ...[...partials.values()].map((p) => p.file)];
  const failed = placed.filter((f) => f.messages.length > 0);
  if (failed.length > 0) throw new TemplateError(`Template "${name}" has errors`, failed);

  const compile = <T>(file: keyof typeof DOCUMENT_FILES) => hbs.compile<T>(String(documents[file].file.value), { strict: true, noEscape: false });
  const layout = compile<LayoutContext>("layout.hbs");
  const front = compile<FrontContext>("front.hbs");
  const article = compile<ArticleContext>("article.hbs");
  const back = compile<PageContext>("back.hbs");
  const fontFaces = fontFaceCss(config.fonts);
  const geometry = pageCss(config);
  const urls = stylesheets.map((file) => pathToFileURL(file).href);
  const document = (kind: LayoutContext["kind"], meta: DocumentMeta, content: string) =>
    layout({ lang: meta.lang, title: meta.title, kind, fontFaces, pageCss: geometry, stylesheets: [...urls, ...(meta.stylesheets ?? [])], content });

  return {
    name,
    dir,
    config,
    trim: { width: mmToPt(config.trim.width), height: mmToPt(config.trim.height) },
    zones: { head: mmToPt(config.zones.head), foot: mmToPt(config.zones.foot) },
    fingerprint: chainFingerprint(dirs),
    front: (meta, context) => document("front", meta, front(context)),
    article: (meta, context) => document("article", meta, article(context)),
    back: (meta, context) => document("back", meta, back(context)),
  };
}

function chainFingerprint(dirs: readonly string[]): string {
  return createHash("sha256")
    .update(dirs.map((d) => `${path.basename(d)}:${folderFingerprint(d)}`).join("\n"))
    .digest("hex");
}

function folderFingerprint(dir: string): string {
  const hash = createHash("sha256");
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }).sort((a, b) =>
    path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)),
  )) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hash.update(path.relative(dir, file)).update("\0").update(fs.readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}
