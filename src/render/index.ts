/**
 * The render stage: HTML documents in, one PDF per document out, numbered
 * as they will stand in the issue. The front matter (cover, front pages,
 * contents) is laid out first; articles and back pages are laid out in
 * parallel, each opening on a recto; once every start folio is known the
 * contents folios are filled in and the front matter is printed.
 */
import pLimit from "p-limit";
import type { LayoutEngine, LaidOutDocument, Overflow, PageInfo } from "./engine.js";

export { ensureBrowser, findBrowser } from "./browser.js";
export { LayoutEngine, LayoutTimeoutError, type Overflow, type PageInfo } from "./engine.js";

export interface DocumentPlan {
  /** Manuscript id, or "front" for the front matter. */
  id: string;
  kind: "front" | "article" | "back";
  /** Title for the PDF outline. */
  title: string;
  htmlPath: string;
  /** The running heads its pages must carry; null for the front matter. */
  heads: { verso: string; recto: string } | null;
}

export interface RenderedDocument {
  plan: DocumentPlan;
  pdf: Uint8Array;
  pageCount: number;
  pages: PageInfo[];
  overflows: Overflow[];
  /** Folio of the first page: a recto, so always odd. */
  startFolio: number;
  /** Whether a blank verso stands before it, to open on a recto. */
  blankBefore: boolean;
}

export interface RenderedIssue {
  front: RenderedDocument;
  parts: RenderedDocument[];
}

export interface RenderOptions {
  concurrency: number;
  log: (line: string) => void;
}

/** The first recto at or after `folio`. Rectos have odd folios. */
export function nextRecto(folio: number): number {
  return folio % 2 === 1 ? folio : folio + 1;
}

export async function renderDocuments(
  engine: LayoutEngine,
  front: DocumentPlan,
  parts: DocumentPlan[],
  options: RenderOptions,
): Promise<RenderedIssue> {
  const limit = pLimit(Math.max(1, options.concurrency));
  const open: LaidOutDocument[] = [];
  const track = (doc: LaidOutDocument) => {
    open.push(doc);
    return doc;
  };
  try {
    const frontDoc = limit(async () => track(await engine.layout(front.id, front.htmlPath)));
    // Awaited only after the parts; a failure of its own must not go unhandled meanwhile.
    frontDoc.catch(() => undefined);

    // Each part's start folio follows from the page counts before it.
    let previousEnd: Promise<number> = frontDoc.then((doc) => doc.pageCount);
    const tasks = parts.map((plan) => {
      const startAfter = previousEnd;
      const end = deferred<number>();
      previousEnd = end.promise;
      return limit(async (): Promise<RenderedDocument> => {
        try {
          const doc = track(await engine.layout(plan.id, plan.htmlPath));
          const after = await startAfter;
          const startFolio = nextRecto(after + 1);
          const endFolio = startFolio + doc.pageCount - 1;
          end.resolve(endFolio);
          options.log(`layout: ${plan.id}: ${plural(doc.pageCount, "page")}, folios ${startFolio}–${endFolio}`);
          const pdf = await doc.print(startFolio);
          return { plan, pdf, pageCount: doc.pageCount, pages: doc.pages, overflows: doc.overflows, startFolio, blankBefore: startFolio !== after + 1 };
        } catch (error) {
          end.reject(error);
          throw error;
        }
      });
    });
    // The last end folio has no reader; keep its failure from going unhandled.
    previousEnd.catch(() => undefined);
    const renderedParts = await Promise.all(tasks);

    const frontLaidOut = await frontDoc;
    options.log(`layout: front matter: ${frontLaidOut.pageCount} pages`);
    await frontLaidOut.fillFolios(Object.fromEntries(renderedParts.map((p) => [p.plan.id, String(p.startFolio)])));
    const frontPdf = await frontLaidOut.print(1);
    return {
      front: { plan: front, pdf: frontPdf, pageCount: frontLaidOut.pageCount, pages: frontLaidOut.pages, overflows: frontLaidOut.overflows, startFolio: 1, blankBefore: false },
      parts: renderedParts,
    };
  } finally {
    await Promise.all(open.map((doc) => doc.dispose()));
  }
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Readers attach later; a failure is reported by the task that caused it.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
