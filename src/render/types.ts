/** What the engine hands back for a laid-out document, and how it fails. */
import type { Overflow, PageInfo } from "../model/documents.js";

export class LayoutTimeoutError extends Error {
  override name = "LayoutTimeoutError";
}

export interface LaidOutDocument {
  name: string;
  pageCount: number;
  pages: PageInfo[];
  overflows: Overflow[];
  /** URLs the page asked for and was refused. */
  blocked: string[];
  /** The browser it lives in; after a restart it must be laid out again. */
  generation: number;
  /** Replaces the text of `[data-folio-for=id]` elements: contents folios. */
  fillFolios(folios: Record<string, string>): Promise<void>;
  /**
   * Prints with the first page numbered `startFolio`, then closes the page,
   * unless `keepOpen`: then it can be printed again with other folios.
   */
  print(startFolio: number, options?: { keepOpen?: boolean }): Promise<Uint8Array>;
  dispose(): Promise<void>;
}

export class LayoutCrashError extends Error {
  override name = "LayoutCrashError";
  constructor(
    message: string,
    /** The browser generation that crashed; see LayoutEngine.recover. */
    readonly generation: number,
  ) {
    super(message);
  }
}

