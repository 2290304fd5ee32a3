/**
 * A green build must mean nothing was lost: break a layout on purpose and
 * the build must fail, naming the article, the page and the words.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildIssue } from "../../src/build.js";
import { VerificationError } from "../../src/verify/index.js";

const fixture = path.resolve("test/fixtures/issues/small");

describe("verification catches a broken layout", () => {
  it("fails the build when a paragraph is dropped after layout, and keeps the last good PDF", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-drop-"));
    fs.writeFileSync(path.join(out, "small.pdf"), "previous good PDF");
    // Test-only hook: remove the third body paragraph of "ledgers" in the browser.
    const drop = `(name) => {
      if (name !== "ledgers") return;
      document.querySelectorAll(".pagedjs_page .article-body > p")[2].remove();
    }`;
    const error = await buildIssue({ issueDir: fixture, outDir: out, log: () => undefined, afterLayout: drop }).catch((e) => e);
    expect(error).toBeInstanceOf(VerificationError);
    const failures = (error as VerificationError).result.checks.find((c) => c.name === "nothing lost")!.failures;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^ledgers: text differ on page (9|10): after "…[\p{Lu}\d]+", expected "[\p{Lu}\d]+…" but found "[\p{Lu}\d]+…"$/u);
    expect(fs.readFileSync(path.join(out, "small.pdf"), "utf8")).toBe("previous good PDF");
    expect(fs.existsSync(path.join(out, "small.failed.pdf"))).toBe(true);
  });
});

describe("footnote-heavy pages", () => {
  // Before page-scripts/breaks.js re-checked each page, this synthetic issue
  // lost the end of a page's text into Paged.js's unprinted overflow column.
  it("lose no text when notes push the end of a page over", async () => {
    const { generateIssue } = await import("../../src/generate/index.js");
    const issueDir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-notes-"));
    await generateIssue(issueDir, { articles: 2, paragraphs: 40, seed: 3 });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-notes-out-"));
    const result = await buildIssue({ issueDir, outDir: out, log: () => undefined });
    expect(result.report.verification.passed).toBe(true);
    expect(result.report.pageCount).toBeGreaterThan(20);
  });
});

describe("a note longer than a page", () => {
  it("fails the build with a message naming the note and its manuscript line", async () => {
    const issueDir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-long-note-"));
    fs.cpSync(fixture, issueDir, { recursive: true });
    const tides = path.join(issueDir, "tides.md");
    const sentence = "The ledger of the customs house records each cargo, its owner, its weight and the duty paid on it. ";
    fs.appendFileSync(tides, `\nA paragraph with one very long note.[^long]\n\n[^long]: ${sentence.repeat(90)}\n`);
    const noteLine = fs.readFileSync(tides, "utf8").split("\n").findIndex((line) => line.startsWith("[^long]:")) + 1;
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-long-note-out-"));
    const error = await buildIssue({ issueDir, outDir: out, log: () => undefined }).catch((e) => e);
    expect(error).toBeInstanceOf(VerificationError);
    const cut = (error as VerificationError).result.checks.find((c) => c.name === "nothing cut off")!.failures;
    expect(cut.some((f) => /footnote \d+, manuscript line (\d+)\)/.exec(f)?.[1] === String(noteLine)), cut.join("\n")).toBe(true);
  });
});
