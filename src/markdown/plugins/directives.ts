/**
 * remark plugin for directives. `:::pullquote` becomes an aside set in the
 * column. Any other directive is almost always an accident of remark-directive
 * reading a colon in prose ("ratio 3:1", "Note:this"), so text and leaf
 * directives are put back as the text the author wrote.
 */
import type { Root } from "mdast";
import type { ContainerDirective, LeafDirective, TextDirective } from "mdast-util-directive";
import { toString } from "mdast-util-to-string";
import { SKIP, visit } from "unist-util-visit";
import type { VFile } from "vfile";
import { report } from "../../diagnostics.js";
import { letters } from "../../text.js";

declare module "vfile" {
  interface DataMap {
    pullquotes: string[];
  }
}

type Directive = ContainerDirective | LeafDirective | TextDirective;

export function remarkDirectives() {
  return (tree: Root, file: VFile) => {
    const quotes: ContainerDirective[] = [];
    const source = String(file.value);
    visit(tree, (node, index, parent) => {
      if (node.type !== "containerDirective" && node.type !== "leafDirective" && node.type !== "textDirective") return;
      const directive = node as Directive;
      if (directive.type === "containerDirective" && !closesItself(directive, source)) {
        report(
          file,
          "error",
          `\`:::${directive.name}\` is never closed: add a line with \`:::\` after its text`,
          directive.name === "pullquote" ? "pullquote-not-closed" : "directive-not-closed",
          directive.position?.start,
        );
        return SKIP;
      }
      if (directive.type === "containerDirective" && directive.name === "pullquote") {
        // Its manuscript line names it if the layout has no room for it (see render/left-out.ts).
        directive.data = { hName: "aside", hProperties: { className: ["pullquote"], dataLine: directive.position?.start.line ?? 0 } };
        quotes.push(directive);
        return undefined; // go on inside: colons in its prose are text too
      }
      if (directive.type === "containerDirective") {
        report(
          file,
          "error",
          `Unknown block directive \`:::${directive.name}\` (the only one is :::pullquote)`,
          "unknown-directive",
          directive.position?.start,
        );
        return SKIP;
      }
      if (!parent || index === undefined) return;
      // Put the author's characters back, exactly as typed.
      const start = directive.position?.start.offset;
      const end = directive.position?.end.offset;
      const value = start !== undefined && end !== undefined ? source.slice(start, end) : `:${directive.name}`;
      const replacement = { type: "text" as const, value };
      if (directive.type === "leafDirective") {
        parent.children.splice(index, 1, { type: "paragraph", children: [replacement] } as never);
      } else {
        parent.children.splice(index, 1, replacement as never);
      }
      return [SKIP, index + 1];
    });
    // A pull quote repeats the text; editors may paraphrase, so a quote
    // not found in the article is only a warning.
    // The article's letters are read only for an article with quotes: folding every character costs.
    const whole = quotes.length > 0 ? letters(toString(tree)) : "";
    file.data.pullquotes = quotes.map((quote) => {
      const text = toString(quote).trim();
      if (text === "") {
        report(file, "error", "Pull quote is empty", "pullquote-empty", quote.position?.start);
      } else if (whole.split(letters(text)).length - 1 < 2) {
        report(file, "warning", "Pull quote text does not appear in the article", "pullquote-not-in-text", quote.position?.start);
      }
      return text;
    });
  };
}

/**
 * Whether the block's own `:::` closes it. When a block is left open and a
 * later one is closed, the parser reads the later one as nested inside the
 * first, and gives the closing line to the outer block: the inner one then
 * looks unclosed, though it is the outer one the author forgot to close.
 * Pull quotes never nest, so an open block inside means this one is open.
 */
function closesItself(directive: ContainerDirective, source: string): boolean {
  if (!isClosed(directive, source)) return false;
  let openInside = false;
  visit(directive, "containerDirective", (inner) => {
    if (inner !== directive && !isClosed(inner, source)) openInside = true;
  });
  return !openInside;
}

/** A container directive runs to its closing fence, or to the end of the file. */
function isClosed(directive: ContainerDirective, source: string): boolean {
  const end = directive.position?.end.offset;
  if (end === undefined) return true;
  const lastLine = source.slice(source.lastIndexOf("\n", end - 1) + 1, end);
  return /^\s*:{3,}\s*$/.test(lastLine);
}
