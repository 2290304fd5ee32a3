/**
 * Raw HTML in a manuscript. It is parsed (rehype-raw) and sanitised
 * (rehype-sanitize) so only harmless markup reaches the page. Before that,
 * anything that would run code or load from elsewhere is refused with an
 * error at its place: the author should know, not find it silently gone.
 */
import type { Element, Root } from "hast";
import rehypeRaw from "rehype-raw";
import { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import { visit } from "unist-util-visit";
import type { VFile } from "vfile";
import { report } from "../../diagnostics.js";
import { isRemoteUrl } from "../../paths.js";
import type { ResolveImage } from "./figures.js";

const REFUSED_TAGS = new Set(["script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "link", "meta", "style", "form"]);
/**
 * Tags that fold or hide text on screen. On paper nothing unfolds: the
 * sanitiser would drop the tags and run the summary into the hidden text.
 */
const UNSUPPORTED_TAGS = new Set(["details", "summary", "dialog"]);
const URL_ATTRIBUTES = ["src", "srcSet", "href", "poster", "data", "action", "formAction", "background", "xLinkHref", "cite"];
/** Links are printed, not followed; only these schemes may appear in href. */
const LINK_SCHEMES = /^\s*(?:https?:|mailto:)/i;

/**
 * rehype-raw, for a manuscript with raw HTML in it. It parses the whole
 * document again as HTML (60 ms of the 160-page bench issue's 0.9 s of
 * Markdown), and one with no raw HTML comes out of it as it went in.
 */
export function rehypeRawWhereWritten() {
  const parse = rehypeRaw();
  return (tree: Root, file: VFile): Root => {
    let written = false;
    visit(tree, "raw", () => {
      written = true;
      return false;
    });
    return written ? (parse(tree, file) as Root) : tree;
  };
}

export interface HtmlPolicyOptions {
  resolveImage: ResolveImage;
  /** Image URLs the images stage gave out, for Markdown images. */
  resolved: ReadonlySet<string>;
}

export function rehypeHtmlPolicy(options: HtmlPolicyOptions) {
  return (tree: Root, file: VFile) => {
    visit(tree, "element", (node: Element, _index, parent) => {
      const place = node.position?.start;
      // A <summary> inside <details> is part of the one mistake, reported once.
      const inDetails = node.tagName === "summary" && parent?.type === "element" && parent.tagName === "details";
      if (UNSUPPORTED_TAGS.has(node.tagName) && !inDetails) {
        report(file, "error", `<${node.tagName}> cannot be printed: its folded text would run into the text around it; write it as ordinary paragraphs`, "html-unsupported", place);
      }
      // An <img> written as HTML goes through the images stage like a
      // Markdown image: the same places, formats and checks.
      if (node.tagName === "img" && typeof node.properties.src === "string" && !options.resolved.has(node.properties.src)) {
        const src = node.properties.src;
        if (!isRemoteUrl(src)) {
          const url = options.resolveImage(file, { url: src, place: place ?? { line: 1, column: 1 }, fullBleed: false });
          if (url === null) delete node.properties.src;
          else node.properties.src = url;
        }
      }
      if (REFUSED_TAGS.has(node.tagName)) {
        report(file, "error", `<${node.tagName}> is not allowed in a manuscript`, "html-refused", place);
        return;
      }
      for (const [name, value] of Object.entries(node.properties)) {
        if (/^on[a-z]/i.test(name)) {
          report(file, "error", `Event handler \`${name.toLowerCase()}\` on <${node.tagName}> is not allowed`, "html-event-handler", place);
        }
        if (!URL_ATTRIBUTES.includes(name) || value === null || value === undefined) continue;
        const url = String(value);
        if (name === "href" && node.tagName === "a" && (LINK_SCHEMES.test(url) || !isRemoteUrl(url))) continue;
        if (node.tagName === "img" && name === "src" && options.resolved.has(url)) continue;
        if (isRemoteUrl(url)) {
          report(file, "error", `<${node.tagName} ${name}="${url}"> refers to a remote or foreign URL; Galley loads nothing from outside the issue`, "html-remote-url", place);
        }
      }
    });
  };
}

/**
 * The sanitiser's allow-list: GitHub's default, plus what Galley's own
 * plugins emit (footnotes, pull quotes, figures, table captions) and file:
 * image sources from the images stage.
 */
export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  // <details> hides its content in print, and a hidden word is a lost one
  // (and is refused above).
  tagNames: [...(defaultSchema.tagNames ?? []).filter((t) => !UNSUPPORTED_TAGS.has(t)), "aside", "figure", "figcaption", "abbr", "small"],
  attributes: {
    ...defaultSchema.attributes,
    span: [...(defaultSchema.attributes?.span ?? []), ["className", "footnote", "fn-number", "fn-p", "fn-anchor", "nobreak"], "dataNote", "dataLine"],
    sup: [...(defaultSchema.attributes?.sup ?? []), ["className", "fn-call", "fn-call-comma"], "dataLine"],
    aside: [["className", "pullquote"], "dataLine"],
    figure: [["className", "figure", "full-bleed"]],
    abbr: ["title"],
    p: [...(defaultSchema.attributes?.p ?? []), ["className", "table-caption"]],
    // The body's headings, marked for the PDF outline (see headings.ts).
    ...Object.fromEntries(["h2", "h3", "h4", "h5", "h6"].map((h) => [h, [...(defaultSchema.attributes?.[h] ?? []), "dataOutline"]])),
  },
  protocols: { ...defaultSchema.protocols, src: ["file"], href: ["http", "https", "mailto"] },
  clobberPrefix: "",
};
