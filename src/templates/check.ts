/**
 * Checks a template's Handlebars files at load, against the contexts of
 * contract.ts: every partial called exists, every variable printed or
 * tested is a field of the context in scope, every helper is one of
 * helpers.ts. Each problem is placed at its file, line and column, where a
 * strict-mode failure while composing would only name the field.
 */
import type {} from "handlebars";
import type { VFile } from "vfile";
import type { z } from "zod";
import { report } from "../diagnostics.js";
import { HELPERS } from "./helpers.js";

/** A parsed Handlebars file and the VFile its messages go on. */
export interface HbsSource {
  file: VFile;
  ast: hbs.AST.Program;
}

/** What a name may resolve to: a schema, or anything (a helper's result, a hash value). */
type Scope = z.ZodType | "any";

/** Fields Handlebars gives inside `each`. */
const DATA = new Set(["index", "first", "last", "key", "root"]);
const BLOCKS = new Set(["if", "unless", "each", "with"]);

export function checkTemplateFile(source: HbsSource, context: z.ZodType, partials: ReadonlyMap<string, HbsSource>): void {
  new Walker(partials).program(source, source.ast, [context]);
}

class Walker {
  /** Partials already walked with a given context: each once, and no endless recursion. */
  private readonly seen = new Set<string>();
  private readonly ids = new Map<Scope, number>();

  constructor(private readonly partials: ReadonlyMap<string, HbsSource>) {}

  program(source: HbsSource, program: hbs.AST.Program | undefined, scopes: Scope[]): void {
    for (const node of program?.body ?? []) this.statement(source, node, scopes);
  }

  private statement(source: HbsSource, node: hbs.AST.Statement, scopes: Scope[]): void {
    switch (node.type) {
      case "MustacheStatement":
      case "SubExpression":
        this.call(source, node as hbs.AST.MustacheStatement, scopes);
        return;
      case "BlockStatement":
        this.block(source, node as hbs.AST.BlockStatement, scopes);
        return;
      case "PartialStatement":
      case "PartialBlockStatement":
        this.partial(source, node as hbs.AST.PartialStatement, scopes);
        return;
      default:
        return;
    }
  }

  /** `{{name}}` or `{{helper arg…}}`: the name resolved, or the helper known and its arguments resolved. */
  private call(source: HbsSource, node: { path: hbs.AST.Expression; params: hbs.AST.Expression[]; hash?: hbs.AST.Hash; loc: hbs.AST.SourceLocation }, scopes: Scope[]): Scope {
    const path = node.path as hbs.AST.PathExpression;
    const isHelper = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (!isHelper) return this.resolve(source, path, scopes);
    if (path.type !== "PathExpression" || !HELPERS.includes(path.original)) {
      report(source.file, "error", `\`${path.original}\` is no helper: the helpers are ${HELPERS.join(", ")}`, "template-unknown-helper", place(node.loc));
    }
    for (const param of node.params) this.expression(source, param, scopes);
    for (const pair of node.hash?.pairs ?? []) this.expression(source, pair.value, scopes);
    return "any";
  }

  private expression(source: HbsSource, node: hbs.AST.Expression, scopes: Scope[]): Scope {
    if (node.type === "PathExpression") return this.resolve(source, node as hbs.AST.PathExpression, scopes);
    if (node.type === "SubExpression") return this.call(source, node as hbs.AST.SubExpression, scopes);
    return "any";
  }

  private block(source: HbsSource, node: hbs.AST.BlockStatement, scopes: Scope[]): void {
    const name = (node.path as hbs.AST.PathExpression).original;
    if (!BLOCKS.has(name)) {
      report(source.file, "error", `\`{{#${name}}}\` is no block helper: use if, unless, each or with`, "template-unknown-helper", place(node.loc));
      return;
    }
    const subject = node.params[0] ? this.expression(source, node.params[0], scopes) : "any";
    let inner = scopes;
    if (name === "each") inner = [elementOf(subject), ...scopes];
    else if (name === "with") inner = [unwrap(subject), ...scopes];
    this.program(source, node.program, inner);
    this.program(source, node.inverse, scopes);
  }

  private partial(source: HbsSource, node: hbs.AST.PartialStatement, scopes: Scope[]): void {
    const name = node.name.type === "PathExpression" ? (node.name as hbs.AST.PathExpression).original : null;
    const found = name === null ? undefined : this.partials.get(name);
    if (!found) {
      const known = [...this.partials.keys()].sort().join(", ");
      report(source.file, "error", `No partial \`${name ?? "(computed)"}\` in the template or its base (partials: ${known || "none"})`, "template-missing-partial", place(node.loc));
      return;
    }
    const context = node.params[0] ? this.expression(source, node.params[0], scopes) : scopes[0]!;
    // Hash arguments add names the partial may use; their kinds are not known.
    const inner: Scope[] = (node.hash?.pairs.length ?? 0) > 0 ? ["any"] : [context];
    const key = `${name}\0${this.id(inner[0]!)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.program(found, found.ast, [...inner, ...scopes]);
  }

  /** A path through the scopes: `this`, `name.field`, `../name`, `@index`, `@root.name`. */
  private resolve(source: HbsSource, path: hbs.AST.PathExpression, scopes: Scope[]): Scope {
    if (path.type !== "PathExpression") return "any";
    if (path.data) {
      const [head, ...rest] = path.parts;
      if (head === "root") return this.walk(source, path, scopes.at(-1)!, rest);
      if (!DATA.has(head ?? "")) report(source.file, "error", `\`@${head}\` is not a Handlebars data field`, "template-unknown-variable", place(path.loc));
      return "any";
    }
    const start = scopes[Math.min(path.depth, scopes.length - 1)]!;
    return this.walk(source, path, start, path.parts);
  }

  private walk(source: HbsSource, path: hbs.AST.PathExpression, start: Scope, parts: readonly string[]): Scope {
    let scope = start;
    for (const part of parts) {
      if (scope === "any") return "any";
      const inner = unwrap(scope);
      const shape = inner === "any" ? null : objectShape(inner);
      const isArray = inner !== "any" && defOf(inner).type === "array";
      if (isArray && part === "length") return "any";
      const field = shape?.[part];
      if (!field) {
        const known = shape ? Object.keys(shape).join(", ") : "none: it is not an object";
        report(source.file, "error", `\`${path.original}\`: no field \`${part}\` here (fields: ${known})`, "template-unknown-variable", place(path.loc));
        return "any";
      }
      scope = field;
    }
    return scope;
  }

  private id(scope: Scope): number {
    if (!this.ids.has(scope)) this.ids.set(scope, this.ids.size);
    return this.ids.get(scope)!;
  }
}

function defOf(schema: z.ZodType): { type?: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType } {
  return (schema as unknown as { def: ReturnType<typeof defOf> }).def;
}

/** Through nullable and optional wrappers to the value's own schema. */
function unwrap(scope: Scope): Scope {
  let current = scope;
  while (current !== "any") {
    const def = defOf(current);
    if ((def.type === "nullable" || def.type === "optional" || def.type === "default") && def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else break;
  }
  return current;
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  const def = defOf(schema);
  return def.type === "object" ? (def.shape ?? null) : null;
}

function elementOf(scope: Scope): Scope {
  const inner = unwrap(scope);
  if (inner === "any") return "any";
  const def = defOf(inner);
  return def.type === "array" && def.element ? def.element : "any";
}

function place(loc: hbs.AST.SourceLocation): { line: number; column: number } {
  return { line: loc.start.line, column: loc.start.column + 1 };
}
