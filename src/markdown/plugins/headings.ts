/**
 * remark plugin: a manuscript's title is its level-1 heading, set by the
 * template, so body headings start at ## and go down one level at a time.
 * Each body heading is marked `data-outline` with its level: the layout
 * reports where the marked ones fall, and they become the PDF's bookmarks
 * (a template's own headings, like "Abstract", are not marked).
 */
import type { Root } from "mdast";
import { visit } from "unist-util-visit";
import type { VFile } from "vfile";
import { report } from "../../diagnostics.js";

export function remarkHeadings() {
  return (tree: Root, file: VFile) => {
    let previous = 1;
    visit(tree, "heading", (node) => {
      const marks = "#".repeat(node.depth);
      if (node.depth === 1) {
        report(file, "error", "A level-1 heading (#) is the title's; start body headings at ##", "heading-level-1", node.position?.start);
      } else if (node.depth > previous + 1) {
        report(
          file,
          "warning",
          `Heading level skipped: ${marks} follows ${"#".repeat(previous)}; use ${"#".repeat(previous + 1)}`,
          "heading-skip",
          node.position?.start,
        );
      }
      previous = node.depth;
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, dataOutline: String(node.depth) } };
    });
  };
}
