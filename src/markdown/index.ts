/**
 * The markdown stage: a manuscript's Markdown to an HTML fragment, through
 * unified (mdast, then hast). Footnotes are renumbered and inlined, pull
 * quotes and figures made, running text hyphenated. Problems are messages
 * on the manuscript's file.
 */
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkDirective from "remark-directive";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { VFile } from "vfile";
import { splitFrontMatter } from "../manuscripts/front-matter.js";
import type { RenderedBody } from "../model/documents.js";
import type { Language, Manuscript } from "../model/issue.js";
import { rehypeAddressBreaks } from "./plugins/addresses.js";
import { remarkDirectives } from "./plugins/directives.js";
import { remarkFigures, type ResolveImage } from "./plugins/figures.js";
import { remarkFootnotes } from "./plugins/footnotes.js";
import { remarkHeadings } from "./plugins/headings.js";
import { rehypeHtmlPolicy, rehypeRawWhereWritten, sanitizeSchema } from "./plugins/html.js";
import { rehypeHyphenate } from "./plugins/hyphenate.js";
import { remarkApostrophes, remarkHideAddresses, remarkShowAddresses, remarkTypographicMarks } from "./plugins/quotes.js";
import { rehypeKeepSpaces } from "./plugins/spaces.js";
import { remarkTableCaptions } from "./plugins/tables.js";
import { rehypeTypography } from "./plugins/typography.js";

export type { ImageReference, ResolveImage } from "./plugins/figures.js";

export interface MarkdownOptions {
  lang: Language;
  resolveImage: ResolveImage;
}

function bodyProcessor(options: MarkdownOptions, frontMatterClose: "---" | "...") {
  // Every URL the images stage hands out, so raw HTML can be told from it.
  const resolved = new Set<string>();
  const resolveImage: ResolveImage = (file, ref) => {
    const url = options.resolveImage(file, ref);
    if (url !== null) resolved.add(url);
    return url;
  };
  return unified()
    .use(remarkParse)
    // The front matter, read by the manuscripts stage, becomes a `yaml`
    // node that nothing prints; the body keeps its true positions. Its
    // closing fence is the one the manuscripts stage found: offered both,
    // remark-frontmatter would take a later `---` rule for the close of a
    // block closed with `...`, and the text between would vanish.
    .use(remarkFrontmatter, [{ type: "yaml", fence: { open: "---", close: frontMatterClose } }])
    .use(remarkGfm)
    .use(remarkHideAddresses)
    .use(remarkTypographicMarks, { lang: options.lang })
    .use(remarkApostrophes, { lang: options.lang })
    .use(remarkShowAddresses)
    .use(remarkDirective)
    .use(remarkDirectives)
    .use(remarkFootnotes)
    .use(remarkFigures, { resolveImage })
    .use(remarkTableCaptions)
    .use(remarkHeadings)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRawWhereWritten)
    .use(rehypeHtmlPolicy, { resolveImage, resolved })
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeTypography)
    .use(rehypeHyphenate, { lang: options.lang })
    .use(rehypeAddressBreaks)
    .use(rehypeKeepSpaces)
    .use(rehypeStringify);
}

/** Renders a manuscript's body. Messages land on `manuscript.file`. */
export function renderBody(manuscript: Manuscript, options: MarkdownOptions): RenderedBody {
  const file = manuscript.file;
  const text = String(file.value);
  const split = splitFrontMatter(text);
  const processor = bodyProcessor(options, split && text.slice(0, split.end).trimEnd().endsWith("...") ? "..." : "---");
  const tree = processor.runSync(processor.parse(file), file);
  const html = processor.stringify(tree, file);
  return { html, footnotes: file.data.footnotes ?? [], pullquotes: file.data.pullquotes ?? [] };
}

/** Renders a short inline Markdown string from front matter, like an abstract. */
export function renderInline(markdown: string, lang: Language): string {
  const processor = unified()
    .use(remarkParse)
    .use(remarkHideAddresses)
    .use(remarkTypographicMarks, { lang })
    .use(remarkApostrophes, { lang })
    .use(remarkShowAddresses)
    .use(remarkRehype)
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeTypography)
    .use(rehypeHyphenate, { lang })
    .use(rehypeAddressBreaks)
    .use(rehypeKeepSpaces)
    .use(rehypeStringify);
  return String(processor.processSync(new VFile(markdown)));
}
