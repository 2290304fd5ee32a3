/**
 * The press file proper: Ghostscript converts every colour to CMYK through
 * the output intent's profile (DeviceGray to the black plate alone),
 * embeds every font and flattens what PDF/X-1a cannot hold, writing PDF/X-3
 * as Ghostscript 10.00 knows it. The file is identified as the PDF/X asked
 * for, X-4 or X-1a, whose requirements that content meets: the version
 * keys in its Info (and XMP metadata for X-4), Trapped, and the PDF
 * version, all written by Ghostscript from pdfmarks, so that no other
 * writer rewrites its streams.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { runGhostscript } from "./ghostscript.js";

export type PdfxFlavour = "x4" | "x1a";

const IDENTITY: Record<PdfxFlavour, { version: string; conformance: string | null; pdf: [number, number] }> = {
  x4: { version: "PDF/X-4", conformance: null, pdf: [1, 6] },
  x1a: { version: "PDF/X-1:2001", conformance: "PDF/X-1a:2001", pdf: [1, 3] },
};

/** PostScript string syntax for a file path. */
const psString = (text: string) => `(${text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[\r\n]/g, (c) => (c === "\n" ? "\\n" : "\\r"))})`;

export interface PdfxOptions {
  profile: string;
  flavour: PdfxFlavour;
  workDir: string;
  title: string;
  created: Date;
}

/** Converts `sheets` (a PDF file) into the press file's bytes. */
export async function convertToPdfx(gs: string, sheets: string, options: PdfxOptions): Promise<Uint8Array> {
  const { profile, flavour, workDir } = options;
  const intent = path.join(workDir, "pdfx.ps");
  const converted = path.join(workDir, "converted.pdf");
  const { pdf } = IDENTITY[flavour];
  await fs.writeFile(intent, pdfxPs(options, createHash("sha256").update(await fs.readFile(sheets)).digest("hex")), "latin1");
  await runGhostscript(gs, [
    `--permit-file-read=${path.dirname(profile)}/`,
    "-sDEVICE=pdfwrite",
    "-dPDFX",
    `-dCompatibilityLevel=${pdf.join(".")}`,
    "-sColorConversionStrategy=CMYK",
    "-sProcessColorModel=DeviceCMYK",
    "-dDeviceGrayToK=true",
    "-dAutoRotatePages=/None",
    "-dEmbedAllFonts=true",
    "-dSubsetFonts=true",
    // Images keep the resolution they were placed at: the preflight judges it.
    "-dDownsampleColorImages=false",
    "-dDownsampleGrayImages=false",
    "-dDownsampleMonoImages=false",
    `-sOutputFile=${converted}`,
    intent,
    sheets,
  ]);
  return new Uint8Array(await fs.readFile(converted));
}

/**
 * The pdfmarks Ghostscript writes into the file: the output intent with
 * its profile, the PDF/X version in Info (Ghostscript leaves that to the
 * caller) and, for X-4, the XMP metadata that names it.
 */
function pdfxPs(options: PdfxOptions, digest: string): string {
  const { profile, flavour, title, created } = options;
  const { version, conformance } = IDENTITY[flavour];
  const lines = [
    "%!PS",
    `/GalleyProfile ${psString(profile)} def`,
    "[/_objdef {galley_icc} /type /stream /OBJ pdfmark",
    "[{galley_icc} << /N 4 >> /PUT pdfmark",
    "[{galley_icc} GalleyProfile (r) file /PUT pdfmark",
    "[/_objdef {galley_intent} /type /dict /OBJ pdfmark",
    "[{galley_intent} << /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (Custom)",
    `   /OutputCondition ${psString(path.basename(profile, ".icc"))} /Info ${psString(`CMYK, ${path.basename(profile)} as Ghostscript ships it`)}`,
    "   /RegistryName (http://www.color.org) /DestOutputProfile {galley_icc} >> /PUT pdfmark",
    "[{Catalog} << /OutputIntents [ {galley_intent} ] >> /PUT pdfmark",
    // The issue PDF's own date, not the moment of conversion.
    `[ /GTS_PDFXVersion (${version})${conformance ? ` /GTS_PDFXConformance (${conformance})` : ""} /Trapped /False /Title ${psString(ascii(title))} /CreationDate (${pdfDate(created)}) /ModDate (${pdfDate(created)}) /DOCINFO pdfmark`,
  ];
  if (flavour === "x4") {
    // The same sheets give the same document id.
    const id = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
    const xmp = xmpPacket({ version, title, created, id });
    lines.push(
      "[/_objdef {galley_xmp} /type /stream /OBJ pdfmark",
      "[{galley_xmp} << /Type /Metadata /Subtype /XML >> /PUT pdfmark",
      `[{galley_xmp} ${psString(Buffer.from(xmp, "utf8").toString("latin1"))} /PUT pdfmark`,
      "[{Catalog} << /Metadata {galley_xmp} >> /PUT pdfmark",
    );
  }
  return lines.join("\n") + "\n";
}

/** A date as PDF writes it: D:YYYYMMDDHHmmSSZ. */
function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
}

/** Info's Title as plain ASCII for the pdfmark (the XMP title keeps every letter). */
function ascii(text: string): string {
  return text.normalize("NFKD").replace(/[^\x20-\x7e]/g, "");
}

function xmpPacket(fields: { version: string; title: string; created: Date; id: string }): string {
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const { id } = fields;
  const date = fields.created.toISOString();
  return [
    `<?xpacket begin="\u{feff}" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">`,
    ` <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `  <rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"`,
    `    xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">`,
    `   <pdfxid:GTS_PDFXVersion>${fields.version}</pdfxid:GTS_PDFXVersion>`,
    `   <pdf:Trapped>False</pdf:Trapped>`,
    `   <dc:format>application/pdf</dc:format>`,
    `   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escape(fields.title)}</rdf:li></rdf:Alt></dc:title>`,
    `   <xmp:CreateDate>${date}</xmp:CreateDate>`,
    `   <xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `   <xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `   <xmpMM:DocumentID>uuid:${id}</xmpMM:DocumentID>`,
    `   <xmpMM:InstanceID>uuid:${id}</xmpMM:InstanceID>`,
    `   <xmpMM:VersionID>1</xmpMM:VersionID>`,
    `   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>`,
    `  </rdf:Description>`,
    ` </rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="w"?>`,
  ].join("\n");
}
