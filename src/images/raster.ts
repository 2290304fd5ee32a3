/**
 * Raster figures reduced to what print needs: at most 300 pixels an inch
 * at the largest size the template places a figure. A camera's 6000-pixel
 * photograph placed 126 mm wide needs 1,488; the rest only makes the PDF
 * heavier and the layout slower. Smaller images are used as they are:
 * nothing is ever enlarged. Each result is kept under a name made of the
 * source's hash and the size, so an unchanged image is reduced once.
 */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

export const PRINT_PPI = 300;
const MM_PER_INCH = 25.4;

/** The largest pixel size a figure needs, for a box in millimetres. */
export function printPixels(box: { width: number; height: number }): { width: number; height: number } {
  return { width: Math.round((box.width / MM_PER_INCH) * PRINT_PPI), height: Math.round((box.height / MM_PER_INCH) * PRINT_PPI) };
}

/**
 * Writes `target` from `source`: reduced to fit `pixels` if it is larger,
 * else copied as it is. Its orientation is applied first (the browser
 * applies it too), and it keeps its format. Does nothing if `target` exists.
 */
export async function placeRaster(source: string, target: string, format: string, pixels: { width: number; height: number }): Promise<void> {
  if (fs.existsSync(target)) return;
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    const image = sharp(source, { failOn: "error" }).rotate();
    const meta = await sharp(source).metadata();
    // EXIF orientations 5–8 turn the image a quarter: width and height swap.
    const turned = (meta.orientation ?? 1) >= 5;
    const width = (turned ? meta.height : meta.width) ?? 0;
    const height = (turned ? meta.width : meta.height) ?? 0;
    if (width <= pixels.width && height <= pixels.height && (meta.orientation ?? 1) === 1) {
      await fs.promises.copyFile(source, temporary);
    } else {
      const resized = image.resize({ width: pixels.width, height: pixels.height, fit: "inside", withoutEnlargement: true });
      const encoded = format === "jpeg" ? resized.jpeg({ quality: 92 }) : format === "webp" ? resized.webp({ quality: 92 }) : resized.png();
      await encoded.toFile(temporary);
    }
    await fs.promises.rename(temporary, target);
  } finally {
    await fs.promises.rm(temporary, { force: true });
  }
}
