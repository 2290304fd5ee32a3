/**
 * The images stage. While Markdown is rendered, each image path is
 * resolved and checked against where images may come from (the issue
 * folder or the project's assets/); afterwards every accepted image is
 * opened with sharp to make sure it is an image the browser can print.
 *
 * SVG figures are rasterised at print resolution: as an <img>, an SVG
 * cannot use the page's web fonts, and its text would be set in whatever
 * system font the machine has.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import type { VFile } from "vfile";
import { report, type Place } from "../diagnostics.js";
import type { ImageReference, ResolveImage } from "../markdown/index.js";
import { isInside, isRemoteUrl } from "../paths.js";

const FORMATS: Record<string, string> = { ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg", ".webp": "webp" };

export interface AcceptedImage {
  file: VFile;
  place: Place;
  path: string;
  format: string;
  /** Where the rasterised copy of an SVG goes, if one is made. */
  raster: string | null;
}

/** SVG user units are CSS pixels (96 per inch); 3× gives 288 dpi at size. */
const SVG_DENSITY = 72 * 3;

export class ImageCollector {
  readonly accepted: AcceptedImage[] = [];

  constructor(
    private readonly roots: { issueDir: string; assetsDir: string },
    /** Folder for rasterised SVGs; null when nothing is to be laid out. */
    private readonly rasterDir: string | null = null,
  ) {}

  readonly resolve: ResolveImage = (file: VFile, ref: ImageReference) => {
    const { url, place } = ref;
    if (isRemoteUrl(url)) {
      report(file, "error", `Image \`${url}\` is remote; put the file in the issue folder`, "image-remote", place);
      return null;
    }
    let decoded: string;
    try {
      decoded = decodeURI(url);
    } catch {
      decoded = url;
    }
    const target = path.resolve(path.dirname(file.path), decoded);
    if (!isInside(this.roots.issueDir, target) && !isInside(this.roots.assetsDir, target)) {
      report(file, "error", `Image \`${url}\` is outside the issue folder and assets/`, "image-outside", place);
      return null;
    }
    if (!fs.existsSync(target)) {
      report(file, "error", `Image \`${url}\` does not exist`, "image-missing", place);
      return null;
    }
    const format = FORMATS[path.extname(target).toLowerCase()];
    if (!format) {
      report(file, "error", `Image \`${url}\` is not PNG, JPEG, SVG or WebP`, "image-unsupported", place);
      return null;
    }
    // The content's hash goes into the URL (and the raster's name), so a
    // replaced image changes the document's HTML and so its cache key.
    const version = createHash("sha1").update(fs.readFileSync(target)).digest("hex").slice(0, 16);
    const raster = format === "svg" && this.rasterDir ? path.join(this.rasterDir, `${version}.png`) : null;
    this.accepted.push({ file, place, path: target, format, raster });
    return `${pathToFileURL(raster ?? target).href}?v=${version}`;
  };

  /** Opens every accepted image; a file that is not what it says is an error. */
  async validate(): Promise<void> {
    await Promise.all(
      this.accepted.map(async (image) => {
        const name = path.basename(image.path);
        try {
          const meta = await sharp(image.path).metadata();
          if (meta.format !== image.format) {
            report(image.file, "error", `Image \`${name}\` is ${meta.format ?? "unknown"} data with a .${path.extname(name).slice(1)} name`, "image-corrupt", image.place);
          } else if (!meta.width || !meta.height) {
            report(image.file, "error", `Image \`${name}\` has no size`, "image-corrupt", image.place);
          } else if (image.raster) {
            await fs.promises.mkdir(path.dirname(image.raster), { recursive: true });
            await sharp(image.path, { density: SVG_DENSITY }).flatten({ background: "#ffffff" }).png().toFile(image.raster);
          }
        } catch (error) {
          report(image.file, "error", `Image \`${name}\` cannot be read: ${(error as Error).message}`, "image-corrupt", image.place);
        }
      }),
    );
  }
}


