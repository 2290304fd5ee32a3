/**
 * The layout engine: one headless Chromium (chromium.ts), its tabs
 * (tabs.ts) and Paged.js (pagedjs.ts), laying out many documents. A
 * laid-out document stays open until its first folio is known; the page
 * counter is set just before printing, which is what lets articles be laid
 * out in parallel and numbered afterwards.
 */
import { BrowserProcess } from "./chromium.js";
import { inspectLayout, laidOutDocument, runPagedJs } from "./pagedjs.js";
import { RequestFilter, TabPool, type Slot } from "./tabs.js";
import { LayoutCrashError, LayoutTimeoutError, type LaidOutDocument } from "./types.js";


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

/**
 * Counts browser launches across all engines, so a page from any earlier
 * browser (a crashed one, or an engine replaced after a timeout) is known.
 */
let launches = 0;

/** The running browser and what belongs to it. */
interface Current {
  process: BrowserProcess;
  tabs: TabPool;
  /** Rejects when the browser goes away. */
  lost: Promise<never>;
}

export class LayoutEngine {
  private current: Current | null = null;
  private readonly filter: RequestFilter;
  /** This engine's browser: see `launches`. One crash causes one restart. */
  generation = 0;
  private restarting: Promise<void> | null = null;
  /**
   * Set when a hang stopped the browser, or the engine was closed: nothing
   * more is laid out, and no crash brings a new browser.
   */
  private stopped: Error | null = null;

  private constructor(private readonly options: EngineOptions) {
    this.filter = new RequestFilter(options.allowedPaths);
  }

  static async start(options: EngineOptions): Promise<LayoutEngine> {
    const engine = new LayoutEngine(options);
    await engine.launch();
    return engine;
  }

  private async launch(): Promise<void> {
    const generation = ++launches;
    this.generation = generation;
    const browserProcess = await BrowserProcess.launch(this.options.browserPath);
    try {
      const { browser } = browserProcess;
      const lost = new Promise<never>((_, reject) =>
        browser.on("disconnected", () => reject(new LayoutCrashError("the browser closed unexpectedly", generation))),
      );
      lost.catch(() => undefined);
      // The tab Chromium opens at start is never used: its renderer is 80 MB.
      for (const page of await browser.pages()) await page.close();
      this.current = { process: browserProcess, tabs: new TabPool(browser, generation, this.filter, this.options.idleTabs), lost };
    } catch (error) {
      browserProcess.kill();
      throw error;
    }
  }

  /**
   * Lays out one document. A hang past `timeoutMs` kills the browser and
   * fails with the document's name; a crash fails with LayoutCrashError,
   * which the caller may retry after recover().
   */
  async layout(name: string, htmlPath: string, timeoutMs = this.options.timeoutMs): Promise<LaidOutDocument> {
    if (this.stopped) throw this.stopped;
    const { generation, current } = this;
    if (!current) throw new LayoutCrashError(`the browser is not running`, generation);
    const work = (async () => {
      const slot = await current.tabs.open();
      // Every step races the tab's crash and the browser's loss: a dead
      // renderer never answers, and puppeteer would wait minutes.
      const steps = async () => {
        await runPagedJs(slot, htmlPath);
        const { page } = slot;
        if (this.options.afterLayout) await page.evaluate(`(${this.options.afterLayout})(${JSON.stringify(name)})`);
        return inspectLayout(page);
      };
      const { pages, overflows } = await Promise.race([steps(), slot.crashed, current.lost]);
      return laidOutDocument({
        name,
        slot,
        pages,
        overflows,
        onPage: (step) => this.onPage(name, slot, current, timeoutMs, step),
        release: (s) => current.tabs.release(s),
      });
    })();
    return this.governed(name, generation, work, timeoutMs);
  }

  /**
   * Work on a laid-out document's page, under the same rules as layout: a
   * page from an earlier browser, a crash or a lost browser is a
   * LayoutCrashError (which the caller may retry), a hang a timeout.
   */
  private onPage<T>(name: string, slot: Slot, owner: Current, timeoutMs: number, work: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (owner !== this.current || slot.isCrashed) {
      return Promise.reject(new LayoutCrashError("its browser was restarted", slot.generation));
    }
    const running = work();
    return this.governed(name, slot.generation, Promise.race([running, slot.crashed, owner.lost]), timeoutMs);
  }

  /** Whether a later build may use this engine: running, and allowed the same folders. */
  isUsable(allowedPaths: readonly string[]): boolean {
    return this.current !== null && this.stopped === null && this.filter.sameAs(allowedPaths);
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

  /**
   * Runs `work` under the time limit; on timeout the whole browser is
   * killed (a hung renderer cannot be trusted). Any failure other than a
   * timeout or the engine's stop is a crash of browser `generation`.
   */
  private async governed<T>(name: string, generation: number, work: Promise<T>, timeoutMs: number): Promise<T> {
    work.catch(() => undefined);
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
    } catch (error) {
      if (this.stopped) throw this.stopped;
      if (error instanceof LayoutTimeoutError || error instanceof LayoutCrashError) throw error;
      throw new LayoutCrashError((error as Error).message, generation);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the browser; if it will not close in 5 s, kills it. */
  async close(): Promise<void> {
    // Work of a failed build may still be queued; it must not start a browser again.
    this.stopped ??= new Error("the layout engine was closed");
    const { current } = this;
    this.current = null;
    if (!current) return;
    current.tabs.close();
    await current.process.close();
  }

  /** Kills the browser with every process it started, and removes its profile. */
  kill(): void {
    const { current } = this;
    this.current = null;
    current?.tabs.close();
    current?.process.kill();
  }
}
