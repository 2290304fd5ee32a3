/**
 * remark plugin: renumbers footnotes 1..n in the order of their first call
 * and moves each note's text to its call, where Paged.js floats it to the
 * foot of the page. The numbers are written into the HTML because Paged.js's
 * own footnote counters are wrong across documents (see docs/engine.md).
 */
import type { FootnoteDefinition, FootnoteReference, PhrasingContent, Root, RootContent } from "mdast";
import { toString } from "mdast-util-to-string";
import { SKIP, visit } from "unist-util-visit";
import type { VFile } from "vfile";
import { report } from "../../diagnostics.js";
import type { Footnote } from "../../model/documents.js";

/** Stored on `file.data.footnotes` for the later stages. */
declare module "vfile" {
  interface DataMap {
    footnotes: Footnote[];
  }
}

export function remarkFootnotes() {
  return (tree: Root, file: VFile) => {
    const definitions = new Map<string, FootnoteDefinition>();
    visit(tree, "footnoteDefinition", (node, index, parent) => {
      if (definitions.has(node.identifier)) {
        report(file, "error", `Footnote \`[^${node.label ?? node.identifier}]\` is defined twice`, "footnote-duplicate", node.position?.start);
      } else {
        definitions.set(node.identifier, node);
      }
      if (parent && index !== undefined) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      return undefined;
    });

    // A note that calls another note cannot be set: notes are floated to
    // the foot of the page and cannot float again. Notes called only from
    // where they may not be are not also reported as unused.
    const calledFromNotes = new Set<string>();
    for (const definition of definitions.values()) {
      visit(definition, "footnoteReference", (node, index, parent) => {
        report(
          file,
          "error",
          `Footnote \`[^${definition.label ?? definition.identifier}]\` calls another footnote, \`[^${node.label ?? node.identifier}]\`; write that text into the note`,
          "footnote-nested",
          node.position?.start,
        );
        calledFromNotes.add(node.identifier);
        if (parent && index !== undefined) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        return undefined;
      });
    }
    for (const definition of definitions.values()) reportUnsupportedBlocks(definition, file);
    // A pull quote repeats the text, so a call in it would be a second
    // first call: the note would be set in the quote and every later note
    // renumbered. The call belongs in the text the quote repeats.
    visit(tree, "containerDirective", (quote) => {
      if (quote.name !== "pullquote") return;
      visit(quote, "footnoteReference", (node, index, parent) => {
        const label = node.label ?? node.identifier;
        report(file, "error", `Footnote call \`[^${label}]\` in a pull quote: put the call in the article's text, not in the quote`, "footnote-in-pullquote", node.position?.start);
        calledFromNotes.add(node.identifier);
        if (parent && index !== undefined) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        return undefined;
      });
      return SKIP;
    });
    reportUnparsedCalls(tree, file);
    for (const definition of definitions.values()) reportUnparsedCalls(definition, file);

    const numbers = new Map<string, number>();
    const footnotes: Footnote[] = [];
    visit(tree, "footnoteReference", (node: FootnoteReference, index, parent) => {
      if (!parent || index === undefined) return;
      const definition = definitions.get(node.identifier);
      const label = node.label ?? node.identifier;
      if (!definition) {
        report(file, "error", `Footnote \`[^${label}]\` is called but never defined`, "footnote-undefined", node.position?.start);
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      // Calls side by side are set apart by a comma ("¹⁰,¹¹"): run together,
      // 10 and 11 would read as 1011.
      const comma = followsCall(parent.children[index - 1]) ? [callComma()] : [];
      const seen = numbers.get(node.identifier);
      if (seen !== undefined) {
        // A second call to the same note prints its number again, but the
        // note itself is set once, at the first call.
        const anchored = anchor(parent.children[index - 1], [...comma, call(seen, definition.position?.start.line)]);
        parent.children.splice(index, 1, ...anchored);
        return [SKIP, index + anchored.length];
      }
      const number = footnotes.length + 1;
      numbers.set(node.identifier, number);
      const text = definition.children
        .flatMap((block): RootContent[] => (block.type === "list" ? block.children : [block]))
        .map((block) => toString(block))
        .join(" ")
        .trim();
      if (text === "") {
        report(file, "error", `Footnote \`[^${label}]\` is empty`, "footnote-empty", definition.position?.start);
      }
      footnotes.push({ number, label, text });
      const anchored = anchor(parent.children[index - 1], [...comma, call(number, definition.position?.start.line)]);
      parent.children.splice(index, 1, ...anchored, note(number, definition));
      return [SKIP, index + anchored.length + 1];
    });

    for (const [identifier, definition] of definitions) {
      if (!numbers.has(identifier) && !calledFromNotes.has(identifier)) {
        report(
          file,
          "warning",
          `Footnote \`[^${definition.label ?? identifier}]\` is defined but never called; it will not be printed`,
          "footnote-unused",
          definition.position?.start,
        );
      }
    }
    file.data.footnotes = footnotes;
  };
}

/** What a note cannot hold: it is set as running text at the foot of its page. */
const UNSUPPORTED_IN_NOTES: Record<string, string> = {
  table: "a table",
  code: "a code block",
  heading: "a heading",
  blockquote: "a block quotation",
  image: "an image",
  thematicBreak: "a rule",
};

function reportUnsupportedBlocks(definition: FootnoteDefinition, file: VFile) {
  visit(definition, (node) => {
    const what = UNSUPPORTED_IN_NOTES[node.type];
    if (!what) return;
    report(
      file,
      "error",
      `Footnote \`[^${definition.label ?? definition.identifier}]\` holds ${what}, which a note cannot set (it runs as text at the foot of the page): move it into the article's text`,
      "footnote-unsupported",
      node.position?.start,
    );
    return SKIP;
  });
}

/**
 * GFM only reads `[^label]` as a call when a note of that label exists, so
 * a call to a missing note is left as text. Find it there and report it.
 */
function reportUnparsedCalls(tree: Root | FootnoteDefinition, file: VFile) {
  const source = String(file.value);
  visit(tree, "text", (node) => {
    // Search the source from where this text starts, moving on past each
    // match, so that each call is placed at its own column.
    let from = node.position?.start.offset ?? 0;
    node.value = node.value.replace(/\\?\[\^([^\]\s]+)\]/g, (literal: string, label: string) => {
      const at = source.indexOf(literal.replace(/^\\/, ""), from);
      if (at >= 0) from = at + 1;
      if (at > 0 && source[at - 1] === "\\") return literal; // escaped on purpose
      report(file, "error", `Footnote \`[^${label}]\` is called but never defined`, "footnote-undefined", at >= 0 ? at : node.position?.start);
      return "";
    });
  });
}

/** A call, with its note's manuscript line for messages about its layout (see page-scripts/inspect.js). */
function call(number: number, line: number | undefined): PhrasingContent {
  return { type: "text", value: String(number), data: { hName: "sup", hProperties: { className: ["fn-call"], dataLine: String(line ?? "") } } };
}

/**
 * A call never starts a line: it is kept with the word before it, in a
 * span the template sets unbroken (`.fn-anchor`). Without it a line may
 * break between `conflict"?` and its call, leaving the call alone on the
 * next line. The word is taken off the end of the text before the call.
 */
function anchor(before: unknown, calls: PhrasingContent[]): PhrasingContent[] {
  const text = before as { type?: string; value?: string } | undefined;
  if (text?.type !== "text" || typeof text.value !== "string") return calls;
  const word = /\S+$/.exec(text.value)?.[0];
  if (!word) return calls;
  text.value = text.value.slice(0, -word.length);
  return [{ type: "emphasis", children: [{ type: "text", value: word }, ...calls], data: { hName: "span", hProperties: { className: ["fn-anchor"] } } } as PhrasingContent];
}

function callComma(): PhrasingContent {
  return { type: "text", value: ",", data: { hName: "sup", hProperties: { className: ["fn-call", "fn-call-comma"] } } };
}

/** Whether `node` is a call this plugin made, or the note set right after one. */
function followsCall(node: unknown): boolean {
  const className = (node as { data?: { hProperties?: { className?: unknown } } } | undefined)?.data?.hProperties?.className;
  return Array.isArray(className) && ["fn-call", "fn-anchor", "footnote"].some((name) => className.includes(name));
}

function note(number: number, definition: FootnoteDefinition): PhrasingContent {
  // A note must stay inline (it sits inside the calling paragraph). Its
  // first paragraph follows the number and a real space, so the text reads
  // back as "3 Note text"; later paragraphs are spans the CSS sets as blocks.
  const inline = (block: RootContent): PhrasingContent[] =>
    block.type === "paragraph" ? block.children : [{ type: "text", value: toString(block) }];
  // A list in a note becomes one line per item: the note must stay inline.
  const blocks = definition.children.flatMap((block): RootContent[] =>
    block.type === "list" ? block.children.map((item) => ({ type: "paragraph", children: [{ type: "text", value: `– ${toString(item)}` }] })) : [block],
  );
  const [first, ...rest] = blocks;
  return {
    type: "emphasis",
    children: [
      { type: "text", value: String(number), data: { hName: "span", hProperties: { className: ["fn-number"] } } },
      { type: "text", value: " " },
      ...(first ? inline(first) : []),
      ...rest.map((block) => ({
        type: "emphasis" as const,
        children: inline(block),
        data: { hName: "span", hProperties: { className: ["fn-p"] } },
      })),
    ],
    // emphasis is only a phrasing container here: hName makes it a span.
    // The manuscript line goes with the note, so a layout problem with it can name its place.
    data: { hName: "span", hProperties: { className: ["footnote"], dataNote: String(number), dataLine: String(definition.position?.start.line ?? "") } },
  } as PhrasingContent;
}
