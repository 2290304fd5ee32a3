/**
 * One headless Chromium, driven through pagedjs-cli's Printer, laying out
 * many Paged.js documents. A laid-out document stays open until its first
 * folio is known; the page counter is set just before printing, which is
 * what lets articles be laid out in parallel and numbered afterwards.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type Printer from "pagedjs-cli";
import type { CDPSession, PuppeteerPage } from "pagedjs-cli";
import { isInside } from "../paths.js";
import { browserArgs } from "./browser.js";
import { SCRIPT_DIRS, SCRIPT_ORDER } from "./scripts.js";
import type { Overflow, PageInfo } from "../model/documents.js";
import { LayoutCrashError, LayoutTimeoutError, type LaidOutDocument } from "./types.js";

export { engineFingerprint } from "./scripts.js";
export * from "./types.js";

export interface EngineOptions {
  browserPath: string;
  /** Folders the page may load files from; everything else is refused. */
  allowedPaths: string[];
  /** Longest a single document's layout may take. */
  timeoutMs: number;
  /** Emptied tabs kept for the next documents: as many as are laid out at once. */
  idleTabs: number;
  /**
   * For tests only: JavaScript source of a function run in the page once it
   * is laid out, given the document's name, to break the layout on purpose.
   */
  afterLayout?: string;
}

interface InterceptedRequest {
  url(): string;
  continue(): Promise<void>;
  abort(reason?: string): Promise<void>;
}

/**
 * Counts browser launches across all engines, so a page from any earlier
 * browser (a crashed one, or an engine replaced after a timeout) is known.
 */
let launches = 0;

/** Every engine with a browser running, so an interrupt can end them all. */
const running = new Set<LayoutEngine>();

/** Kills every browser Galley started, at once: for Ctrl-C and fatal errors. */
export function killAllBrowsers(): void {
  for (const engine of running) engine.kill();
}

let killOnExit = false;

/**
 * A tab kept between documents: a new one costs a renderer process, its
 * font decoding and a fresh compile of Paged.js (measured: about 0.3 s of
 * the 0.45 s each document cost).
 */
interface Slot {
  page: PuppeteerPage;
  /** The tab's own protocol session, for what puppeteer does not offer. */
  session: CDPSession;
  /** Rejects if the page's renderer crashes; a crashed slot is never reused. */
  crashed: Promise<never>;
  isCrashed: boolean;
  /** Requests refused while the current document loaded. */
  blocked: string[];
  generation: number;
  /** Documents laid out in it so far. */
  uses: number;
}

/**
 * A tab is retired after this many documents: a renderer's memory grows
 * with each (measured: peak 1.7 GB at 640 pages with tabs never retired).
 */
const USES_PER_TAB = 6;

export class LayoutEngine {
  private printer: Printer | null = null;
  /** The running browser's profile folder, removed when it ends. */
  private profile: string | null = null;
  /** Tabs free for the next document. */
  private idle: Slot[] = [];
  /** Rejects when the current browser goes away. */
  private lost: Promise<never> | null = null;
  /** This engine's browser: see `launches`. One crash causes one restart. */
  generation = 0;
  private restarting: Promise<void> | null = null;
  /**
   * Set when a hang stopped the browser, or the engine was closed: nothing
   * more is laid out, and no crash brings a new browser.
   */
  private stopped: Error | null = null;

  private constructor(private readonly options: EngineOptions) {}

  static async start(options: EngineOptions): Promise<LayoutEngine> {
    const engine = new LayoutEngine(options);
    await engine.launch();
    return engine;
  }

  private async launch(): Promise<void> {
    // pagedjs-cli gives no way to pass the browser path: puppeteer reads it
    // from the environment when the module is first imported.
    process.env.PUPPETEER_EXECUTABLE_PATH = this.options.browserPath;
    process.env.PUPPETEER_SKIP_DOWNLOAD = "1";
    const { default: PrinterClass } = await import("pagedjs-cli");
    // A profile folder of the engine's own: puppeteer removes the one it
    // makes only on a clean close, so every killed browser left one in /tmp.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "galley-chromium-"));
    this.profile = profile;
    const printer = new PrinterClass({ allowLocal: true, browserArgs: [...browserArgs(), `--user-data-dir=${profile}`], closeAfter: false });
    this.printer = printer;
    this.generation = ++launches;
    running.add(this);
    if (!killOnExit) {
      // A process that ends without closing its engines (an uncaught error
      // in a script using Galley) still leaves no browser or profile behind.
      process.once("exit", killAllBrowsers);
      killOnExit = true;
    }
    const generation = this.generation;
    try {
      const browser = await printer.setup();
      this.lost = new Promise<never>((_, reject) =>
        browser.on("disconnected", () => reject(new LayoutCrashError("the browser closed unexpectedly", generation))),
      );
      this.lost.catch(() => undefined);
      // The tab Chromium opens at start is never used: its renderer is 80 MB.
      for (const page of await browser.pages()) await page.close();
    } catch (error) {
      // Kills whatever started and removes the profile folder.
      this.kill();
      throw error;
    }
  }

  /** Refuses every request outside the allowed folders, and watches for crashes. */
  private async openSlot(): Promise<Slot> {
    const idle = this.idle.pop();
    if (idle) {
      idle.blocked = [];
      idle.uses++;
      return idle;
    }
    const browser = this.printer?.browser;
    if (!browser) throw new LayoutCrashError(`the browser is not running`, this.generation);
    // Tabs share one window. Only its front tab gets animation frames,
    // which is why page-scripts/tick.js gives Paged.js a tick of its own:
    // without it a background tab's layout would wait forever. A window
    // per tab (a browser context each) costs 50 MB for its browser UI, and
    // the same 13 articles took 6.9 s to lay out and print instead of 4.6 s.
    const page = await browser.newPage();
    return this.guard(page);
  }

  /** Puts a slot back for the next document, emptied; a crashed or worn one is closed. */
  private async releaseSlot(slot: Slot): Promise<void> {
    // A tab of a browser that is gone needs nothing: talking to it would
    // only wait for puppeteer's three-minute protocol timeout.
    if (slot.generation !== this.generation || !this.printer) return;
    // Idle tabs beyond one per document laid out at once only hold memory
    // (watch mode keeps a tab per document, and closes them by the dozen).
    if (slot.isCrashed || slot.uses >= USES_PER_TAB || this.idle.length >= this.options.idleTabs) {
      void slot.page.close().catch(() => undefined);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const emptied = await Promise.race([
      slot.page.goto("about:blank").then(() => true, () => false),
      slot.crashed.catch(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5000))),
    ]);
    // A timer left running would keep the process alive for 5 s after the build.
    clearTimeout(timer);
    // The browser may have been restarted, or other tabs released, meanwhile.
    const wanted = slot.generation === this.generation && this.printer !== null && this.idle.length < this.options.idleTabs;
    if (emptied && wanted) this.idle.push(slot);
    else void slot.page.close().catch(() => undefined);
  }

  private async guard(page: PuppeteerPage): Promise<Slot> {
    const generation = this.generation;
    await page.setRequestInterception(true);
    // Set once per tab: they hold across the documents it lays out.
    await page.emulateMediaType("print");
    await page.evaluateOnNewDocument(() => {
      (window as unknown as { PagedConfig: object }).PagedConfig = { auto: false };
    });
    const crashed = new Promise<never>((_, reject) => {
      page.on("error", (error) => {
        slot.isCrashed = true;
        reject(new LayoutCrashError(`the page crashed: ${(error as Error).message}`, generation));
      });
    });
    crashed.catch(() => undefined);
    const session = await page.target().createCDPSession();
    const slot: Slot = { page, session, crashed, isCrashed: false, blocked: [], generation, uses: 1 };
    page.on("request", (arg) => {
      const request = arg as InterceptedRequest;
      const url = request.url();
      if (this.isAllowed(url)) {
        void request.continue().catch(() => undefined);
      } else {
        slot.blocked.push(url);
        void request.abort("blockedbyclient").catch(() => undefined);
      }
    });
    return slot;
  }

  private isAllowed(url: string): boolean {
    if (/^(data|blob|about):/.test(url)) return true;
    if (!url.startsWith("file:")) return false;
    let file: string;
    try {
      file = fileURLToPath(url);
    } catch {
      return false;
    }
    return [...this.options.allowedPaths, ...SCRIPT_DIRS].some((root) => isInside(root, file));
  }

  /**
   * Lays out one document. A hang past `timeoutMs` kills the browser and
   * fails with the document's name; a crash fails with LayoutCrashError,
   * which the caller may retry after recover().
   */
  async layout(name: string, htmlPath: string, timeoutMs = this.options.timeoutMs): Promise<LaidOutDocument> {
    if (this.stopped) throw this.stopped;
    const generation = this.generation;
    const disconnected = this.lost;
    if (!this.printer?.browser || !disconnected) throw new LayoutCrashError(`the browser is not running`, generation);
    const work = (async () => {
      const slot = await this.openSlot();
      const { page } = slot;
      // Every step races the tab's crash and the browser's loss: a dead
      // renderer never answers, and puppeteer would wait minutes.
      const steps = async () => {
        await this.runPagedJs(page, htmlPath);
        if (this.options.afterLayout) await page.evaluate(`(${this.options.afterLayout})(${JSON.stringify(name)})`);
        // inspect.js (a page script) defines this; see its header.
        return page.evaluate(
          () => (window as unknown as { galleyInspectLayout(): { pages: PageInfo[]; overflows: Overflow[] } }).galleyInspectLayout(),
        );
      };
      const { pages, overflows } = await Promise.race([steps(), slot.crashed, disconnected]);
      return this.laidOut(name, slot, pages, overflows, timeoutMs, generation);
    })();
    work.catch(() => undefined);
    try {
      return await this.withTimeout(name, work, timeoutMs);
    } catch (error) {
      if (this.stopped) throw this.stopped;
      if (error instanceof LayoutTimeoutError || error instanceof LayoutCrashError) throw error;
      throw new LayoutCrashError(`${(error as Error).message}`, generation);
    }
  }

  /**
   * What pagedjs-cli's Printer.render does, less what costs time and is not
   * needed here: its page bindings, a copy of the page's HTML, and a wait
   * for 500 ms of network silence after layout (measured: 0.5 s of a 0.7 s
   * one-page document). Paged.js is pagedjs-cli's own bundle.
   *
   * The scripts load by URL, not as inline text: the renderer then reuses
   * their compiled code from one document to the next in a kept tab
   * (measured: 50 ms instead of 90 ms per document). Each protocol round
   * trip costs 15–30 ms, so the page does all it can in one.
   */
  private async runPagedJs(page: PuppeteerPage, htmlPath: string): Promise<void> {
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load", timeout: 0 });
    const scripts = SCRIPT_ORDER.map((file) => pathToFileURL(file).href);
    await page.evaluate(async (urls: string[]) => {
      for (const url of urls) {
        await new Promise<void>((resolve, reject) => {
          const script = document.createElement("script");
          script.src = url;
          script.onload = () => resolve();
          script.onerror = () => reject(new Error(`could not load ${url}`));
          document.head.append(script);
        });
      }
      const w = window as unknown as {
        PagedConfig: { before?: () => Promise<void>; after?: (flow: unknown) => Promise<void> };
        PagedPolyfill: { preview(): Promise<unknown> };
      };
      if (w.PagedConfig.before) await w.PagedConfig.before();
      const flow = await w.PagedPolyfill.preview();
      if (w.PagedConfig.after) await w.PagedConfig.after(flow);
    }, scripts);
  }

  /** Whether a later build may use this engine: running, and allowed the same folders. */
  isUsable(allowedPaths: readonly string[]): boolean {
    const same = allowedPaths.length === this.options.allowedPaths.length && allowedPaths.every((p) => this.options.allowedPaths.includes(p));
    return this.printer !== null && this.stopped === null && same;
  }

  /**
   * After a crash: a new browser for the documents still to lay out. Every
   * document that failed with the same crash calls this; only the first
   * restarts, the others wait for it.
   */
  async recover(crashed: number): Promise<void> {
    if (this.stopped) throw this.stopped;
    if (crashed === this.generation && !this.restarting) {
      this.restarting = (async () => {
        this.kill();
        await this.launch();
      })().finally(() => (this.restarting = null));
    }
    await this.restarting;
  }

  private laidOut(
    name: string,
    slot: Slot,
    pages: PageInfo[],
    overflows: Overflow[],
    timeoutMs: number,
    generation: number,
  ): LaidOutDocument {
    const { page } = slot;
    const blocked = [...slot.blocked];
    let open = true;
    const dispose = async () => {
      if (open) {
        open = false;
        await this.releaseSlot(slot);
      }
    };
    return {
      name,
      pageCount: pages.length,
      pages,
      overflows,
      blocked,
      generation,
      fillFolios: (folios) =>
        this.onPage(name, slot, generation, timeoutMs, () =>
          page.evaluate((entries: Record<string, string>) => {
            for (const [id, folio] of Object.entries(entries)) {
              for (const el of document.querySelectorAll(`[data-folio-for="${CSS.escape(id)}"]`)) el.textContent = folio;
            }
          }, folios),
        ),
      print: async (startFolio, printOptions) => {
        try {
          return await this.onPage(name, slot, generation, timeoutMs, async () => {
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
   * Work on a laid-out document's page, under the same rules as layout: a
   * page from an earlier browser, a crash or a lost browser is a
   * LayoutCrashError (which the caller may retry), a hang a timeout.
   */
  private async onPage<T>(name: string, slot: Slot, generation: number, timeoutMs: number, work: () => Promise<T>): Promise<T> {
    if (this.stopped) throw this.stopped;
    if (generation !== this.generation || slot.isCrashed || !this.lost) {
      throw new LayoutCrashError("its browser was restarted", generation);
    }
    const running = work();
    running.catch(() => undefined);
    try {
      return await this.withTimeout(name, Promise.race([running, slot.crashed, this.lost]), timeoutMs);
    } catch (error) {
      if (this.stopped) throw this.stopped;
      if (error instanceof LayoutTimeoutError || error instanceof LayoutCrashError) throw error;
      throw new LayoutCrashError((error as Error).message, generation);
    }
  }

  /** On timeout the whole browser is killed: a hung renderer cannot be trusted. */
  private async withTimeout<T>(name: string, work: Promise<T>, timeoutMs: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.stopped = new LayoutTimeoutError(`Layout of ${name} took longer than ${Math.round(timeoutMs / 1000)} s; the browser was stopped`);
        this.kill();
        reject(this.stopped);
      }, timeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the browser; if it will not close in 5 s, kills it. */
  async close(): Promise<void> {
    // Work of a failed build may still be queued; it must not start a browser again.
    this.stopped ??= new Error("the layout engine was closed");
    this.idle = [];
    const browser = this.printer?.browser;
    if (!browser) return this.kill();
    const killer = setTimeout(() => this.kill(), 5000);
    try {
      await browser.close();
    } catch {
      this.kill();
    } finally {
      clearTimeout(killer);
      running.delete(this);
      this.printer = null;
      this.removeProfile();
    }
  }

  /**
   * Kills the browser's whole process group at once (puppeteer starts it
   * as a group leader), so no renderer or helper process is left behind.
   */
  kill(): void {
    this.idle = [];
    this.lost = null;
    const pid = this.printer?.browser?.process()?.pid;
    running.delete(this);
    this.printer = null;
    if (pid) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    }
    this.removeProfile();
  }

  private removeProfile(): void {
    if (!this.profile) return;
    // Synchronous: kill() also runs just before the process exits on Ctrl-C.
    try {
      fs.rmSync(this.profile, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
    } catch {
      // A folder left in the system's temporary folder harms nothing.
    }
    this.profile = null;
  }
}

/**
 * Prints the page to PDF. pagedjs-cli starts Chromium with
 * --export-tagged-pdf, and puppeteer's page.pdf() cannot turn tagging off;
 * merging the documents drops the structure tree anyway, and building it
 * cost 15 % of the printing time and a fifth of each PDF's size (measured).
 * onPage's time limit governs the call (puppeteer's three-minute protocol
 * timeout applies to it as to every evaluate).
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
