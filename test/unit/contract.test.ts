/**
 * docs/templates.md and the code agree on what a template receives: each
 * context's table lists exactly the fields of its schema in
 * src/templates/contract.ts (from which the TypeScript types are
 * inferred), and the doc names every partial of the base, every helper
 * and every label.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LabelsSchema } from "../../src/templates/config.js";
import { CONTEXTS } from "../../src/templates/contract.js";
import { HELPERS } from "../../src/templates/helpers.js";

const DOC = fs.readFileSync(path.resolve("docs/templates.md"), "utf8");

/** The tables of a Markdown text: each as its header's first cell and its rows' first cells. */
function tables(markdown: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const blocks = markdown.split(/\n(?!\|)/).map((b) => b.split("\n").filter((l) => l.startsWith("|")));
  for (const lines of blocks) {
    if (lines.length < 2 || !/^\|[-| ]+\|$/.test(lines[1]!)) continue;
    const cell = (line: string) => line.split("|")[1]!.trim();
    found.set(cell(lines[0]!), lines.slice(2).map(cell));
  }
  return found;
}

/** The names in backquotes of a table's first column. */
function namesIn(cells: readonly string[]): string[] {
  return cells.flatMap((c) => [...c.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)).sort();
}

const fieldsOf = (schema: (typeof CONTEXTS)[keyof typeof CONTEXTS]) => Object.keys(schema.shape).sort();

describe("the template contract", () => {
  const docTables = tables(DOC);

  for (const [name, schema] of Object.entries(CONTEXTS)) {
    it(`documents every field of ${name}, and no other`, () => {
      const rows = docTables.get(name);
      expect(rows, `docs/templates.md has no table headed "${name}"`).toBeDefined();
      expect(namesIn(rows!)).toEqual(fieldsOf(schema));
    });
  }

  it("documents no context the code does not have", () => {
    const headed = [...docTables.keys()].filter((h) => /^[A-Z]\w*Context$/.test(h));
    expect(headed.sort()).toEqual(Object.keys(CONTEXTS).sort());
  });

  it("lists every partial of the base template", () => {
    const partials = fs.readdirSync(path.resolve("templates/base/partials")).map((f) => path.basename(f, ".hbs"));
    expect(namesIn(docTables.get("partial") ?? [])).toEqual(partials.sort());
  });

  it("lists every helper", () => {
    expect(namesIn(docTables.get("helper") ?? [])).toEqual([...HELPERS].sort());
  });

  it("names every label", () => {
    const row = (docTables.get("key") ?? []).find((c) => c === "`labels`");
    expect(row).toBeDefined();
    const line = DOC.split("\n").find((l) => l.startsWith("| `labels` |"))!;
    for (const label of Object.keys(LabelsSchema.shape)) expect(line).toContain(`\`${label}\``);
  });

  it("would notice a field the doc leaves out", () => {
    const withoutOne = DOC.replace(/\n\| `pageCss` \|[^\n]*/, "");
    expect(namesIn(tables(withoutOne).get("LayoutContext")!)).not.toEqual(fieldsOf(CONTEXTS.LayoutContext));
  });
});
