/**
 * rehype plugin: places where a long address may break, as `<wbr>`.
 * Addresses are never hyphenated (a reader would type the hyphen), and
 * Chromium finds no break inside one but after its own hyphens; so a URL
 * too long for what is left of a line goes down whole and leaves that line
 * loose, with its word spaces stretched to fill it.
 *
 * The breaks follow the usual rule for printed addresses: after `//`,
 * before a single slash, a dot, a hyphen, an underscore, `?`, `#`, `%`,
 * `~` or `@`, and on either side of `=` and `&`. A break never leaves
 * fewer than 3 characters on either line. `<wbr>` adds no character, so
 * search and copy still find the address whole. A hyphen in an address
 * never ends a line, where a reader would take it for a hyphenation: the
 * part holding it is set in a `.nobreak` span.
 */
import type { Element, ElementContent, Root, Text } from "hast";
import { SKIP, visitParents } from "unist-util-visit-parents";
import { ADDRESS } from "./hyphenate.js";

const KEPT_WHOLE = new Set(["code", "pre", "kbd"]);
const BEFORE = new Set(["/", ".", "-", "_", "?", "#", "%", "~", "@", "=", "&"]);
const AFTER = new Set(["=", "&"]);
/** The fewest characters a break leaves on either side of it. */
const MIN_PART = 3;

/** The offsets in `address` at which it may break. */
export function addressBreaks(address: string): number[] {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(address)?.[0].length ?? 0;
  const breaks: number[] = [];
  if (scheme > 0) breaks.push(scheme);
  for (let at = Math.max(scheme, 1); at < address.length; at++) {
    const here = address[at]!;
    const before = address[at - 1]!;
    // Not between the two slashes of `//`, nor right after them.
    if (here === "/" && (before === "/" || address[at + 1] === "/")) continue;
    if (BEFORE.has(here) || AFTER.has(before)) breaks.push(at);
  }
  return [...new Set(breaks)].filter((at) => at >= MIN_PART && address.length - at >= MIN_PART);
}

export function rehypeAddressBreaks() {
  return (tree: Root) => {
    visitParents(tree, "text", (node: Text, ancestors) => {
      const parent = ancestors.at(-1);
      if (!parent || !("children" in parent)) return;
      if (ancestors.some((a) => a.type === "element" && KEPT_WHOLE.has(a.tagName))) return;
      const parts = withBreaks(node.value);
      if (parts.length === 1) return;
      const index = parent.children.indexOf(node);
      (parent.children as ElementContent[]).splice(index, 1, ...parts);
      return [SKIP, index + parts.length];
    });
  };
}

const wbr = (): Element => ({ type: "element", tagName: "wbr", properties: {}, children: [] });

/** `text` as text and `<wbr>` elements, the breaks placed in each address. */
function withBreaks(text: string): ElementContent[] {
  const out: ElementContent[] = [];
  let pending = "";
  for (const token of text.split(/(\s+)/)) {
    if (!ADDRESS.test(token)) {
      pending += token;
      continue;
    }
    const cuts = [0, ...addressBreaks(token), token.length];
    for (let k = 1; k < cuts.length; k++) {
      const part = token.slice(cuts[k - 1], cuts[k]);
      if (k > 1) {
        if (pending !== "") out.push({ type: "text", value: pending });
        out.push(wbr());
        pending = "";
      }
      if (!/-./u.test(part)) {
        pending += part;
        continue;
      }
      if (pending !== "") out.push({ type: "text", value: pending });
      out.push(unbroken(part));
      pending = "";
    }
  }
  if (pending !== "") out.push({ type: "text", value: pending });
  return out;
}

const unbroken = (text: string): Element => ({
  type: "element",
  tagName: "span",
  properties: { className: ["nobreak"] },
  children: [{ type: "text", value: text }],
});
