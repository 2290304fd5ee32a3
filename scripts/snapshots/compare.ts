/**
 * Pages as pictures, compared with a tolerance. A page is rasterised by
 * poppler's pdftoppm at a fixed, moderate resolution in grey (the fonts
 * are the packages' own, so the same PDF gives the same pixels), and
 * compared pixel by pixel with its baseline through sharp: a pixel
 * counts as changed past a difference of PIXEL_THRESHOLD grey levels,
 * and a page as changed when more than CHANGED_SHARE of its pixels are.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

/** Dots per inch of the snapshots: a 170 × 240 mm page is 335 × 472 pixels, some 30 KB. */
export const RESOLUTION = 50;
/** Grey levels (of 255) a pixel may differ by: anti-aliasing, not a change. */
export const PIXEL_THRESHOLD = 32;
/** Share of a page's pixels that may differ before the page counts as changed. */
export const CHANGED_SHARE = 0.0005;

/** Rasterises one page of `pdf` to a grey PNG at `file`. */
export function rasterise(pdf: string, folio: number, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const prefix = file.replace(/\.png$/, "");
  execFileSync("pdftoppm", ["-r", String(RESOLUTION), "-gray", "-png", "-f", String(folio), "-l", String(folio), "-singlefile", pdf, prefix]);
}

export interface Comparison {
  /** Pixels past the threshold, or every pixel when the sizes differ. */
  changedPixels: number;
  totalPixels: number;
  changed: boolean;
  /** Width and height of each, when they differ. */
  sizes: string | null;
}

async function grey(file: string) {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/**
 * Compares `actual` with `expected`; when they differ, writes to `diffFile`
 * the page as it is now, faded, with every changed pixel in red.
 */
export async function comparePages(expected: string, actual: string, diffFile: string): Promise<Comparison> {
  const [a, b] = await Promise.all([grey(expected), grey(actual)]);
  if (a.width !== b.width || a.height !== b.height) {
    return { changedPixels: b.width * b.height, totalPixels: b.width * b.height, changed: true, sizes: `${a.width}×${a.height} then, ${b.width}×${b.height} now` };
  }
  const total = a.width * a.height;
  const diff = Buffer.alloc(total * 3);
  let changedPixels = 0;
  for (let i = 0; i < total; i++) {
    const was = a.data[i * a.channels]!;
    const now = b.data[i * b.channels]!;
    if (Math.abs(was - now) > PIXEL_THRESHOLD) {
      changedPixels++;
      diff[i * 3] = 220;
      diff[i * 3 + 1] = 0;
      diff[i * 3 + 2] = 0;
    } else {
      const faded = 255 - Math.round((255 - now) / 4);
      diff.fill(faded, i * 3, i * 3 + 3);
    }
  }
  const changed = changedPixels > total * CHANGED_SHARE;
  if (changed) {
    fs.mkdirSync(path.dirname(diffFile), { recursive: true });
    await sharp(diff, { raw: { width: a.width, height: a.height, channels: 3 } }).png().toFile(diffFile);
  }
  return { changedPixels, totalPixels: total, changed, sizes: null };
}
