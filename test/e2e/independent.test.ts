/**
 * Builds the sample issue and three small varied issues, then checks each
 * PDF with poppler's reading (test/support/independent.ts), which shares
 * nothing with Galley's verifier: contents against openings, folios in
 * sequence, every manuscript word printed. The reading is judged on the
 * PDF whatever the verifier said of it, so a verifier that wrongly rejects
 * a PDF does not hide what the PDF holds.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildIssue } from "../../src/build.js";
import { generateVariedIssue } from "../../src/generate/index.js";
import { checkContents, checkIssue, type ReportLike } from "../support/independent.js";
import { readWithPoppler } from "../support/poppler.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "galley-independent-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Builds the issue and returns its PDF and report, failed or not. */
async function build(issueDir: string): Promise<{ pdf: string; report: ReportLike }> {
  const outDir = path.join(root, `out-${path.basename(issueDir)}`);
  try {
    const result = await buildIssue({ issueDir, outDir, log: () => undefined });
    return { pdf: result.pdfPath, report: result.report };
  } catch (error) {
    if (!(error instanceof Error && error.name === "VerificationError")) throw error;
    const stem = path.join(outDir, `${path.basename(issueDir)}.failed`);
    return { pdf: `${stem}.pdf`, report: JSON.parse(fs.readFileSync(`${stem}.json`, "utf8")) as ReportLike };
  }
}

describe("the sample issue, read by poppler", () => {
  const issueDir = path.resolve("manuscripts/meridian-14-3");
  let built: { pdf: string; report: ReportLike };

  it("has its contents, folios and words right", async () => {
    built = await build(issueDir);
    const { pages, failures } = checkIssue(built.pdf, built.report, issueDir);
    expect(pages.length).toBe(built.report.pageCount);
    expect(failures).toEqual([]);
  });

  it("notices a contents entry that points at the wrong page", () => {
    const pages = readWithPoppler(built.pdf);
    const moved = {
      ...built.report,
      documents: built.report.documents.map((d) => (d.id === "andean-glaciers" ? { ...d, firstFolio: d.firstFolio + 2 } : d)),
    };
    expect(checkContents(pages, moved)).toEqual([expect.stringMatching(/^contents: "Vanishing Ice.*" is listed at \d+, but opens at \d+$/)]);
  });

  it("notices a manuscript word that is not printed", () => {
    const copy = path.join(root, "sample-copy");
    fs.cpSync(issueDir, copy, { recursive: true });
    const file = path.join(copy, "mekong-commission.md");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("the most visible expression", "the most visible quokkaesque expression"));
    const { failures } = checkIssue(built.pdf, built.report, copy);
    expect(failures).toEqual([expect.stringMatching(/^words: mekong-commission\.md: 1 words missing .*"quokkaesque" \(0 of 1\)$/)]);
  });
});

describe.each([1, 2, 3])("varied issue, seed %i, read by poppler", (seed) => {
  it("has its contents, folios and words right", async () => {
    const issueDir = path.join(root, `varied-${seed}`);
    // Small enough that the three build in well under a minute on two cores.
    await generateVariedIssue(issueDir, { seed, maxPages: 4, maxPerSection: 4 });
    const { pdf, report } = await build(issueDir);
    expect(checkIssue(pdf, report, issueDir).failures).toEqual([]);
  });
});
