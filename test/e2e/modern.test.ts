/**
 * The sample issue set in the modern template (chosen with the build's
 * `template` option, over issue.yaml's classic): it passes Galley's
 * verification and poppler's independent reading, at modern's own trim,
 * in its own faces, with its contents found by modern's own heading.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIssue, type BuildResult } from "../../src/build.js";
import { generateVariedIssue } from "../../src/generate/index.js";
import { listFonts } from "../../src/verify/fonts.js";
import { checkIssue } from "../support/independent.js";

const issueDir = path.resolve("manuscripts/meridian-14-3");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-modern-"));
let result: BuildResult;

beforeAll(async () => {
  result = await buildIssue({ issueDir, outDir: out, template: "modern", log: () => undefined });
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe("the sample issue in the modern template", () => {
  it("passes every check, and the report names the template and the heading it printed", () => {
    expect(result.report.verification.passed).toBe(true);
    expect(result.report.template).toMatchObject({ name: "modern", zones: { head: "21mm", foot: "23mm" }, labels: { contents: "In This Issue" } });
  });

  it("is read right by poppler: contents against openings, folios, every word", () => {
    const { pages, failures } = checkIssue(result.pdfPath, result.report, issueDir);
    expect(pages.length).toBe(result.report.pageCount);
    expect(failures).toEqual([]);
  });

  it("has modern's trim on every page, made from its template.yaml, with the 3 mm bleed around it", async () => {
    const pdf = await PDFDocument.load(new Uint8Array(fs.readFileSync(result.pdfPath)));
    const mm = (pt: number) => Math.round((pt * 25.4) / 72);
    for (const page of pdf.getPages()) {
      const trim = page.getTrimBox();
      expect([mm(trim.width), mm(trim.height)]).toEqual([176, 250]);
      expect([mm(page.getWidth()), mm(page.getHeight())]).toEqual([182, 256]);
    }
  });

  it("is set in modern's faces: Inter beside Source Serif 4, and no classic face", async () => {
    const names = listFonts(await PDFDocument.load(new Uint8Array(fs.readFileSync(result.pdfPath)))).map((f) => f.name);
    expect(names.some((n) => /Inter/.test(n))).toBe(true);
    expect(names.some((n) => /SourceSerif4/.test(n))).toBe(true);
    expect(names.some((n) => /SourceSans3/.test(n))).toBe(false);
  });
});

describe("a page broken in a word just after a note call, in the modern template", () => {
  it("goes on overleaf from that word, not from an earlier text of the paragraph that begins alike", async () => {
    // Varied issue 3's tenth article: a page of it ends "…Caucasus.59 The ob-", with
    // "The observers" earlier in the same paragraph. The next page started from the
    // earlier one, and printed two lines and note 59 twice.
    const varied = path.join(out, "varied-3");
    await generateVariedIssue(varied, { seed: 3 });
    const one = path.join(out, "one-article");
    fs.mkdirSync(one);
    fs.copyFileSync(path.join(varied, "article-10.md"), path.join(one, "article-10.md"));
    fs.writeFileSync(path.join(one, "issue.yaml"), "journal: J\nvolume: 55\nnumber: 2\nlang: en-GB\nsections:\n  - title: Articles\n    articles:\n      - article-10.md\n");
    const built = await buildIssue({ issueDir: one, outDir: path.join(out, "one-out"), template: "modern", log: () => undefined });
    expect(built.report.verification.passed).toBe(true);
    expect(checkIssue(built.pdfPath, built.report, one).failures).toEqual([]);
  });
});
