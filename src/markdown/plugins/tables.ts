/**
 * remark plugin: a paragraph set wholly in emphasis just before a table is
 * that table's caption, as manuscripts write them (`*Table 1. …*`). It is
 * marked `p.table-caption`, so the template can set it as a caption, not
 * as a paragraph of the text, and keep it with its table.
 */
import type { Paragraph, Root } from "mdast";
import { visit } from "unist-util-visit";

export function remarkTableCaptions() {
  return (tree: Root) => {
    visit(tree, "paragraph", (node: Paragraph, index, parent) => {
      if (!parent || index === undefined || parent.children[index + 1]?.type !== "table") return;
      const content = node.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
      if (content.length !== 1 || content[0]!.type !== "emphasis") return;
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, className: ["table-caption"] } };
    });
  };
}
