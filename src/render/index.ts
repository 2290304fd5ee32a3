/**
 * The render stage: HTML documents in, one PDF per document out, numbered
 * as they will stand in the issue. The front matter (cover, front pages,
 * contents) is laid out first; articles and back pages are laid out in
 * parallel, each opening on a recto; once every start folio is known the
 * contents folios are filled in and the front matter is printed.
 *
 * A browser crash is retried once, in a new browser; a hang is not: it
 * stops the build, naming the document.
 */
import fs from "node:fs";
import pLimit from "p-limit";
import { LayoutCrashError, type LayoutEngine, type LaidOutDocument, type Overflow, type PageInfo } from "./engine.js";

export { ensureBrowser, findBrowser } from "./browser.js";
export { killAllBrowsers, LayoutCrashError, LayoutEngine, LayoutTimeoutError, type Overflow, type PageInfo } from "./engine.js";

export interface DocumentPlan {
  /** Manuscript id, or "front matter" for the front matter. */
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
  /** URLs the document asked for and was refused. */
  blocked: string[];
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
  /** Fixed layout time limit per document; by default it scales with size. */
  timeoutMs?: number;
  log: (line: string) => void;
}

/** The first recto at or after `folio`. Rectos have odd folios. */
export function nextRecto(folio: number): number {
  return folio % 2 === 1 ? folio : folio + 1;
}

/**
 * A document's layout time limit: a minute, plus a second for every 4 KB
 * of HTML (about a page). Normal layouts take a second or two per article.
 */
export function scaledTimeout(htmlBytes: number): number {
  return 60_000 + Math.ceil(htmlBytes / 4096) * 1000;
}

export async function renderDocuments(
  engine: LayoutEngine,
  front: DocumentPlan,
  parts: DocumentPlan[],
  options: RenderOptions,
): Promise<RenderedIssue> {
  const limit = pLimit(Math.max(1, options.concurrency));
  const open = new Set<LaidOutDocument>();
  const timeoutFor = (plan: DocumentPlan) => options.timeoutMs ?? scaledTimeout(fs.statSync(plan.htmlPath).size);

  /** Lays out and prints, retrying once in a new browser after a crash. */
  const attempt = async <T>(plan: DocumentPlan, work: (doc: LaidOutDocument) => Promise<T>): Promise<T> => {
    for (let tries = 1; ; tries++) {
      let doc: LaidOutDocument | undefined;
      try {
        doc = await engine.layout(plan.id, plan.htmlPath, timeoutFor(plan));
        open.add(doc);
        return await work(doc);
      } catch (error) {
        if (!(error instanceof LayoutCrashError) || tries > 1) throw error;
        options.log(`render: ${plan.id}: ${error.message}; retrying once in a new browser`);
        await engine.recover(error.generation);
      } finally {
        if (doc) {
          open.delete(doc);
          await doc.dispose();
        }
      }
    }
  };

  try {
    // The front matter is laid out first; its page count places everything else.
    const frontLayout = limit(async () => {
      try {
        return await engine.layout(front.id, front.htmlPath, timeoutFor(front));
      } catch (error) {
        if (!(error instanceof LayoutCrashError)) throw error;
        options.log(`render: ${front.id}: ${error.message}; retrying once in a new browser`);
        await engine.recover(error.generation);
        return await engine.layout(front.id, front.htmlPath, timeoutFor(front));
      }
    });
    frontLayout.catch(() => undefined);
    const frontPages = frontLayout.then((doc) => {
      open.add(doc);
      return doc.pageCount;
    });
    frontPages.catch(() => undefined);

    // Each part's start folio follows from the page counts before it.
    let previousEnd: Promise<number> = frontPages;
    const tasks = parts.map((plan) => {
      const startAfter = previousEnd;
      const end = deferred<number>();
      previousEnd = end.promise;
      return limit(() =>
        attempt(plan, async (doc): Promise<RenderedDocument> => {
          const after = await startAfter;
          const startFolio = nextRecto(after + 1);
          const endFolio = startFolio + doc.pageCount - 1;
          end.resolve(endFolio);
          options.log(`layout: ${plan.id}: ${plural(doc.pageCount, "page")}, folios ${startFolio}–${endFolio}`);
          const pdf = await doc.print(startFolio);
          const { pageCount, pages, overflows, blocked } = doc;
          return { plan, pdf, pageCount, pages, overflows, blocked, startFolio, blankBefore: startFolio !== after + 1 };
        }).catch((error: unknown) => {
          end.reject(error);
          throw error;
        }),
      );
    });
    const renderedParts = await Promise.all(tasks);

    const folios = Object.fromEntries(renderedParts.map((p) => [p.plan.id, String(p.startFolio)]));
    const printFront = async (doc: LaidOutDocument): Promise<RenderedDocument> => {
      await doc.fillFolios(folios);
      const { pageCount, pages, overflows, blocked } = doc;
      options.log(`layout: front matter: ${plural(pageCount, "page")}`);
      return { plan: front, pdf: await doc.print(1), pageCount, pages, overflows, blocked, startFolio: 1, blankBefore: false };
    };
    const firstFront = await frontLayout;
    let renderedFront: RenderedDocument;
    try {
      renderedFront = await printFront(firstFront);
    } catch (error) {
      // Laid out in a browser that has since crashed: lay it out again.
      if (!(error instanceof LayoutCrashError)) throw error;
      renderedFront = await attempt(front, printFront);
    }
    if (renderedFront.pageCount !== firstFront.pageCount) {
      throw new Error(`The front matter came out ${renderedFront.pageCount} pages long, not ${firstFront.pageCount}, when laid out again`);
    }
    return { front: renderedFront, parts: renderedParts };
  } finally {
    await Promise.all([...open].map((doc) => doc.dispose()));
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
