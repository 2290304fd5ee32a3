/**
 * The Paged.js driver: loads a document in a tab and lays it out with
 * Paged.js, reads what the layout made, and hands back the laid-out
 * document, which stays open until its first folio is known and is then
 * printed with the page counter set to it.
 */
import { pathToFileURL } from "node:url";
import type { CDPSession, PuppeteerPage } from "pagedjs-cli";
import type { Overflow, PageInfo } from "../model/documents.js";
import { LATER_PASSES, scriptBundle } from "./scripts.js";
import type { Slot } from "./tabs.js";
import type { LaidOutDocument } from "./types.js";

/**
 * What pagedjs-cli's Printer.render does, less what costs time and is not
 * needed here: its page bindings, a copy of the page's HTML, and a wait
 * for 500 ms of network silence after layout (measured: 0.5 s of a 0.7 s
 * one-page document). Paged.js is pagedjs-cli's own bundle.
 *
 * The scripts load as one file (scripts.ts scriptBundle) by URL, not as
 * inline text: the renderer then reuses their compiled code from one
 * document to the next in a kept tab (measured: 50 ms instead of 90 ms per
 * document). Each protocol round trip costs 15–30 ms, so the page does all
 * it can in one.
 */
export function runPagedJs(tab: Tab, htmlPath: string): Promise<void> {
  return layOutBest(inTab(tab, htmlPath));
}

/**
 * The layouts of a document in `tab`: the first from the start, each
 * later one resumed in place (layOutAgain). A dead renderer never
 * answers: each layout races its tab's crash.
 */
function inTab({ page, crashed }: Tab, htmlPath: string): LayOut {
  let laidOut = false;
  return (hints) => {
    const layout = laidOut ? layOutAgain(page, htmlPath, hints) : layOutFromStart(page, htmlPath, hints);
    laidOut = true;
    return Promise.race([layout, crashed]);
  };
}

/** A tab to lay out in, and what rejects if its renderer crashes. */
export type Tab = Pick<Slot, "page" | "crashed">;
/** Lays the document out with the given hints, in its tab. */
export type LayOut = (hints: Hint[]) => Promise<Layout>;

/**
 * A document whose layout left a page short, or a widow, that paragraphs
 * set a line shorter or longer may mend (page-scripts/passes.js) is laid
 * out again with them, from a page before the first (layOutAgain), so
 * each page still follows from the one before: first with the text
 * before the fault moved up, then, where faults are left, with lines
 * given over from the pages before. A page short that the verifier
 * excuses (the lines that open the next could not stand there with their
 * notes) but lines gained might fill is worth the first later pass, where
 * no fault is left. The layout with the fewest faults is kept, then with
 * the fewest such pages, the last of equals (it needs no layout more).
 *
 * A pass that mends one fault can make another further on (its text
 * moved up a line, a heading now stands at a page's foot), which the
 * first layout could not ask for. Where the best layout so far left
 * faults, the passes go on from it: its hints with what its own pages
 * ask, up to MAX_LATER_PASSES layouts after the first. (Varied seed 63's
 * article-04: the first pass mends the page its first layout left short
 * and leaves another, which the next, from it, mends.) Where none did
 * better, they go on from the layout that got furthest (see furthest).
 * The tab holds the kept layout when this resolves.
 *
 * Each later pass is laid out in the document's own tab, after the one
 * before: resumed, it costs a fraction of a layout from the start. (Laying
 * the second out beside the first in a spare tab, from the start, took
 * longer once passes were resumed.)
 */
export async function layOutBest(layOut: LayOut): Promise<void> {
  const first = await layOut([]);
  let best: Laid = { hints: [], faults: first.faults, faultPage: first.faultPage, short: first.short, asks: first.hints };
  let last = best.hints;
  const tried = new Set([JSON.stringify(last)]);
  const made: Laid[] = [best];
  const followed = new Set<Laid>();
  for (let from: Laid | undefined = best, passes = 0; from; ) {
    followed.add(from);
    const before = best;
    for (const kind of LATER_PASSES) {
      // Pages short that the verifier excuses, with no fault left, are worth the first pass alone.
      if (best.faults === 0 && (best.short === 0 || kind !== LATER_PASSES[0] || from.hints.length > 0)) break;
      const hints = joined(from.hints, from.asks[kind]);
      if (passes === MAX_LATER_PASSES || tried.has(JSON.stringify(hints))) continue;
      tried.add(JSON.stringify(hints));
      const laid = await layOut(hints);
      passes++;
      last = hints;
      const now: Laid = { hints, faults: laid.faults, faultPage: laid.faultPage, short: laid.short, asks: laid.hints };
      made.push(now);
      if (now.faults < best.faults || (now.faults === best.faults && now.short <= best.short)) best = now;
    }
    from = best !== before ? best : furthest(made, best, followed);
  }
  if (best.hints !== last) await layOut(best.hints);
}

/**
 * Where no pass did better than `best`, which still has faults: the
 * layout not yet gone on from whose first fault stands furthest past
 * best's, if any. It mended the faults before that page, with more
 * further on that its own pages ask for and that the first layout could
 * not name. (Varied seed 74's article-02: the heading brought closer that
 * mends its first page short pushes text onto two later pages, which a
 * pass from there mends.)
 */
function furthest(made: Laid[], best: Laid, followed: Set<Laid>): Laid | undefined {
  if (best.faults === 0) return undefined;
  const ahead = made.filter((laid) => !followed.has(laid) && laid.faultPage > best.faultPage);
  return ahead.sort((a, b) => b.faultPage - a.faultPage || a.faults - b.faults)[0];
}

/**
 * Later layouts of one document at most: each a resumed pass (0.1–0.7 s
 * on the bench issue's articles, 2–3 s on a 50-page article with faults
 * early on). Varied seed 27's article-07 needs five for its four faults;
 * the sixth that seed 3's article-10 (modern template) was given mended
 * nothing.
 */
const MAX_LATER_PASSES = 5;

/** A layout made: the hints it was given, what it left, and what its pages ask of a later one. */
type Laid = { hints: Hint[]; faults: number; faultPage: number; short: number; asks: Hints };

/** The hints of `before` with those `asked` adds (a layout asks only for elements it did not set anew). */
const joined = (before: Hint[], asked: Hint[]): Hint[] => [...before, ...asked.filter((hint) => !before.some((kept) => kept.index === hint.index))];

/** A paragraph or heading set anew in a later pass: its index among the document's, and the inline style it is given. */
export type Hint = { index: number; setting: Partial<Record<"letterSpacing" | "wordSpacing" | "marginTop", string>> };
/** What a layout's short pages ask of each later pass: see page-scripts/fill.js. */
type Hints = Record<(typeof LATER_PASSES)[number], Hint[]>;
/**
 * What one layout asks of later ones; how many faults it left that they
 * may mend (short pages, widows); and how many pages it left short that
 * the verifier excuses (the next page's lines could not stand there with
 * their notes) but lines a later pass gains might fill.
 */
export type Layout = { hints: Hints; faults: number; faultPage: number; short: number };

/** A layout resumed in place, and the index of the first page it set: those before are the first layout's. */
export type Resumed = Layout & { from: number };

/**
 * Lays the document `page` holds out again with `hints`: resumed from the
 * page before the first element they set anew, with the pages before it
 * kept (resumeLayout), or from the start where none can be kept. Measured
 * on the 160-page bench issue: 0.1–0.7 s a later pass, against 0.9–1.7 s
 * from the start.
 */
async function layOutAgain(page: PuppeteerPage, htmlPath: string, hints: Hint[]): Promise<Layout> {
  return (await resumeLayout(page, hints)) ?? layOutFromStart(page, htmlPath, hints);
}

/** Resumes the layout `page` holds with `hints` (page-scripts/resume.js); null, with nothing changed, where no page can be kept. */
export function resumeLayout(page: PuppeteerPage, hints: Hint[]): Promise<Resumed | null> {
  return page.evaluate(
    (given: Hint[]) => (window as unknown as { galleyResume: { relayout(hints: Hint[]): Promise<Resumed | null> } }).galleyResume.relayout(given),
    hints,
  );
}

/** Loads and lays out the document with `hints`; returns the hints its pages ask for, and how many faults it left. */
export async function layOutFromStart(page: PuppeteerPage, htmlPath: string, hints: Hint[]): Promise<Layout> {
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load", timeout: 0 });
  const script = pathToFileURL(scriptBundle()).href;
  return page.evaluate(async (url: string, given: Hint[]) => {
    (window as unknown as { galleyHintsIn: Hint[] }).galleyHintsIn = given;
    await new Promise<void>((resolve, reject) => {
      const element = document.createElement("script");
      element.src = url;
      element.onload = () => resolve();
      element.onerror = () => reject(new Error(`could not load ${url}`));
      document.head.append(element);
    });
    const w = window as unknown as {
      PagedConfig: { before?: () => Promise<void>; after?: (flow: unknown) => Promise<void> };
      PagedPolyfill: { preview(): Promise<unknown> };
    };
    if (w.PagedConfig.before) await w.PagedConfig.before();
    const flow = await w.PagedPolyfill.preview();
    if (w.PagedConfig.after) await w.PagedConfig.after(flow);
    const laid = window as unknown as { galleyHints: Hints; galleyFaults: number; galleyFaultPage: number; galleyShort: number };
    return { hints: laid.galleyHints, faults: laid.galleyFaults, faultPage: laid.galleyFaultPage, short: laid.galleyShort };
  }, script, hints);
}

/** The laid-out pages and what did not fit, from inspect.js (a page script; see its header). */
export function inspectLayout(page: PuppeteerPage): Promise<{ pages: PageInfo[]; overflows: Overflow[] }> {
  return page.evaluate(
    () => (window as unknown as { galleyInspectLayout(): { pages: PageInfo[]; overflows: Overflow[] } }).galleyInspectLayout(),
  );
}

export interface LaidOut {
  name: string;
  slot: Slot;
  pages: PageInfo[];
  overflows: Overflow[];
  /** Runs work on the page under the engine's rules: crash, loss of the browser, time limit. */
  onPage: <T>(work: () => Promise<T>) => Promise<T>;
  /** Gives the tab back to its pool. */
  release: (slot: Slot) => Promise<void>;
}

/** The handle on a laid-out document: fill the contents folios, print, close. */
export function laidOutDocument({ name, slot, pages, overflows, onPage, release }: LaidOut): LaidOutDocument {
  const { page } = slot;
  let open = true;
  const dispose = async () => {
    if (open) {
      open = false;
      await release(slot);
    }
  };
  return {
    name,
    pageCount: pages.length,
    pages,
    overflows,
    blocked: [...slot.blocked],
    generation: slot.generation,
    fillFolios: (folios) =>
      onPage(() =>
        page.evaluate((entries: Record<string, string>) => {
          for (const [id, folio] of Object.entries(entries)) {
            for (const el of document.querySelectorAll(`[data-folio-for="${CSS.escape(id)}"]`)) el.textContent = folio;
          }
        }, folios),
      ),
    print: async (startFolio, printOptions) => {
      try {
        return await onPage(async () => {
          // Paged.js increments `page` once per page from the counter-reset
          // on .pagedjs_pages, so reset to one less than the first folio.
          await page.addStyleTag({ content: `.pagedjs_pages { counter-reset: page ${startFolio - 1}; }` });
          return printPdf(slot.session);
        });
      } finally {
        if (!printOptions?.keepOpen) await dispose();
      }
    },
    dispose,
  };
}

/**
 * Prints the page to PDF, untagged: puppeteer's page.pdf() cannot turn
 * tagging off; merging the documents drops the structure tree anyway, and
 * building it cost 15 % of the printing time and a fifth of each PDF's
 * size (measured). onPage's time limit governs the call (puppeteer's
 * three-minute protocol timeout applies to it as to every evaluate).
 */
async function printPdf(session: CDPSession): Promise<Uint8Array> {
  const { data } = await session.send("Page.printToPDF", {
    printBackground: true,
    preferCSSPageSize: true,
    marginTop: 0,
    marginBottom: 0,
    marginLeft: 0,
    marginRight: 0,
    generateTaggedPDF: false,
  });
  // A plain Uint8Array of its own (pdfjs wants one, not a pooled Buffer).
  return new Uint8Array(Buffer.from(String(data), "base64"));
}
