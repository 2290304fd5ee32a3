/**
 * The markdown stage: a manuscript's Markdown to an HTML fragment, through
 * unified (mdast, then hast). Footnotes are renumbered and inlined, pull
 * quotes and figures made, running text hyphenated. Problems are messages
 * on the manuscript's file.
 */
import type { Root as MdastRoot } from "mdast";
import rehypeStringify from "rehype-stringify";
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { VFile } from "vfile";
import { report } from "../diagnostics.js";
import { maskFrontMatter } from "../manuscripts/front-matter.js";
import type { Manuscript } from "../manuscripts/types.js";
import { remarkDirectives } from "./plugins/directives.js";
import { remarkFigures, type ResolveImage } from "./plugins/figures.js";
import { remarkFootnotes, type Footnote } from "./plugins/footnotes.js";
import { rehypeHyphenate, type HyphenationLanguage } from "./plugins/hyphenate.js";
import { rehypeTypography } from "./plugins/typography.js";

export type { Footnote } from "./plugins/footnotes.js";
export type { ImageReference, ResolveImage } from "./plugins/figures.js";

export interface MarkdownOptions {
  lang: HyphenationLanguage;
  resolveImage: ResolveImage;
}

export interface RenderedBody {
  html: string;
  footnotes: Footnote[];
  pullquotes: string[];
}

/** Reports raw HTML, which is never passed through to the page. */
function remarkNoRawHtml() {
  return (tree: MdastRoot, file: VFile) => {
    visit(tree, "html", (node) => {
      if (/^<!--[\s\S]*-->$/.test(node.value.trim())) return;
      report(file, "warning", "Raw HTML is not printed; write it in Markdown", "raw-html", node.position?.start);
    });
  };
}

function bodyProcessor(options: MarkdownOptions) {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkDirective)
    .use(remarkDirectives)
    .use(remarkFootnotes)
    .use(remarkFigures, { resolveImage: options.resolveImage })
    .use(remarkNoRawHtml)
    .use(remarkRehype)
    .use(rehypeTypography)
    .use(rehypeHyphenate, { lang: options.lang })
    .use(rehypeStringify);
}

/** Renders a manuscript's body. Messages land on `manuscript.file`. */
export function renderBody(manuscript: Manuscript, options: MarkdownOptions): RenderedBody {
  const processor = bodyProcessor(options);
  const file = manuscript.file;
  // Front matter was read by the manuscripts stage; blank it, keeping positions.
  const tree = processor.runSync(processor.parse(maskFrontMatter(String(file.value))), file);
  const html = processor.stringify(tree, file);
  return { html, footnotes: file.data.footnotes ?? [], pullquotes: file.data.pullquotes ?? [] };
}

/** Renders a short inline Markdown string from front matter, like an abstract. */
export function renderInline(markdown: string, lang: HyphenationLanguage): string {
  const processor = unified()
    .use(remarkParse)
    .use(remarkRehype)
    .use(rehypeTypography)
    .use(rehypeHyphenate, { lang })
    .use(rehypeStringify);
  return String(processor.processSync(new VFile(markdown)));
}
