/**
 * The snapshot comparison and page choice on made-up inputs: identical
 * pages pass, a changed block fails with a picture of the difference, a
 * speck within the tolerance passes, and a pull quote is told from the
 * article's own sentence by its size.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { comparePages } from "../../scripts/snapshots/compare.js";
import { holdsPullQuote } from "../../scripts/snapshots/pages.js";
import type { PageReading, Word } from "../support/poppler.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-snapshot-unit-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A white grey page with dark squares at the given places. */
async function page(name: string, squares: { x: number; y: number; size: number }[]): Promise<string> {
  const width = 120;
  const height = 160;
  const data = Buffer.alloc(width * height, 255);
  for (const { x, y, size } of squares) for (let j = y; j < y + size; j++) data.fill(20, j * width + x, j * width + x + size);
  const file = path.join(dir, `${name}.png`);
  await sharp(data, { raw: { width, height, channels: 1 } }).png().toFile(file);
  return file;
}

describe("comparePages", () => {
  it("passes the same page and writes no picture", async () => {
    const a = await page("a", [{ x: 10, y: 10, size: 30 }]);
    const b = await page("b", [{ x: 10, y: 10, size: 30 }]);
    const diff = path.join(dir, "same-diff.png");
    const result = await comparePages(a, b, diff);
    expect(result).toMatchObject({ changed: false, changedPixels: 0 });
    expect(fs.existsSync(diff)).toBe(false);
  });

  it("fails a page with a block moved and pictures the difference", async () => {
    const a = await page("c", [{ x: 10, y: 10, size: 30 }]);
    const b = await page("d", [{ x: 50, y: 10, size: 30 }]);
    const diff = path.join(dir, "moved-diff.png");
    const result = await comparePages(a, b, diff);
    expect(result.changed).toBe(true);
    expect(result.changedPixels).toBe(2 * 30 * 30);
    const meta = await sharp(diff).metadata();
    expect([meta.width, meta.height]).toEqual([120, 160]);
  });

  it("passes a speck within the tolerance", async () => {
    const a = await page("e", []);
    const b = await page("f", [{ x: 5, y: 5, size: 2 }]);
    expect((await comparePages(a, b, path.join(dir, "speck.png"))).changed).toBe(false);
  });

  it("fails pages of different sizes", async () => {
    const a = await page("g", []);
    const small = path.join(dir, "small.png");
    await sharp(Buffer.alloc(60 * 80, 255), { raw: { width: 60, height: 80, channels: 1 } }).png().toFile(small);
    const result = await comparePages(a, small, path.join(dir, "size.png"));
    expect(result.changed).toBe(true);
    expect(result.sizes).toContain("120×160");
  });
});

describe("holdsPullQuote", () => {
  const word = (text: string, y: number, size: number): Word => ({ text, xMin: 0, xMax: 10, yMin: y, yMax: y + size });
  const reading = (words: Word[]): PageReading => ({ number: 1, width: 100, height: 100, text: "", words });
  const body = ["the", "river", "runs", "on", "and", "on", "past", "the", "town"].map((w, i) => word(w, i * 12, 10));
  const quote = ["Water", "remembers", "borders."];

  it("finds the quote's first words set large", () => {
    expect(holdsPullQuote(reading([...body, ...quote.map((w) => word(w, 200, 13))]), ["Water remembers borders, and so do states."])).toBe(true);
  });

  it("does not take the article's own sentence for the quote", () => {
    expect(holdsPullQuote(reading([...body, ...quote.map((w) => word(w, 200, 10))]), ["Water remembers borders, and so do states."])).toBe(false);
  });
});
