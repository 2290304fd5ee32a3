/**
 * rehype plugin: no text node is white space alone. Paged.js skips such
 * nodes when it lays out a page, so the space in `<em>a</em> <span>b</span>`
 * is lost and the words print run together
 * (https://github.com/pagedjs/pagedjs/issues/285). The space moves into the
 * end of the element before it, or the start of the one after, where it
 * sets the same.
 */
import type { Element, ElementContent, Root, Text } from "hast";
import { visit } from "unist-util-visit";

/** Elements set in the line: a space between two of them is a word space. */
const INLINE = new Set(["a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var"]);
const isInline = (node: ElementContent | undefined) => node?.type === "element" && INLINE.has(node.tagName);

export function rehypeKeepSpaces() {
  return (tree: Root) => {
    visit(tree, "element", (parent: Element) => {
      const children = parent.children;
      for (let i = 0; i < children.length; i++) {
        const node = children[i]!;
        if (node.type !== "text" || node.value === "" || /[^\t\n\r ]/.test(node.value)) continue;
        if (!isInline(children[i - 1]) || !isInline(children[i + 1])) continue;
        // The end of the element before, where it keeps its break
        // opportunity (the one after may be set unbroken, like a call's).
        const before = lastText(children[i - 1]);
        const after = before ? undefined : firstText(children[i + 1]);
        if (before) before.value += " ";
        else if (after) after.value = " " + after.value;
        else continue;
        children.splice(i--, 1);
      }
    });
  };
}

/** The first text inside an element, if its content starts with text. */
function firstText(node: ElementContent | undefined): Text | undefined {
  for (let at = node; at; at = at.type === "element" ? at.children[0] : undefined) {
    if (at.type === "text") return at;
  }
  return undefined;
}

function lastText(node: ElementContent | undefined): Text | undefined {
  for (let at = node; at; at = at.type === "element" ? at.children.at(-1) : undefined) {
    if (at.type === "text") return at;
  }
  return undefined;
}
