/**
 * The schedule: which document is laid out when, and which folio it
 * starts on. HTML documents in, one PDF per document out, numbered as
 * they will stand in the issue. The front matter (cover, front pages,
 * contents) is laid out first; articles and back pages are laid out in
 * parallel, each opening on a recto; once every start folio is known the
 * contents folios are filled in and the front matter is printed.
 *
 * A browser crash is retried once, in a new browser; a hang is not: it
 * stops the build, naming the document.
 */
import type { DocumentPlan, RenderedDocument, RenderedIssue } from "../model/documents.js";
import type { LayoutCache, LayoutRecord } from "./cache.js";
import type { LayoutEngine } from "./engine.js";
import { LayoutQueue } from "./queue.js";
import { LayoutCrashError, type LaidOutDocument } from "./types.js";
import type { KeptPages } from "./kept-pages.js";

export interface RenderOptions {
  concurrency: number;
  /** Fixed layout time limit per document; by default it scales with size. */
  timeoutMs?: number;
  log: (line: string) => void;
  /** Layouts and PDFs remembered from earlier builds. */
  cache?: LayoutCache;
  /**
   * Watch mode: laid-out pages kept open between builds, so a document that
   * only moved is printed again with new folios instead of laid out again.
   */
  kept?: KeptPages;
  /** Called as each part's PDF is ready, so later stages can start on it at once. */
  onPart?: (doc: RenderedDocument) => void;
}

/** The first recto at or after `folio`. Rectos have odd folios. */
export function nextRecto(folio: number): number {
  return folio % 2 === 1 ? folio : folio + 1;
}

function record(doc: LaidOutDocument | LayoutRecord): LayoutRecord {
  return { pageCount: doc.pageCount, pages: doc.pages, overflows: doc.overflows, blocked: doc.blocked };
}

export async function renderDocuments(
  engine: LayoutEngine,
  front: DocumentPlan,
  parts: DocumentPlan[],
  options: RenderOptions,
): Promise<RenderedIssue> {
  const { cache, kept, log } = options;
  const queue = new LayoutQueue(engine, options);
  const attempt = queue.attempt.bind(queue);
  /** The page kept from an earlier build, if its browser still lives. */
  const keptPage = (plan: DocumentPlan) => kept?.find(plan.key, engine.generation);
  /** Each document's place in the issue, for choosing which kept pages to close. */
  const order = new Map([front, ...parts].map((p, i) => [p.key, i]));
  /** Kept documents being printed, and those this build is done with. */
  const inUse = new Set<LaidOutDocument>();
  const done = new Set<string>();
  const printing = async <T>(plan: DocumentPlan, doc: LaidOutDocument, work: () => Promise<T>): Promise<T> => {
    inUse.add(doc);
    try {
      return await work();
    } finally {
      inUse.delete(doc);
      done.add(plan.key);
      await makeRoom(false);
    }
  };
  /**
   * Closes kept pages beyond their limit. Pages this build will still print
   * are never closed: closing one would lay it out again and push out the
   * next. First go pages of documents no longer in the issue, then those
   * done with, earliest in the issue first, so the last articles stay
   * (an edit moves what follows it); the front matter, printed again
   * whenever a folio moves, goes last.
   */
  const makeRoom = (finished: boolean) =>
    kept?.trim(
      (key, doc) => !inUse.has(doc) && (!order.has(key) || finished || done.has(key)),
      (key) => (!order.has(key) ? -1 : key === front.key ? Infinity : order.get(key)!),
    );
  /** A PDF without laying out: from the cache, or printed again from a kept page. */
  const reuse = async (plan: DocumentPlan, variant: string, print: (doc: LaidOutDocument) => Promise<Uint8Array>) => {
    const cached = cache?.pdf(plan.key, variant);
    if (cached) return { pdf: cached, source: "cache" as const };
    const doc = keptPage(plan);
    if (!doc) return null;
    const pdf = await printing(plan, doc, () => print(doc));
    cache?.store(plan.key, record(doc), variant, pdf);
    return { pdf, source: "reprint" as const };
  };

  /** Everything started, so a failed build can wait for it to end before closing pages. */
  const started: Promise<unknown>[] = [];
  try {
    // The front matter's page count places everything else: remembered, or laid out first.
    const frontRecord = cache?.layout(front.key) ?? (keptPage(front) ? record(keptPage(front)!) : null);
    const frontLayout = frontRecord ? null : attempt(front, async (doc) => doc, { printLater: true });
    frontLayout?.catch(() => undefined);
    if (frontLayout) started.push(frontLayout);
    const frontPages = frontRecord ? Promise.resolve(frontRecord.pageCount) : frontLayout!.then((doc) => doc.pageCount);
    frontPages.catch(() => undefined);

    // Each part's start folio follows from the page counts before it.
    let previousEnd: Promise<number> = frontPages;
    const tasks = parts.map((plan) => {
      const startAfter = previousEnd;
      const end = deferred<number>();
      previousEnd = end.promise;
      const place = (after: number, pageCount: number) => {
        const startFolio = nextRecto(after + 1);
        end.resolve(startFolio + pageCount - 1);
        return { startFolio, blankBefore: startFolio !== after + 1, variant: String(startFolio) };
      };
      const fresh = (late = false) =>
        attempt(plan, async (doc): Promise<RenderedDocument> => {
          const placed = place(await startAfter, doc.pageCount);
          log(`layout: ${plan.id}: ${plural(doc.pageCount, "page")}, folios ${placed.startFolio}–${placed.startFolio + doc.pageCount - 1}`);
          const pdf = await printing(plan, doc, async () => {
            await kept?.keep(plan.key, doc);
            return doc.print(placed.startFolio, { keepOpen: Boolean(kept) });
          });
          cache?.store(plan.key, record(doc), placed.variant, pdf);
          return { plan, pdf, ...record(doc), ...placed, source: "layout" };
        }, { late });
      const known = cache?.layout(plan.key) ?? (keptPage(plan) ? record(keptPage(plan)!) : null);
      const task = !known
        ? fresh()
        : (async (): Promise<RenderedDocument> => {
            const placed = place(await startAfter, known.pageCount);
            const reused = await reuse(plan, placed.variant, (doc) => doc.print(placed.startFolio, { keepOpen: true })).catch(
              (error: unknown) => {
                // A kept page from a browser that has gone: lay it out again.
                if (error instanceof LayoutCrashError) return null;
                throw error;
              },
            );
            if (!reused) return fresh(true);
            return { plan, ...reused, ...known, ...placed };
          })();
      return task.then(
        (doc) => {
          options.onPart?.(doc);
          return doc;
        },
        (error: unknown) => {
          end.reject(error);
          throw error;
        },
      );
    });
    started.push(...tasks);
    const renderedParts = await Promise.all(tasks);

    const folios = Object.fromEntries(renderedParts.map((p) => [p.plan.id, String(p.startFolio)]));
    const variant = JSON.stringify(folios);
    const printFront = async (doc: LaidOutDocument) => {
      await doc.fillFolios(folios);
      return doc.print(1, { keepOpen: Boolean(kept) });
    };
    const finishFront = async (doc: LaidOutDocument): Promise<RenderedDocument> => {
      const pdf = await printing(front, doc, async () => {
        await kept?.keep(front.key, doc);
        return printFront(doc);
      });
      cache?.store(front.key, record(doc), variant, pdf);
      return { plan: front, pdf, ...record(doc), startFolio: 1, blankBefore: false, variant, source: "layout" };
    };
    let renderedFront: RenderedDocument;
    const reused = frontRecord ? await reuse(front, variant, printFront) : null;
    if (reused && frontRecord) {
      renderedFront = { plan: front, ...reused, ...frontRecord, startFolio: 1, blankBefore: false, variant };
    } else if (frontLayout) {
      try {
        renderedFront = await finishFront(await frontLayout);
      } catch (error) {
        // Laid out in a browser that has since crashed: lay it out again.
        if (!(error instanceof LayoutCrashError)) throw error;
        renderedFront = await attempt(front, finishFront, { late: true });
      }
    } else {
      renderedFront = await attempt(front, finishFront, { late: true });
    }
    const expectedPages = frontRecord?.pageCount ?? renderedFront.pageCount;
    if (renderedFront.pageCount !== expectedPages) {
      throw new Error(`The front matter came out ${renderedFront.pageCount} pages long, not ${expectedPages}, when laid out again`);
    }
    log(`layout: front matter: ${plural(renderedFront.pageCount, "page")}${renderedFront.source === "layout" ? "" : ` (${renderedFront.source})`}`);
    await makeRoom(true);
    return { front: renderedFront, parts: renderedParts };
  } catch (error) {
    // Documents already laid out or printing finish (or fail on the folios
    // they wait for); those still queued end at once. Only then are pages
    // closed, and the caller may close the browser.
    const first = queue.fail(error);
    await Promise.allSettled(started);
    throw first;
  } finally {
    await queue.closeAll();
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
