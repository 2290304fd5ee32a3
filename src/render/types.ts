/** What the engine hands back for a laid-out document, and how it fails. */

export class LayoutTimeoutError extends Error {
  override name = "LayoutTimeoutError";
}

/** What the layout made of one page, read from Paged.js's page boxes. */
export interface PageInfo {
  blank: boolean;
  first: boolean;
  /** Named pages (CSS `page:`) it belongs to, like "cover" or "front". */
  names: string[];
  /** Top of the footnote area in points from the page's top, if it holds notes. */
  footnoteTop: number | null;
}

/** An element the layout could not fit: taller or wider than its page area. */
export interface Overflow {
  /** 1-based page within the document. */
  page: number;
  element: string;
  reason: string;
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

