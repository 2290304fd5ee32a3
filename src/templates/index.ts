/**
 * The templates stage: a template folder (templates/<name>/) compiled once,
 * then typed contexts in, complete HTML documents out. Templates are
 * logic-free Handlebars; partials live in partials/, helpers in helpers.ts.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { templatesDir } from "../paths.js";
import { loadTemplateConfig, mmToPt, TemplateError, type TemplateConfig } from "./config.js";
import type { ArticleContext, FrontContext, LayoutContext, PageContext } from "./context.js";
import { fontFaceCss } from "./fonts.js";
import { createHandlebars } from "./helpers.js";

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
  const config = loadTemplateConfig(dir);
  const hbs = createHandlebars();
  const partialsDir = path.join(dir, "partials");
  if (fs.existsSync(partialsDir)) {
    for (const entry of fs.readdirSync(partialsDir)) {
      if (entry.endsWith(".hbs")) {
        hbs.registerPartial(path.basename(entry, ".hbs"), fs.readFileSync(path.join(partialsDir, entry), "utf8"));
      }
    }
  }
  const compile = <T>(file: string) => {
    const source = path.join(dir, file);
    if (!fs.existsSync(source)) throw new TemplateError(`Template "${name}" has no ${file}`);
    return hbs.compile<T>(fs.readFileSync(source, "utf8"), { strict: true, noEscape: false });
  };
  const layout = compile<LayoutContext>("layout.hbs");
  const front = compile<FrontContext>("front.hbs");
  const article = compile<ArticleContext>("article.hbs");
  const back = compile<PageContext>("back.hbs");

  const stylesheets = config.stylesheets.map((sheet) => {
    const file = path.resolve(dir, sheet);
    if (path.relative(dir, file).startsWith("..")) throw new TemplateError(`Stylesheet ${sheet} is outside the template`);
    if (!fs.existsSync(file)) throw new TemplateError(`Template "${name}" has no ${sheet}`);
    return pathToFileURL(file).href;
  });
  const fontFaces = fontFaceCss(config.fonts);
  const document = (kind: LayoutContext["kind"], meta: DocumentMeta, content: string) =>
    layout({ lang: meta.lang, title: meta.title, kind, fontFaces, stylesheets: [...stylesheets, ...(meta.stylesheets ?? [])], content });

  return {
    name,
    dir,
    config,
    trim: { width: mmToPt(config.trim.width), height: mmToPt(config.trim.height) },
    zones: { head: mmToPt(config.zones.head), foot: mmToPt(config.zones.foot) },
    fingerprint: folderFingerprint(dir),
    front: (meta, context) => document("front", meta, front(context)),
    article: (meta, context) => document("article", meta, article(context)),
    back: (meta, context) => document("back", meta, back(context)),
  };
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
