/**
 * Kept pages: in watch mode, laid-out documents stay open between builds,
 * by the document's key, so a document whose folios move is printed again
 * instead of laid out again.
 */
import type { LaidOutDocument } from "./types.js";

/**
 * At most this many pages are kept: each holds a tab with its pages, about
 * 75 MB (measured: 2.1 GB for a 320-page issue with all 27 documents
 * kept). A document closed to make room is laid out again if its folios
 * move. Twelve hold the front matter and the last eleven articles.
 */
export const KEPT_PAGES = 12;

export class KeptPages {
  private readonly pages = new Map<string, LaidOutDocument>();

  constructor(readonly limit = KEPT_PAGES) {}

  get size(): number {
    return this.pages.size;
  }

  /** The keys of the kept pages, in the order they were first kept. */
  keys(): string[] {
    return [...this.pages.keys()];
  }

  /** The page kept for `key`, if the browser it lives in (`generation`) still runs. */
  find(key: string, generation: number): LaidOutDocument | undefined {
    const doc = this.pages.get(key);
    return doc && doc.generation === generation ? doc : undefined;
  }

  /** Whether `doc` is kept (then it is not closed after printing). */
  includes(doc: LaidOutDocument): boolean {
    for (const kept of this.pages.values()) if (kept === doc) return true;
    return false;
  }

  isKeptAs(key: string, doc: LaidOutDocument): boolean {
    return this.pages.get(key) === doc;
  }

  /** Keeps `doc` as the page of `key`, closing the one it replaces. */
  async keep(key: string, doc: LaidOutDocument): Promise<void> {
    const previous = this.pages.get(key);
    this.pages.set(key, doc);
    if (previous && previous !== doc) await previous.dispose();
  }

  /**
   * Closes kept pages beyond the limit: only those `closable` allows,
   * lowest `rank` first.
   */
  async trim(closable: (key: string, doc: LaidOutDocument) => boolean, rank: (key: string) => number): Promise<void> {
    if (this.pages.size <= this.limit) return;
    const candidates = [...this.pages].filter(([key, doc]) => closable(key, doc)).sort(([a], [b]) => rank(a) - rank(b));
    for (const [key, doc] of candidates) {
      if (this.pages.size <= this.limit) break;
      // Replaced while this one closed another: the new page stays.
      if (this.pages.get(key) !== doc) continue;
      this.pages.delete(key);
      await doc.dispose();
    }
  }

  /** Closes every kept page whose key is not among `keys` (all of them for none). */
  async keepOnly(keys: readonly string[]): Promise<void> {
    for (const [key, doc] of [...this.pages]) {
      if (keys.includes(key)) continue;
      this.pages.delete(key);
      await doc.dispose();
    }
  }
}
