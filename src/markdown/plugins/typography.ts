/**
 * rehype plugin for characters the text face lacks but that have a plain
 * equivalent. A non-breaking hyphen (U+2011) becomes an ordinary hyphen
 * inside a span that may not break, so the word still stays whole.
 */
import type { Element, ElementContent, Root, Text } from "hast";
import { SKIP, visit } from "unist-util-visit";

export const SUBSTITUTED = new Set([0x2011]);

export function rehypeTypography() {
  return (tree: Root) => {
    visit(tree, "text", (node: Text, index, parent) => {
      if (!parent || index === undefined || !node.value.includes("\u2011")) return;
      const parts: ElementContent[] = [];
      // Split into words; a word holding U+2011 is kept on one line.
      for (const piece of node.value.split(/(\S*\u2011\S*)/)) {
        if (piece === "") continue;
        if (piece.includes("\u2011")) {
          const word: Element = {
            type: "element",
            tagName: "span",
            properties: { className: ["nobreak"] },
            children: [{ type: "text", value: piece.replace(/\u2011/g, "-") }],
          };
          parts.push(word);
        } else {
          parts.push({ type: "text", value: piece });
        }
      }
      parent.children.splice(index, 1, ...parts);
      return [SKIP, index + parts.length];
    });
  };
}
