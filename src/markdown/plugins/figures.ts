/**
 * remark plugin: an image alone in its paragraph becomes a figure whose alt
 * text is the caption, full-bleed when its title says so. Every image path is resolved by the caller, which
 * knows where images may come from; a refused image is left out and reported.
 */
import type { Definition, Image, ImageReference as MdastImageReference, Paragraph, Root } from "mdast";
import { SKIP, visit } from "unist-util-visit";
import type { VFile } from "vfile";
import type { Place } from "../../diagnostics.js";

export interface ImageReference {
  /** The path as written in the manuscript. */
  url: string;
  place: Place;
  /** Whether it is printed across the whole sheet, into the bleed. */
  fullBleed: boolean;
}

/** Returns the URL to use in the page, or null when the image is refused. */
export type ResolveImage = (file: VFile, ref: ImageReference) => string | null;

/** The image title that marks a figure full-bleed, and the figure's class. */
export const FULL_BLEED = "full-bleed";

export function remarkFigures(options: { resolveImage: ResolveImage }) {
  return (tree: Root, file: VFile) => {
    // A reference-style image, ![caption][ref], is an image like any other.
    const definitions = new Map<string, Definition>();
    visit(tree, "definition", (node) => void definitions.set(node.identifier, node));
    visit(tree, "imageReference", (node: MdastImageReference, index, parent) => {
      const definition = definitions.get(node.identifier);
      if (!parent || index === undefined || !definition) return;
      const image: Image = { type: "image", url: definition.url, alt: node.alt, title: definition.title, position: node.position };
      parent.children.splice(index, 1, image);
    });
    visit(tree, "image", (node: Image, index, parent) => {
      if (!parent || index === undefined) return;
      const place = node.position?.start ?? { line: 1, column: 1 };
      const fullBleed = node.title?.trim().toLowerCase() === FULL_BLEED;
      const src = options.resolveImage(file, { url: node.url, place, fullBleed });
      if (src === null) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      node.url = src;
      return SKIP;
    });
    visit(tree, "paragraph", (node: Paragraph) => {
      const only = node.children.length === 1 ? node.children[0] : undefined;
      if (only?.type !== "image") return;
      const caption = only.alt ?? "";
      // `![caption](file "full-bleed")`: the figure spans the sheet from edge
      // to edge, into the bleed (templates/geometry.ts); the title is not printed.
      const fullBleed = only.title?.trim().toLowerCase() === FULL_BLEED;
      node.data = { hName: "figure", hProperties: { className: fullBleed ? ["figure", FULL_BLEED] : ["figure"] } };
      node.children = [
        { ...only, alt: caption, title: fullBleed ? null : only.title },
        ...(caption
          ? [{ type: "text" as const, value: caption, data: { hName: "figcaption" } }]
          : []),
      ];
      return SKIP;
    });
  };
}
