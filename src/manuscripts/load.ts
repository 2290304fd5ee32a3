/**
 * The manuscripts stage: an issue folder in, a resolved `Issue` out, with
 * every problem in issue.yaml and the front matter reported at its place.
 */
import fs from "node:fs/promises";
import path from "node:path";
import YAML, { isMap, isPair, isScalar, isSeq, type Node as YamlNode } from "yaml";
import type { VFile } from "vfile";
import { newFile, report } from "../diagnostics.js";
import { checkAbstract, checkRunningHead, headTitle } from "./checks.js";
import { hasUnclosedFrontMatter, splitFrontMatter } from "./front-matter.js";
import { leadsInside, realFolder, realPath } from "./links.js";
import { ArticleFrontMatterSchema, IssueSchema, PageFrontMatterSchema, type IssueYaml } from "./schema.js";
import { isInside } from "../paths.js";
import { allManuscripts, type Article, type Issue, type Language, type Page } from "../model/issue.js";
import { MANUSCRIPT_LIMIT, readSource, YAML_LIMIT } from "./source.js";
import { parseYaml } from "./yaml.js";

export interface LoadResult {
  /** Null when a problem makes the issue impossible to resolve. */
  issue: Issue | null;
  /** issue.yaml and every manuscript read, each with its messages. */
  files: VFile[];
}

export async function loadIssue(issueDir: string): Promise<LoadResult> {
  const dir = path.resolve(issueDir);
  const realDir = realFolder(dir);
  const issuePath = path.join(dir, "issue.yaml");
  const issueFile = newFile(issuePath);
  const files: VFile[] = [issueFile];

  const issueReal = realPath(issuePath);
  if (issueReal && !leadsInside(issueReal, [realDir])) {
    report(issueFile, "error", `issue.yaml is a link to ${issueReal}, outside the issue folder`, "link-outside", { line: 1, column: 1 });
    return { issue: null, files };
  }
  const source = readSource(issueFile, YAML_LIMIT);
  if (source.kind === "missing" || source.kind === "folder") {
    report(issueFile, "error", `No issue.yaml in ${dir}`, "missing-issue-file");
    return { issue: null, files };
  }
  if (source.kind === "refused") return { issue: null, files };
  const text = source.text;
  const config = parseYaml({ file: issueFile, text, offset: 0 }, IssueSchema);
  if (!config) return { issue: null, files };

  const yamlDoc = YAML.parseDocument(text);
  const listing = listingPlaces(yamlDoc);
  // Real paths, so that the same file listed through a link is still a duplicate.
  const seen = new Set<string>();
  const read = async (name: string, listIndex: number): Promise<VFile | null> => {
    const place = listing[listIndex] ?? 0;
    const filePath = path.resolve(dir, name);
    const real = realPath(filePath);
    if (seen.has(filePath) || (real && seen.has(real))) {
      report(issueFile, "error", `\`${name}\` is listed twice`, "duplicate-file", place);
      return null;
    }
    seen.add(filePath);
    if (real) seen.add(real);
    if (!isInside(dir, filePath)) {
      report(issueFile, "error", `\`${name}\` is outside the issue folder`, "file-outside-issue", place);
      return null;
    }
    if (real && !leadsInside(real, [realDir])) {
      report(issueFile, "error", `\`${name}\` leads through a link to ${real}, outside the issue folder`, "link-outside", place);
      return null;
    }
    const file = newFile(filePath);
    const result = readSource(file, MANUSCRIPT_LIMIT);
    if (result.kind === "missing" || result.kind === "folder") {
      const what = result.kind === "folder" ? "is a folder, not a file" : "is listed but does not exist";
      report(issueFile, "error", `\`${name}\` ${what}`, "missing-file", place);
      return null;
    }
    // A refused file carries its own message; it goes no further.
    files.push(file);
    return result.kind === "text" ? file : null;
  };

  let index = 0;
  const front: Page[] = [];
  for (const name of config.front) {
    const file = await read(name, index++);
    const page = file && readPage(file, "front", config.lang);
    if (page) front.push(page);
  }
  const sections: Issue["sections"] = [];
  for (const section of config.sections) {
    const articles: Article[] = [];
    for (const name of section.articles) {
      const file = await read(name, index++);
      const article = file && readArticle(file, section.title, config.lang);
      if (article) articles.push(article);
    }
    sections.push({ title: section.title, articles });
  }
  const back: Page[] = [];
  for (const name of config.back) {
    const file = await read(name, index++);
    const page = file && readPage(file, "back", config.lang);
    if (page) back.push(page);
  }

  await reportUnlisted(dir, seen, files);
  const issue = resolveIssue(dir, issueFile, config, front, sections, back);
  uniqueIds(issue);
  // After uniqueIds, which may rename an article's id.
  issue.coverFeatured = featuredIds(issueFile, yamlDoc, config, dir, sections);
  return { issue, files };
}

function resolveIssue(
  dir: string,
  file: VFile,
  config: IssueYaml,
  front: Page[],
  sections: Issue["sections"],
  back: Page[],
): Issue {
  return {
    dir,
    slug: path.basename(dir),
    file,
    template: config.template,
    meta: {
      journal: config.journal,
      tagline: config.tagline ?? null,
      volume: config.volume,
      number: config.number,
      season: config.season ?? null,
      year: config.year ?? null,
      date: config.date ?? null,
      theme: config.theme ?? null,
      lang: config.lang,
      labelOverrides: config.labels,
    },
    front,
    sections,
    back,
    coverFeatured: null,
    padTo: config.print["pad-to"],
    print: { trim: config.print.trim ?? null, bleed: config.print.bleed, marks: config.print.marks, pdfx: config.print.pdfx },
  };
}

/**
 * An article, its languages resolved: the article's own `lang` or the
 * issue's, and each author's own or the issue's (a name keeps its own
 * language whatever the article is written in).
 */
function readArticle(file: VFile, section: string, issueLang: Language): Article | null {
  const parsed = readFrontMatter(file, ArticleFrontMatterSchema);
  if (!parsed) return null;
  const { data } = parsed;
  checkRunningHead(file, data);
  if (data.abstract) checkAbstract(file);
  const lang = data.lang ?? issueLang;
  return {
    kind: "article",
    file,
    id: idOf(file),
    section,
    title: data.title,
    shortTitle: headTitle(data),
    lang,
    authors: data.authors.map((a) => ({ name: a.name, note: a.note ?? null, lang: a.lang ?? issueLang })),
    abstract: data.abstract ?? null,
    keywords: data.keywords,
    doi: data.doi ?? null,
  };
}

/** A front or back page, set in the issue's language. */
function readPage(file: VFile, kind: Page["kind"], lang: Language): Page | null {
  const parsed = readFrontMatter(file, PageFrontMatterSchema);
  if (!parsed) return null;
  const { data } = parsed;
  // Front pages have no running head.
  if (kind === "back") checkRunningHead(file, data);
  return { kind, file, id: idOf(file), title: data.title, shortTitle: headTitle(data), lang };
}

function readFrontMatter<S extends typeof ArticleFrontMatterSchema | typeof PageFrontMatterSchema>(
  file: VFile,
  schema: S,
) {
  const split = splitFrontMatter(String(file.value));
  if (!split) {
    const reason = hasUnclosedFrontMatter(String(file.value))
      ? "Front matter is not closed: add a `---` line after it"
      : "Missing YAML front matter (a `---` block with at least a title)";
    report(file, "error", reason, "missing-front-matter", {
      line: 1,
      column: 1,
    });
    return null;
  }
  const data = parseYaml({ file, text: split.yaml, offset: split.yamlOffset }, schema);
  return data ? { data: data as ReturnType<S["parse"]> } : null;
}

/** Offsets of every file name listed in issue.yaml, in reading order. */
/**
 * The articles `cover: featured:` names, as ids; each must be an article
 * of the issue. Null when the cover lists what fits.
 */
function featuredIds(file: VFile, doc: YAML.Document, config: IssueYaml, dir: string, sections: Issue["sections"]): string[] | null {
  if (!config.cover) return null;
  const byPath = new Map(sections.flatMap((s) => s.articles.map((a) => [a.file.path, a.id] as const)));
  const cover = doc.get("cover", true);
  const featured: unknown = isMap(cover) ? cover.get("featured", true) : null;
  const items = isSeq(featured) ? featured.items : [];
  const ids: string[] = [];
  config.cover.featured.forEach((name, i) => {
    const id = byPath.get(path.resolve(dir, name));
    if (id) ids.push(id);
    else report(file, "error", `\`${name}\` under \`cover: featured:\` is not an article of this issue`, "invalid-field", (items[i] as YamlNode | undefined)?.range?.[0] ?? 0);
  });
  return ids;
}

function listingPlaces(doc: YAML.Document): number[] {
  const places: number[] = [];
  const push = (node: unknown) => {
    if (isSeq(node)) for (const item of node.items) places.push((item as YamlNode).range?.[0] ?? 0);
  };
  const root = doc.contents;
  if (!isMap(root)) return places;
  const get = (key: string) => root.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key)?.value;
  push(get("front"));
  const sections = get("sections");
  if (isSeq(sections)) {
    for (const section of sections.items) {
      if (isMap(section)) {
        push(section.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === "articles")?.value);
      }
    }
  }
  push(get("back"));
  return places;
}

async function reportUnlisted(dir: string, listedPaths: Set<string>, files: VFile[]) {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.toLowerCase().endsWith(".md")) continue;
    const filePath = path.join(entry.parentPath, entry.name);
    if (listedPaths.has(filePath)) continue;
    const file = newFile(filePath);
    report(file, "warning", "This file is not listed in issue.yaml and will not be printed", "unlisted-file", {
      line: 1,
      column: 1,
    });
    files.push(file);
  }
}

/** Ids name output files and anchors; two files must never share one. */
function uniqueIds(issue: Issue): void {
  const taken = new Set<string>();
  for (const manuscript of allManuscripts(issue)) {
    let id = manuscript.id;
    for (let n = 2; taken.has(id); n++) id = `${manuscript.id}-${n}`;
    manuscript.id = id;
    taken.add(id);
  }
}

function idOf(file: VFile): string {
  return path.basename(file.path, path.extname(file.path)).toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

