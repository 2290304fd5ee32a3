/**
 * The shape of src/: imports follow the pipeline. A module may import from
 * its own stage or an earlier one, never a later one, and no chain of
 * imports comes back to where it started. docs/architecture.md draws the
 * same order.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve("src");

/** The stages in pipeline order; the first holds what every stage may use. */
const LAYERS: readonly (readonly string[])[] = [
  ["model", "types", "paths.ts", "text.ts", "files.ts", "diagnostics.ts", "rules.ts", "options.ts"],
  ["manuscripts"],
  ["markdown"],
  ["images"],
  ["templates"],
  ["prepare.ts"],
  ["render"],
  ["postprocess"],
  ["verify"],
  ["output.ts"],
  ["press"],
  ["build.ts"],
  ["watch.ts"],
  ["preview"],
  ["generate"],
  ["cli"],
];

type Graph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|js)$/.test(file))
    .map((file) => file.split(path.sep).join("/"))
    .sort();
}

/** Relative imports, static and dynamic, of every module under src/, as paths from src/. */
function importGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(path.join(SRC, file), "utf8");
    const targets = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm)].map((m) => {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!));
      return resolved.replace(/\.js$/, ".ts");
    });
    graph.set(file, targets);
  }
  return graph;
}

function layerOf(file: string): number {
  const top = file.split("/")[0]!;
  const layer = LAYERS.findIndex((names) => names.includes(top));
  if (layer < 0) throw new Error(`${file} is in no layer: add ${top} to LAYERS in pipeline order`);
  return layer;
}

/** Every import that runs from a stage back to a later one. */
export function backArrows(graph: Graph): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      if (layerOf(target) > layerOf(file)) found.push(`${file} → ${target}`);
    }
  }
  return found;
}

/** Every cycle of imports, each as the chain that closes it. */
export function cycles(graph: Graph): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (file: string, chain: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      found.push([...chain.slice(chain.indexOf(file)), file].join(" → "));
      return;
    }
    state.set(file, "open");
    for (const target of graph.get(file) ?? []) visit(target, [...chain, file]);
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

describe("the shape of src/", () => {
  const graph = importGraph();

  it("finds the modules and their imports", () => {
    expect(graph.size).toBeGreaterThan(40);
    expect(graph.get("build.ts")).toContain("render/index.ts");
    // Every import names a module that exists.
    for (const [file, targets] of graph) {
      for (const target of targets) expect(fs.existsSync(path.join(SRC, target)) || target.endsWith(".json"), `${file} → ${target}`).toBe(true);
    }
  });

  it("has no import from a stage to a later one", () => {
    expect(backArrows(graph)).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("has no module over 300 lines", () => {
    const long = sourceFiles(SRC)
      .map((file) => [file, fs.readFileSync(path.join(SRC, file), "utf8").split("\n").length] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });

  it("would see an arrow that runs back, and a cycle", () => {
    const bad: Graph = new Map([
      ["templates/compose.ts", ["render/index.ts"]],
      ["render/index.ts", ["render/cache.ts"]],
      ["render/cache.ts", ["render/index.ts"]],
    ]);
    expect(backArrows(bad)).toEqual(["templates/compose.ts → render/index.ts"]);
    expect(cycles(bad)).toEqual(["render/index.ts → render/cache.ts → render/index.ts"]);
  });
});
