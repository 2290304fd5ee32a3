/**
 * The rule registry (src/rules.ts) against the code and the documentation:
 * every rule the code reports is registered, every registered rule is
 * reported somewhere, and docs/manuscripts.md prints the registry's table.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { RULES, rulesTable } from "../../src/rules.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DOC = path.join(ROOT, "docs", "manuscripts.md");

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

/** String literals an expression can evaluate to (through `a ? "x" : "y"`). */
function literals(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) return [...literals(node.whenTrue), ...literals(node.whenFalse)];
  if (ts.isParenthesizedExpression(node)) return literals(node.expression);
  return [];
}

/** The rule argument (the fourth) of every call to `report` or `reportAs`, by file:line. */
function reportedRules(): { where: string; rule: string | null }[] {
  const found: { where: string; rule: string | null }[] = [];
  for (const file of sourceFiles(path.join(ROOT, "src"))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && /^report(?:As)?$/.test(node.expression.text)) {
        const arg = node.arguments[3];
        const where = `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (arg && ts.isIdentifier(arg)) found.push({ where, rule: null }); // passed on, typed as a RuleId
        else for (const rule of arg ? literals(arg) : []) found.push({ where, rule });
        if (arg && !ts.isIdentifier(arg) && literals(arg).length === 0) found.push({ where, rule: `<not a literal: ${arg.getText()}>` });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe("the rule registry", () => {
  const found = reportedRules();
  const literal = found.filter((f) => f.rule !== null);

  it("finds the report calls in src", () => {
    expect(literal.length).toBeGreaterThan(40);
  });

  it("registers every rule the code reports, as a literal", () => {
    const unknown = literal.filter((f) => !Object.hasOwn(RULES, f.rule!)).map((f) => `${f.where} ${f.rule}`);
    expect(unknown).toEqual([]);
  });

  it("has no rule the code never reports", () => {
    const used = new Set(literal.map((f) => f.rule));
    expect(Object.keys(RULES).filter((rule) => !used.has(rule))).toEqual([]);
  });

  it("gives every rule a one-line description", () => {
    for (const [id, rule] of Object.entries(RULES)) {
      expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(rule.description, id).toMatch(/^\S.*\.$/);
      expect(rule.description, id).not.toContain("\n");
    }
  });

  it("is the rules table of docs/manuscripts.md", () => {
    const doc = fs.readFileSync(DOC, "utf8");
    const table = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(doc)?.[1];
    // On a difference, paste rulesTable()'s output between the markers.
    expect(table).toBe(rulesTable());
  });
});
