/**
 * What a PDF says of itself, written the same way for the issue and for
 * each offprint: the document information dictionary, an XMP packet (the
 * catalog's /Metadata stream), the catalog's /Lang, and a file /ID.
 *
 * Nothing here depends on the clock: the one date written is the issue's
 * (see `issueDate`), and the /ID is a hash of the file itself, so the same
 * inputs give the same bytes.
 */
import { createHash } from "node:crypto";
import { PDFHexString, PDFName, type PDFDocument } from "pdf-lib";
import type { PdfMetadata } from "../model/documents.js";

export const CREATOR = "Galley";
export const PRODUCER = "Galley (Paged.js, Chromium, pdf-lib)";

/**
 * The date a build stamps on its PDFs: SOURCE_DATE_EPOCH (seconds since
 * 1970, the reproducible-builds convention) when it is set, else the
 * issue's `date`, else 1 January of its `year`, else the epoch itself.
 * Never the time of the build: two builds of the same inputs must match.
 */
export function issueDate(sources: { sourceDateEpoch: string | undefined; date: string | null; year: number | null }): Date {
  const { sourceDateEpoch, date, year } = sources;
  if (sourceDateEpoch !== undefined && sourceDateEpoch.trim() !== "") {
    const seconds = Number(sourceDateEpoch);
    if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds, not "${sourceDateEpoch}"`);
    return new Date(seconds * 1000);
  }
  if (date !== null) return new Date(`${date}T00:00:00Z`);
  if (year !== null) return new Date(Date.UTC(year, 0, 1));
  return new Date(0);
}

/** Writes the information dictionary, the XMP packet and /Lang. */
export function writeMetadata(doc: PDFDocument, metadata: PdfMetadata, date: Date): void {
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  doc.setAuthor(metadata.authors.join("; "));
  doc.setSubject(metadata.subject);
  // pdf-lib joins a list with spaces, which runs "sea ice" into "fresh water": one string, as printed.
  doc.setKeywords([metadata.keywords.join("; ")]);
  doc.setCreator(CREATOR);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.setLanguage(metadata.lang);
  const xmp = new TextEncoder().encode(xmpPacket(metadata, date));
  const stream = doc.context.stream(xmp, { Type: "Metadata", Subtype: "XML", Length: xmp.length });
  doc.catalog.set(PDFName.of("Metadata"), doc.context.register(stream));
}

/**
 * The XMP packet, mapped from the information dictionary as the XMP
 * specification does: Title → dc:title, Author → dc:creator (one entry a
 * name), Subject → dc:description, Keywords → dc:subject (one entry a
 * keyword) and pdf:Keywords, and the language as dc:language.
 */
export function xmpPacket(metadata: PdfMetadata, date: Date): string {
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  const alt = (value: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt>`;
  const list = (kind: "Seq" | "Bag", values: readonly string[]) =>
    `<rdf:${kind}>${values.map((v) => `<rdf:li>${escapeXml(v)}</rdf:li>`).join("")}</rdf:${kind}>`;
  return [
    // The byte-order mark in `begin` is what the XMP specification asks for.
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">`,
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `<rdf:Description rdf:about=""`,
    `  xmlns:dc="http://purl.org/dc/elements/1.1/"`,
    `  xmlns:xmp="http://ns.adobe.com/xap/1.0/"`,
    `  xmlns:pdf="http://ns.adobe.com/pdf/1.3/">`,
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(metadata.title)}</dc:title>`,
    `<dc:creator>${list("Seq", metadata.authors)}</dc:creator>`,
    `<dc:description>${alt(metadata.subject)}</dc:description>`,
    `<dc:subject>${list("Bag", metadata.keywords)}</dc:subject>`,
    `<dc:language>${list("Bag", [metadata.lang])}</dc:language>`,
    `<xmp:CreateDate>${stamp}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${stamp}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${stamp}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${CREATOR}</xmp:CreatorTool>`,
    `<pdf:Producer>${escapeXml(PRODUCER)}</pdf:Producer>`,
    `<pdf:Keywords>${escapeXml(metadata.keywords.join(", "))}</pdf:Keywords>`,
    `</rdf:Description>`,
    `</rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="w"?>`,
  ].join("\n");
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/**
 * Saves `doc` with a file identifier that is the hash of the file saved
 * without one: the same content gets the same /ID, as the PDF
 * specification asks of the first half, and a changed file a new one.
 */
export async function saveStable(doc: PDFDocument): Promise<Uint8Array> {
  doc.context.trailerInfo.ID = undefined;
  const draft = await doc.save();
  const id = createHash("sha256").update(draft).digest("hex").slice(0, 32);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  return doc.save();
}
