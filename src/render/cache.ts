/**
 * Laid-out documents, remembered by content. A document's key is a hash of
 * its HTML and of everything else that shapes its layout (the template's
 * files, Galley's page scripts, the engine); under one key sit its layout
 * (page count and page map, which do not depend on where it starts) and
 * one PDF per variant (its start folio, or the contents folios of the
 * front matter). An unchanged article is neither laid out nor printed
 * again; one that only moved is printed again (from a page kept open in
 * watch mode) or laid out again.
 *
 * Entries live in memory and, when a folder is given, on disk, so a later
 * build of the same issue starts warm.
 */
import fs from "node:fs";
import path from "node:path";
import { writeAtomic } from "../files.js";
import { contentKey, type Overflow, type PageInfo } from "../model/documents.js";

export interface LayoutRecord {
  pageCount: number;
  pages: PageInfo[];
  overflows: Overflow[];
  blocked: string[];
}

interface Entry {
  layout: LayoutRecord;
  pdfs: Map<string, Uint8Array>;
}

export class LayoutCache {
  private readonly memory = new Map<string, Entry>();

  /** `dir`: where entries persist between builds; null for memory only. */
  constructor(private readonly dir: string | null) {
    if (dir) fs.mkdirSync(dir, { recursive: true });
  }

  layout(key: string): LayoutRecord | null {
    const entry = this.memory.get(key) ?? this.load(key);
    return entry?.layout ?? null;
  }

  pdf(key: string, variant: string): Uint8Array | null {
    const entry = this.memory.get(key) ?? this.load(key);
    if (!entry) return null;
    const inMemory = entry.pdfs.get(variant);
    if (inMemory) return inMemory;
    const file = this.pdfPath(key, variant);
    if (!file || !fs.existsSync(file)) return null;
    const bytes = new Uint8Array(fs.readFileSync(file));
    entry.pdfs.set(variant, bytes);
    return bytes;
  }

  store(key: string, layout: LayoutRecord, variant: string, pdf: Uint8Array): void {
    const entry = this.memory.get(key) ?? { layout, pdfs: new Map() };
    entry.layout = layout;
    entry.pdfs.set(variant, pdf);
    this.memory.set(key, entry);
    if (!this.dir) return;
    writeAtomic(this.pdfPath(key, variant)!, pdf);
    writeAtomic(path.join(this.dir, `${key}.json`), JSON.stringify(layout));
  }

  /** Forgets, in memory, every document not among `keys`: a long watch session stays small. */
  retainOnly(keys: Iterable<string>): void {
    const keep = new Set(keys);
    for (const key of this.memory.keys()) if (!keep.has(key)) this.memory.delete(key);
  }

  private load(key: string): Entry | null {
    if (!this.dir) return null;
    const file = path.join(this.dir, `${key}.json`);
    let layout: LayoutRecord;
    try {
      layout = JSON.parse(fs.readFileSync(file, "utf8")) as LayoutRecord;
    } catch {
      return null; // missing or unreadable: lay it out again
    }
    const entry: Entry = { layout, pdfs: new Map() };
    this.memory.set(key, entry);
    return entry;
  }

  private pdfPath(key: string, variant: string): string | null {
    return this.dir ? path.join(this.dir, `${key}.${contentKey(variant).slice(0, 12)}.pdf`) : null;
  }
}
