/**
 * The copies of figures made for print: raster images reduced to 300 ppi
 * at the largest size a figure is placed, never enlarged; SVGs carrying
 * the template's faces, their families mapped to the template's.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { placeRaster, printPixels } from "../../src/images/raster.js";
import { svgText, svgWithFonts, textCharacters } from "../../src/images/svg.js";
import { loadTemplateConfig } from "../../src/templates/load-config.js";
import { fontFamilyFiles } from "../../src/templates/fonts.js";

const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), "galley-figures-"));
const fonts = fontFamilyFiles(loadTemplateConfig(path.resolve("templates/classic")).fonts);

describe("raster figures", () => {
  const box = printPixels({ width: 126, height: 150 });

  it("need 300 pixels an inch of the box", () => {
    expect(box).toEqual({ width: 1488, height: 1772 });
  });

  it("are reduced to fit the box, keeping their shape and format", async () => {
    const dir = scratch();
    const source = path.join(dir, "wide.jpg");
    await sharp({ create: { width: 4000, height: 1000, channels: 3, background: "#808080" } }).jpeg().toFile(source);
    const target = path.join(dir, "out", "wide-placed.jpg");
    await placeRaster(source, target, "jpeg", box);
    const meta = await sharp(target).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1488, 372]);
  });

  it("are copied as they are when small enough, and made once", async () => {
    const dir = scratch();
    const source = path.join(dir, "small.png");
    await sharp({ create: { width: 600, height: 400, channels: 3, background: "#336699" } }).png().toFile(source);
    const target = path.join(dir, "small-placed.png");
    await placeRaster(source, target, "png", box);
    expect(fs.readFileSync(target).equals(fs.readFileSync(source))).toBe(true);
    fs.writeFileSync(target, "kept");
    await placeRaster(source, target, "png", box);
    expect(fs.readFileSync(target, "utf8")).toBe("kept");
  });

  it("are turned upright as the browser shows them", async () => {
    const dir = scratch();
    const source = path.join(dir, "turned.jpg");
    // Orientation 6: stored 400 × 200, shown 200 × 400.
    await sharp({ create: { width: 400, height: 200, channels: 3, background: "#000000" } }).withMetadata({ orientation: 6 }).jpeg().toFile(source);
    const target = path.join(dir, "turned-placed.jpg");
    await placeRaster(source, target, "jpeg", box);
    const meta = await sharp(target).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([200, 400, 1]);
  });
});

describe("SVG figures", () => {
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">`,
    `<text x="1" y="10" font-family="Source Sans 3, sans-serif">Flow &amp; storage</text>`,
    `<text x="1" y="20" style="font-family: 'Comic Sans MS'; font-size: 4px">Gülşən</text>`,
    `<!-- <text>not printed</text> -->`,
    `</svg>`,
  ].join("");

  it("keep a template family, take the text face for any other, and set unstyled text in it", () => {
    const out = svgWithFonts(svg, fonts);
    expect(out).toMatch(/^<svg font-family="'Source Serif 4'" xmlns=/);
    expect(out).toContain(`font-family="'Source Sans 3'"`);
    expect(out).toContain(`style="font-family: 'Source Serif 4'; font-size: 4px"`);
    expect(out).not.toContain("Comic Sans");
  });

  it("embed each face they use in the subsets their text needs", () => {
    const out = svgWithFonts(svg, fonts);
    const faces = [...out.matchAll(/@font-face \{ font-family: '([^']+)'; font-weight: (\d+); font-style: (\w+);/g)].map((m) => m.slice(1).join(" "));
    // The figure holds ş and ə, so latin-ext with latin: serif 3 weights × 2 styles × 2 subsets, sans 2 × 1 × 2.
    expect(faces.filter((f) => f.startsWith("Source Serif 4"))).toHaveLength(12);
    expect(faces.filter((f) => f.startsWith("Source Sans 3"))).toHaveLength(4);
    expect(faces.some((f) => f.startsWith("Noto Sans Math"))).toBe(false);
  });

  it("read their text in order, entities decoded, comments left out", () => {
    expect(svgText(svg).replace(/\s+/g, " ").trim()).toBe("Flow & storage Gülşən");
    expect(textCharacters(svg).has("ə".codePointAt(0)!)).toBe(true);
  });
});
