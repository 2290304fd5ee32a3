/**
 * The cover is always one page: an issue with more articles than the cover
 * has room for lists those that fit, names the others in a note, and the
 * next page is the one the template puts after the cover. Read back with
 * poppler's pdftotext, not the verifier's own reader.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildIssue, type BuildResult } from "../../src/build.js";
import { collectMessages } from "../../src/diagnostics.js";
import { generateIssue } from "../../src/generate/index.js";

let result: BuildResult;
let pageText: (page: number) => string;

beforeAll(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "galley-cover-"));
  const issueDir = path.join(root, "crowded");
  // Forty one-page articles: far more than the cover's list can hold.
  await generateIssue(issueDir, { articles: 40, seed: 3, paragraphs: 2 });
  result = await buildIssue({ issueDir, outDir: path.join(root, "out"), log: () => undefined });
  pageText = (page) => execFileSync("pdftotext", ["-f", String(page), "-l", String(page), result.pdfPath, "-"], { encoding: "utf8" });
});

describe("a cover with more articles than room", () => {
  it("builds, and the verifier's cover check passes", () => {
    const cover = result.report.verification.checks.find((c) => c.name === "cover");
    expect(cover).toEqual({ name: "cover", failures: [] });
  });

  it("lists the first articles in order on page 1, and none on page 2", () => {
    const titles = result.report.articles.map((a) => a.title);
    const cover = pageText(1).replace(/\s+/g, " ");
    const listed = titles.filter((t) => cover.includes(t));
    expect(listed.length).toBeGreaterThan(3);
    expect(listed.length).toBeLessThan(titles.length);
    expect(listed).toEqual(titles.slice(0, listed.length));
    const second = pageText(2).replace(/\s+/g, " ");
    for (const title of titles) expect(second).not.toContain(title);
  });

  it("names what it left out in a note on issue.yaml", () => {
    const notes = collectMessages(result.files).filter((m) => m.rule === "cover-left-out");
    expect(notes).toHaveLength(1);
    expect(notes[0]!.severity).toBe("info");
    expect(notes[0]!.file).toMatch(/issue\.yaml$/);
    const left = result.report.articles.map((a) => a.title).filter((t) => notes[0]!.reason.includes(`“${t}”`));
    const cover = pageText(1).replace(/\s+/g, " ");
    expect(left.length).toBeGreaterThan(0);
    for (const title of left) expect(cover).not.toContain(title);
  });

  it("puts the template's next page right after the cover, with nothing blank between", () => {
    // The first front page (the imprint) follows the cover on page 2.
    expect(pageText(2)).toMatch(/Imprint/);
  });
});
