/**
 * An issue in Turkish: the template's Turkish labels are printed, capitals
 * follow Turkish rules, and the verifier finds the contents by what it
 * holds, not by the English word. Read back with poppler's pdftotext.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildIssue, type BuildResult } from "../../src/build.js";

let result: BuildResult;
const pageText = (page: number) => execFileSync("pdftotext", ["-f", String(page), "-l", String(page), result.pdfPath, "-"], { encoding: "utf8" });

beforeAll(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "galley-tr-"));
  const issueDir = path.join(root, "liman");
  fs.cpSync("test/fixtures/issues/small", issueDir, { recursive: true });
  fs.appendFileSync(path.join(issueDir, "issue.yaml"), "lang: tr\nlabels:\n  keywords: Anahtar Sözcükler\n");
  result = await buildIssue({ issueDir, outDir: path.join(root, "out"), log: () => undefined });
});

describe("a Turkish issue", () => {
  it("builds and passes every check", () => {
    expect(result.report.verification.passed).toBe(true);
  });

  it("prints the template's Turkish labels, and issue.yaml's over them", () => {
    expect(pageText(1)).toContain("Cilt 3 · Sayı 2");
    const contents = result.report.documents[0]!.lastFolio;
    expect(pageText(contents).trimStart().startsWith("İçindekiler")).toBe(true);
    const opening = pageText(result.report.articles[0]!.firstFolio);
    // Letter-spaced labels read back with spaces between their letters.
    const solid = opening.replace(/\s+/g, "");
    expect(solid).toContain("ÖZET");
    expect(solid).toContain("ANAHTARSÖZCÜKLER");
    expect(opening).toMatch(/Gülnarə Həsənova\s*\*?\s*ve Tomás Ibáñez/);
  });

  it("sets capitals the Turkish way", () => {
    // The section label "Articles" is set in capitals: in Turkish, i is İ.
    expect(pageText(result.report.articles[0]!.firstFolio)).toContain("ARTİCLES");
  });
});
