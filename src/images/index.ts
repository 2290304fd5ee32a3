/**
 * The images stage. While Markdown is rendered, each image path is
 * resolved and checked against where images may come from (the issue
 * folder or the project's assets/); afterwards every accepted image is
 * opened with sharp to make sure it is an image the browser can print.
 *
 * When the issue is to be laid out, the page loads a copy made for print,
 * named for the source's hash: an SVG with the template's faces embedded,
 * printed as vectors with its text as text (svg.ts), or a raster image
 * reduced to 300 ppi at the largest size a figure is placed (raster.ts).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import type { VFile } from "vfile";
import { report, type Place } from "../diagnostics.js";
import type { ImageReference, ResolveImage } from "../markdown/index.js";
import { leadsInside, realFolder, realPath } from "../manuscripts/links.js";
import { isInside, isRemoteUrl } from "../paths.js";
import { placeRaster, printPixels } from "./raster.js";
import { svgWithFonts, type FontFamilyFiles } from "./svg.js";

const FORMATS: Record<string, string> = { ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg", ".webp": "webp" };

export interface AcceptedImage {
  file: VFile;
  place: Place;
  path: string;
  format: string;
  /** Where the copy the page loads goes, if one is made. */
  placed: string | null;
  /** The largest it is printed, in millimetres. */
  box: { width: number; height: number };
}

/** What making the copies for print needs. */
export interface PlacedImages {
  /** The folder they go in: a cache, since each is named for what it is made from. */
  dir: string;
  /** The template's fonts, the text face first: SVG figures embed them. */
  fonts: FontFamilyFiles[];
  /** The largest a figure is printed, in millimetres. */
  box: { width: number; height: number };
  /** The same for a full-bleed figure: the sheet with its bleed. */
  fullBleedBox: { width: number; height: number };
}

export class ImageCollector {
  readonly accepted: AcceptedImage[] = [];

  /**
   * The folders' real paths, for images reached through links: an image in
   * the issue folder must really be in it or in assets/; one in assets/
   * (shared, kept with the project) must really be in the project.
   */
  private readonly real: { issueDir: string; assetsDir: string; projectDir: string };

  constructor(
    private readonly roots: { issueDir: string; assetsDir: string },
    /** Where and how copies for print are made; null when nothing is to be laid out. */
    private readonly placing: PlacedImages | null = null,
  ) {
    this.real = {
      issueDir: realFolder(roots.issueDir),
      assetsDir: realFolder(roots.assetsDir),
      projectDir: realFolder(path.dirname(roots.assetsDir)),
    };
  }

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
    const inIssue = isInside(this.roots.issueDir, target);
    if (!inIssue && !isInside(this.roots.assetsDir, target)) {
      report(file, "error", `Image \`${url}\` is outside the issue folder and assets/`, "image-outside", place);
      return null;
    }
    const real = realPath(target);
    if (real === null || !fs.statSync(real).isFile()) {
      report(file, "error", `Image \`${url}\` ${real === null ? "does not exist" : "is a folder, not a file"}`, "image-missing", place);
      return null;
    }
    if (!leadsInside(real, inIssue ? [this.real.issueDir, this.real.assetsDir] : [this.real.projectDir])) {
      const where = inIssue ? "the issue folder and assets/" : "the project";
      report(file, "error", `Image \`${url}\` leads through a link to ${real}, outside ${where}`, "link-outside", place);
      return null;
    }
    const format = FORMATS[path.extname(target).toLowerCase()];
    if (!format) {
      report(file, "error", `Image \`${url}\` is not PNG, JPEG, SVG or WebP`, "image-unsupported", place);
      return null;
    }
    // The content's hash goes into the URL (and the copy's name), so a
    // replaced image changes the document's HTML and so its cache key.
    const version = createHash("sha1").update(fs.readFileSync(target)).digest("hex").slice(0, 16);
    const box = this.placing ? (ref.fullBleed ? this.placing.fullBleedBox : this.placing.box) : { width: 0, height: 0 };
    const placed = this.placing ? path.join(this.placing.dir, placedName(version, format, this.placing.fonts, box)) : null;
    this.accepted.push({ file, place, path: target, format, placed, box });
    return `${pathToFileURL(placed ?? target).href}?v=${version}`;
  };

  /** Opens every accepted image; a file that is not what it says is an error. */
  async validate(): Promise<void> {
    await Promise.all(
      this.accepted.map(async (image) => {
        const name = path.basename(image.path);
        try {
          // Any decoding error fails, a file cut short included; libpng's
          // mere warnings (an odd colour profile) do not.
          const input = sharp(image.path, { failOn: "error" });
          const meta = await input.metadata();
          if (meta.format !== image.format) {
            report(image.file, "error", `Image \`${name}\` is ${meta.format ?? "unknown"} data with a .${path.extname(name).slice(1)} name`, "image-corrupt", image.place);
          } else if (!meta.width || !meta.height) {
            report(image.file, "error", `Image \`${name}\` has no size`, "image-corrupt", image.place);
          } else {
            // metadata() reads only the header: decode every pixel, as the
            // browser will, to find a file that is cut short or damaged.
            await input.stats();
            if (image.placed && this.placing) await place(image, image.placed, this.placing);
          }
        } catch (error) {
          const why = (error as Error).message.split("\n")[0]!.trim();
          report(image.file, "error", `Image \`${name}\` is damaged or cut short and cannot be printed (${why})`, "image-corrupt", image.place);
        }
      }),
    );
  }
}

/** Raise when svg.ts writes its copies differently. */
const SVG_COPY_VERSION = "svg-fonts-1";

/**
 * The copy's name: the source's hash, and what else it is made from (the
 * fonts an SVG carries, the size a raster is reduced to).
 */
function placedName(version: string, format: string, fonts: PlacedImages["fonts"], box: AcceptedImage["box"]): string {
  if (format === "svg") {
    // The way the copy is made is part of its name: a change to svg.ts makes new copies.
    const faces = createHash("sha1").update(SVG_COPY_VERSION).update(JSON.stringify(fonts)).digest("hex").slice(0, 8);
    return `${version}-${faces}.svg`;
  }
  const { width, height } = printPixels(box);
  return `${version}-${width}x${height}.${format === "jpeg" ? "jpg" : format}`;
}

async function place(image: AcceptedImage, target: string, placing: PlacedImages): Promise<void> {
  if (image.format !== "svg") return placeRaster(image.path, target, image.format, printPixels(image.box));
  if (fs.existsSync(target)) return;
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const svg = svgWithFonts(await fs.promises.readFile(image.path, "utf8"), placing.fonts);
  const temporary = `${target}.${process.pid}.tmp`;
  await fs.promises.writeFile(temporary, svg);
  await fs.promises.rename(temporary, target);
}
