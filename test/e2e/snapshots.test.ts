/**
 * The visual snapshots: the sample issue's chosen pages in every listed
 * template match their baselines in test/snapshots/, and a change to the
 * template's CSS (in a copy of it) is caught, with pictures of the
 * differences written.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeResult, runSnapshots, TEMPLATES } from "../../scripts/snapshots/index.js";
import { ROLES } from "../../scripts/snapshots/pages.js";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "galley-snapshots-"));

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("visual snapshots", () => {
  for (const template of TEMPLATES) {
    it(`shows ${template}'s pages as their baselines`, async () => {
      const results = await runSnapshots({ template, workDir: path.join(work, "ok"), diffDir: path.join(work, "ok-diff") });
      expect(results.map((r) => r.role)).toEqual([...ROLES]);
      expect(results.filter((r) => r.status !== "same").map((r) => describeResult(template, r))).toEqual([]);
    });
  }

  it("fails when the template's CSS changes, and shows where", async () => {
    const templatesDir = path.join(work, "templates");
    fs.cpSync(path.resolve("templates/classic"), path.join(templatesDir, "classic"), { recursive: true });
    fs.appendFileSync(path.join(templatesDir, "classic", "css", "typography.css"), "\nh1 { font-size: 30pt !important; }\n");
    const diffDir = path.join(work, "changed-diff");
    const results = await runSnapshots({ template: "classic", templatesDir, workDir: path.join(work, "changed"), diffDir });
    const opening = results.find((r) => r.role === "opening")!;
    expect(opening.status).toBe("changed");
    expect(opening.comparison!.changedPixels).toBeGreaterThan(500);
    expect(fs.existsSync(opening.diffFile!)).toBe(true);
    // The cover has no h1 of the article's: it stays as it was.
    expect(results.find((r) => r.role === "cover")!.status).toBe("same");
  });
});
