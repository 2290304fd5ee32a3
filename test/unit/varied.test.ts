/**
 * Varied generated issues: the same seed writes the same bytes, and every
 * seed passes the check stage with no errors (no browser is started).
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collectMessages, formatMessage } from "../../src/diagnostics.js";
import { generateVariedIssue } from "../../src/generate/index.js";
import { allArticles } from "../../src/model/issue.js";
import { prepareIssue } from "../../src/prepare.js";
import { removeDir, tempDir } from "./support.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});
function scratch(): string {
  const dir = tempDir({}, "galley-varied-");
  dirs.push(dir);
  return dir;
}

function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.set(path.relative(dir, path.join(entry.parentPath, entry.name)), fs.readFileSync(path.join(entry.parentPath, entry.name)));
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

describe("generateVariedIssue", () => {
  it("writes the same bytes for the same seed, and other bytes for another", async () => {
    const [a, b, c] = [scratch(), scratch(), scratch()];
    await generateVariedIssue(a, { seed: 9 });
    await generateVariedIssue(b, { seed: 9 });
    await generateVariedIssue(c, { seed: 10 });
    const first = snapshot(a);
    const second = snapshot(b);
    expect([...second.keys()]).toEqual([...first.keys()]);
    expect(first.has("issue.yaml")).toBe(true);
    for (const [name, bytes] of first) expect(second.get(name)!.equals(bytes), name).toBe(true);
    expect(snapshot(c).get("issue.yaml")!.equals(first.get("issue.yaml")!)).toBe(false);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])("seed %i passes the check with no errors or warnings", async (seed) => {
    const dir = scratch();
    const written = await generateVariedIssue(dir, { seed });
    const result = await prepareIssue(dir, { log: () => undefined });
    expect(collectMessages(result.files, dir).map(formatMessage)).toEqual([]);
    const issue = result.prepared!.issue;
    expect(allArticles(issue)).toHaveLength(written.articles);
    expect(issue.front.length).toBeGreaterThanOrEqual(2);
    expect(issue.front.length).toBeLessThanOrEqual(6);
    for (const section of issue.sections) expect(section.articles.length).toBeLessThanOrEqual(10);
    for (const article of allArticles(issue)) {
      const words = article.title.split(" ").length;
      expect(words, article.title).toBeGreaterThanOrEqual(3);
      expect(words, article.title).toBeLessThanOrEqual(30);
      expect(article.authors.length).toBeLessThanOrEqual(6);
    }
  }, 60_000);

  it("draws the shapes it promises across seeds", async () => {
    const texts: string[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const dir = scratch();
      await generateVariedIssue(dir, { seed, maxPages: 6 });
      for (const name of fs.readdirSync(dir)) if (name.endsWith(".md")) texts.push(fs.readFileSync(path.join(dir, name), "utf8"));
      expect(fs.readdirSync(dir).some((n) => n.startsWith("back-"))).toBe(true);
    }
    const all = texts.join("\n");
    for (const shape of [":::pullquote", "| :---", "[^n1]:", "https://", "](figures/", "'", '"', "    - "]) expect(all, shape).toContain(shape);
    expect(all).toMatch(/[ğşıİəƏøåæÆÞðñáéíóúĐđươ]/u);
  });
});
