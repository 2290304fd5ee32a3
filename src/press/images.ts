/**
 * The press file's images, converted to CMYK with sharp before Ghostscript
 * sees them: each RGB image at the size it is placed (the largest, if it
 * is placed more than once), brought down to 300 ppi where it has more,
 * and converted with the output intent's profile, so that the printer
 * gets the pixels it will print. Grey images stay grey (the black plate);
 * an image in a form Galley does not decode is left to Ghostscript.
 */
import { decodePDFRawStream, PDFName, PDFRawStream, PDFRef, type PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { deflatedStream } from "../postprocess/streams.js";
import { walkPage } from "./content.js";

/** The resolution images are brought down to at their placed size. */
export const TARGET_PPI = 300;

interface Placement {
  ref: PDFRef;
  image: PDFRawStream;
  /** The largest placed size, in inches. */
  width: number;
  height: number;
}

/** Converts the document's RGB images in place; returns how many. */
export async function convertImages(doc: PDFDocument, profile: string): Promise<number> {
  const refs = new Map<PDFRawStream, PDFRef>();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) if (object instanceof PDFRawStream) refs.set(object, ref);
  const placements = new Map<PDFRawStream, Placement>();
  for (const page of doc.getPages()) {
    walkPage(doc, page, {
      onImage(state, _name, image) {
        const ref = refs.get(image);
        if (!ref) return;
        const width = Math.hypot(state.ctm[0], state.ctm[1]) / 72;
        const height = Math.hypot(state.ctm[2], state.ctm[3]) / 72;
        const known = placements.get(image);
        placements.set(image, { ref, image, width: Math.max(width, known?.width ?? 0), height: Math.max(height, known?.height ?? 0) });
      },
    });
  }
  let converted = 0;
  for (const placement of placements.values()) {
    const fresh = await toCmyk(doc, placement, profile);
    if (!fresh) continue;
    doc.context.assign(placement.ref, fresh);
    converted++;
  }
  return converted;
}

async function toCmyk(doc: PDFDocument, { image, width, height }: Placement, profile: string): Promise<PDFRawStream | null> {
  const dict = image.dict;
  const pixelsWide = Number(dict.lookup(PDFName.of("Width"))?.toString());
  const pixelsHigh = Number(dict.lookup(PDFName.of("Height"))?.toString());
  const bits = Number(dict.lookup(PDFName.of("BitsPerComponent"))?.toString());
  if (!isRgb(doc, dict.get(PDFName.of("ColorSpace"))) || bits !== 8 || !pixelsWide || !pixelsHigh) return null;
  const filter = dict.lookup(PDFName.of("Filter"));
  let input: sharp.Sharp;
  if (filter === PDFName.of("DCTDecode")) {
    input = sharp(Buffer.from(image.getContents()));
  } else if (filter === PDFName.of("FlateDecode") || filter === undefined) {
    const raw = Buffer.from(decodePDFRawStream(image).decode());
    if (raw.length < pixelsWide * pixelsHigh * 3) return null;
    input = sharp(raw, { raw: { width: pixelsWide, height: pixelsHigh, channels: 3 } });
  } else {
    return null;
  }
  // Never more pixels than 300 ppi at the placed size, each way, and never
  // more than it has; rounded up, so that the result is never under 300 ppi.
  const w = Math.max(1, Math.min(pixelsWide, Math.ceil(width * TARGET_PPI)));
  const h = Math.max(1, Math.min(pixelsHigh, Math.ceil(height * TARGET_PPI)));
  const { data, info } = await input
    .resize(w, h, { fit: "fill", kernel: "lanczos3" })
    .withIccProfile(profile)
    .toColourspace("cmyk")
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) return null;
  const fresh = deflatedStream(doc.context, data, {
    Type: "XObject",
    Subtype: "Image",
    Width: info.width,
    Height: info.height,
    ColorSpace: "DeviceCMYK",
    BitsPerComponent: 8,
  });
  // A soft mask may have its own size: it is kept as it was.
  for (const key of ["SMask", "Interpolate", "Intent"]) {
    const value = dict.get(PDFName.of(key));
    if (value) fresh.dict.set(PDFName.of(key), value);
  }
  return fresh as unknown as PDFRawStream;
}

function isRgb(doc: PDFDocument, space: unknown): boolean {
  const object = space instanceof PDFRef ? doc.context.lookup(space) : space;
  if (object === PDFName.of("DeviceRGB")) return true;
  const array = object as { asArray?: () => unknown[] };
  if (!array?.asArray) return false;
  const [kind, stream] = array.asArray();
  if (kind !== PDFName.of("ICCBased")) return false;
  const profile = doc.context.lookup(stream as PDFRef);
  return profile instanceof PDFRawStream && profile.dict.lookup(PDFName.of("N"))?.toString() === "3";
}
