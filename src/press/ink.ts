/**
 * Total ink, measured where the inks are: Ghostscript renders each page's
 * bleed box to CMYK (the marks outside it print in every ink on purpose),
 * and the sum of the four inks is read at every pixel. A low resolution is
 * enough: an ink limit matters for areas, not for the edge of a letter.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { runGhostscript } from "./ghostscript.js";

const RESOLUTION = 50;
/** Pixels whose ink sum goes past the limit, before a page is reported: a few stray edge pixels are not an area. */
const AREA_PIXELS = 4;

export interface PageInk {
  /** 1-based. */
  page: number;
  /** The highest total ink on the page, in percent, over at least AREA_PIXELS pixels. */
  maxPercent: number;
}

export async function measureInk(gs: string, pdf: string, workDir: string): Promise<PageInk[]> {
  const dir = path.join(workDir, "ink");
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  await runGhostscript(gs, ["-sDEVICE=bitcmyk", "-dGrayValues=256", `-r${RESOLUTION}`, "-dUseBleedBox", `-sOutputFile=${path.join(dir, "%04d.cmyk")}`, pdf]);
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".cmyk")).sort();
  const pages: PageInk[] = [];
  for (const file of files) {
    const data = await fs.readFile(path.join(dir, file));
    // The ink sums, highest first, as far as AREA_PIXELS of them.
    const top: number[] = [];
    for (let i = 0; i + 3 < data.length; i += 4) {
      const sum = data[i]! + data[i + 1]! + data[i + 2]! + data[i + 3]!;
      if (top.length < AREA_PIXELS || sum > top.at(-1)!) {
        top.push(sum);
        top.sort((a, b) => b - a);
        if (top.length > AREA_PIXELS) top.pop();
      }
    }
    pages.push({ page: Number.parseInt(file, 10), maxPercent: Math.round((top.at(-1) ?? 0) * (100 / 255)) });
  }
  await fs.rm(dir, { recursive: true, force: true });
  return pages;
}
