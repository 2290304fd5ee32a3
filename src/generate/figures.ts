/**
 * Small, valid images for varied issues: bar charts drawn without text, as
 * PNG (pixels written here, encoded by sharp) or SVG. No text in the SVGs:
 * the build would draw it with the machine's fonts (docs/manuscripts.md).
 */
import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import type { Dice } from "./random.js";

export interface FigureFile {
  /** Path relative to the issue folder. */
  file: string;
  kind: "png" | "svg";
}

function bars(dice: Dice): number[] {
  return Array.from({ length: dice.int(3, 12) }, () => dice.int(10, 100));
}

async function writePng(target: string, dice: Dice): Promise<void> {
  const width = dice.int(300, 1200);
  const height = dice.int(150, Math.min(900, width));
  const values = bars(dice);
  const shade = dice.int(40, 160);
  const pixels = Buffer.alloc(width * height * 3, 255);
  const slot = width / values.length;
  values.forEach((value, i) => {
    const top = Math.round(height * (1 - value / 110));
    const left = Math.round(i * slot + slot * 0.15);
    const right = Math.round((i + 1) * slot - slot * 0.15);
    for (let y = top; y < height; y++) {
      for (let x = left; x < right; x++) pixels.fill(shade + (i % 3) * 30, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  });
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toFile(target);
}

function svg(dice: Dice): string {
  const width = dice.int(200, 600);
  const height = dice.int(100, 400);
  const values = bars(dice);
  const slot = width / values.length;
  const rects = values.map((value, i) => {
    const h = (height * value) / 110;
    const grey = 60 + (i % 4) * 40;
    return `  <rect x="${(i * slot + slot * 0.15).toFixed(1)}" y="${(height - h).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="rgb(${grey},${grey},${grey})"/>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `  <line x1="0" y1="${height - 0.5}" x2="${width}" y2="${height - 0.5}" stroke="black"/>`,
    ...rects,
    "</svg>",
    "",
  ].join("\n");
}

/** Writes one figure into `<issue>/figures/` and returns its relative path. */
export async function writeFigure(issueDir: string, stem: string, dice: Dice): Promise<FigureFile> {
  const kind = dice.chance(0.5) ? "png" : "svg";
  const file = `figures/${stem}.${kind}`;
  await fs.mkdir(path.join(issueDir, "figures"), { recursive: true });
  if (kind === "png") await writePng(path.join(issueDir, file), dice);
  else await fs.writeFile(path.join(issueDir, file), svg(dice));
  return { file, kind };
}
