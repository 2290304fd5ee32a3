/**
 * Proofing one document: its PDF, as printed, is loaded once, its text
 * layer repaired (postprocess/soft-hyphens.ts, postprocess/tounicode.ts),
 * and read back: text, fonts, each page's drawing and what is left of soft
 * hyphens in the text layer (text-layer.ts). This runs as each document comes out of the
 * browser, while later ones are still laid out, and the result is kept in
 * memory: a warm build proofs only what changed.
 */
import { PDFDocument } from "pdf-lib";
import type { RenderedDocument, RenderedIssue } from "../model/documents.js";
import { dropSoftHyphens } from "../postprocess/soft-hyphens.js";
import { repairLigatures, repairSharedGlyphs, repairsFor } from "../postprocess/tounicode.js";
import { listFonts, type FontInfo } from "./fonts.js";
import { pageFingerprint } from "./pages.js";
import { readPdf, type PageText, type TrimFrame } from "./read.js";
import { textLayerProblems } from "./text-layer.js";

/** A rendered document whose PDF is repaired (`pdf`) and read back. */
export interface ProofedDocument extends RenderedDocument {
  /** Each page's text, as pdfjs reads it. */
  text: PageText[];
  fonts: FontInfo[];
  /** Each page's drawing as repaired, to match with the written PDF (see merged.ts). */
  fingerprints: string[];
  /** Soft hyphens the repair left in the text layer: see text-layer.ts. */
  textLayer: string[];
}

export async function proofDocument(doc: RenderedDocument, characters: ReadonlySet<number>, frame?: TrimFrame): Promise<ProofedDocument> {
  const loaded = await PDFDocument.load(doc.pdf, { updateMetadata: false });
  const fonts = listFonts(loaded);
  // Every repair runs, whatever the others did: `||` would skip the rest.
  const repaired = [dropSoftHyphens(loaded), repairSharedGlyphs(loaded, characters), repairLigatures(loaded)].some((n) => n > 0);
  // Dropping soft hyphens rewrites content streams: the merge copies them as repaired.
  const fingerprints = loaded.getPages().map(pageFingerprint);
  const pdf = repaired ? await loaded.save() : doc.pdf;
  return { ...doc, pdf, text: await readPdf(pdf, frame), fonts, fingerprints, textLayer: textLayerProblems(loaded) };
}

type Proof = Pick<ProofedDocument, "pdf" | "text" | "fonts" | "fingerprints" | "textLayer">;

/** Proofs by document, variant and repair, kept between the builds of one session. */
export class ProofCache {
  private readonly proofs = new Map<string, { planKey: string; proof: Promise<Proof> }>();

  /** The document proofed, or its earlier proof when the same PDF was proofed before. */
  proof(doc: RenderedDocument, characters: ReadonlySet<number>, frame?: TrimFrame): Promise<ProofedDocument> {
    // The frame follows from the page stylesheet, which is part of the plan's key.
    const id = `${doc.plan.key}\0${doc.variant}\0${repairsFor(characters)}`;
    let entry = this.proofs.get(id);
    if (!entry) {
      const proof = proofDocument(doc, characters, frame).then(({ pdf, text, fonts, fingerprints, textLayer }) => ({ pdf, text, fonts, fingerprints, textLayer }));
      entry = { planKey: doc.plan.key, proof };
      this.proofs.set(id, entry);
      // A failed proof is not kept: the next build tries again.
      proof.catch(() => this.proofs.delete(id));
    }
    return entry.proof.then((proof) => ({ ...doc, ...proof }));
  }

  /**
   * One build's proofing: `start` proofs a document as soon as it is
   * printed (render hands each over while it lays out the next), and `all`
   * gives every document of the rendered issue proofed, in issue order,
   * then forgets the proofs of documents no longer in it.
   */
  forBuild(characters: ReadonlySet<number>, frame?: TrimFrame) {
    // `proof` gives a document's proof once however often it is asked.
    const start = (doc: RenderedDocument) => {
      // A failure is reported by `all`, which asks again and awaits it.
      this.proof(doc, characters, frame).catch(() => undefined);
    };
    const all = async (rendered: RenderedIssue): Promise<ProofedDocument[]> => {
      const documents = await Promise.all([rendered.front, ...rendered.parts].map((doc) => this.proof(doc, characters, frame)));
      this.retainOnly(documents.map((d) => d.plan.key));
      return documents;
    };
    return { start, all };
  }

  /** Forgets every document not among `planKeys`: a long watch session stays small. */
  retainOnly(planKeys: Iterable<string>): void {
    const keep = new Set(planKeys);
    for (const [id, entry] of this.proofs) if (!keep.has(entry.planKey)) this.proofs.delete(id);
  }
}
