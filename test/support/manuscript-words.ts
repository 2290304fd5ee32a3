/**
 * The words a manuscript must print, read straight from its Markdown (not
 * through Galley's renderer): title, abstract and body, footnotes that are
 * called, captions, table cells. Addresses are kept apart, since they break
 * across lines anywhere. Markup (emphasis marks, link targets, list
 * markers, comments) prints nothing and is left out.
 */
import fs from "node:fs";
import path from "node:path";
import type { Nodes, Root } from "mdast";
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import YAML from "yaml";

export interface ManuscriptWords {
  file: string;
  title: string;
  /** Text as printed, before splitting into words. */
  text: string;
  urls: string[];
}

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkDirective);

function splitFrontMatter(source: string): { front: Record<string, unknown>; body: string; bodyLine: number } {
  const text = source.replace(/^\uFEFF/, "");
  const match = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return { front: {}, body: text, bodyLine: 1 };
  const bodyLine = match[0].split("\n").length - (match[0].endsWith("\n") ? 0 : 1);
  return { front: (YAML.parse(match[1]!) ?? {}) as Record<string, unknown>, body: text.slice(match[0].length), bodyLine };
}

function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<details[\s\S]*?<\/details>/gi, " ")
    .replace(/<[^>]*>/g, "");
}

const looksLikeUrl = (text: string) => /^(https?:\/\/|www\.|mailto:)|@/.test(text);

/**
 * Appends the printed text of `tree` to `out`, URLs to `urls`, less the
 * pull quotes starting at the lines in `leftOut` (counted from 1 in `tree`).
 */
function collect(tree: Root, out: string[], urls: string[], leftOut: ReadonlySet<number> = new Set()): void {
  const called = new Set<string>();
  const visit = (node: Nodes) => {
    if (node.type === "footnoteReference") called.add(node.identifier);
    if ("children" in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(tree);

  const walk = (node: Nodes) => {
    switch (node.type) {
      case "text":
      case "inlineCode":
      case "code":
        out.push(node.value);
        return;
      case "break":
        out.push("\n");
        return;
      case "html":
        out.push(htmlText(node.value));
        return;
      case "image":
        out.push(` ${node.alt ?? ""} `);
        return;
      case "definition":
      case "footnoteReference":
      case "yaml":
        return;
      case "footnoteDefinition":
        if (!called.has(node.identifier)) return;
        break;
      case "link": {
        const text = node.children.map((c) => ("value" in c ? c.value : "")).join("");
        if (looksLikeUrl(text)) {
          urls.push(text);
          out.push(" ");
          return;
        }
        break;
      }
      case "containerDirective":
        if (node.name === "pullquote" && leftOut.has(node.position?.start.line ?? 0)) return;
        break;
      case "textDirective":
        // "Note:this" is text to Galley; the parser saw a directive in it.
        out.push(`:${node.name}`);
        break;
    }
    if ("children" in node) {
      for (const child of node.children as Nodes[]) walk(child);
      // Blocks end a word even where the Markdown has no space.
      out.push(" ");
    }
  };
  walk(tree);
}

/** `leftOutQuotes`: the manuscript lines of pull quotes the layout left out (the report names them). */
export function manuscriptWords(file: string, leftOutQuotes: ReadonlySet<number> = new Set()): ManuscriptWords {
  const { front, body, bodyLine } = splitFrontMatter(fs.readFileSync(file, "utf8"));
  const out: string[] = [];
  const urls: string[] = [];
  const title = typeof front.title === "string" ? front.title : "";
  out.push(title, " ");
  if (typeof front.abstract === "string") collect(parser.parse(front.abstract), out, urls);
  collect(parser.parse(body), out, urls, new Set([...leftOutQuotes].map((line) => line - bodyLine + 1)));
  return { file, title, text: out.join(""), urls };
}

/** Galley's id for a manuscript file: its name in lower case, other characters as `-`. */
export function manuscriptId(file: string): string {
  return path.basename(file, path.extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

/** The issue's files in print order, as front, then articles and back pages with their ids. */
export function issueFiles(issueDir: string): { front: string[]; parts: { id: string; file: string }[] } {
  const issue = YAML.parse(fs.readFileSync(path.join(issueDir, "issue.yaml"), "utf8")) as {
    front?: string[];
    sections: { articles: string[] }[];
    back?: string[];
  };
  const seen = new Map<string, number>();
  const parts = [...issue.sections.flatMap((s) => s.articles), ...(issue.back ?? [])].map((name) => {
    const base = manuscriptId(name);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { id: n > 1 ? `${base}-${n}` : base, file: path.join(issueDir, name) };
  });
  return { front: (issue.front ?? []).map((name) => path.join(issueDir, name)), parts };
}
