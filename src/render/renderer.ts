/**
 * The render stage as a build sees it: composed documents in, rendered
 * documents out. A Renderer lives as long as a build session and keeps
 * what makes the next build fast: the browser (in watch mode), the layout
 * cache, and laid-out pages kept open to print again with new folios.
 */
import type { ComposedIssue, RenderedDocument, RenderedIssue } from "../model/documents.js";
import { LayoutCache } from "./cache.js";
import { LayoutEngine } from "./engine.js";
import { KeptPages } from "./kept-pages.js";
import { renderDocuments } from "./schedule.js";

export interface RendererOptions {
  /** Where layouts persist between builds; null for none. */
  cacheDir: string | null;
  /** Watch mode: keep the browser and laid-out pages (kept pages) between builds. */
  keepPages: boolean;
  concurrency: number;
  /** Fixed layout time limit per document; null to scale with size. */
  timeoutMs: number | null;
  /** For tests only: see EngineOptions.afterLayout. */
  afterLayout: string | null;
  log: (line: string) => void;
}

export class Renderer {
  private engine: LayoutEngine | null = null;
  private starting: Promise<LayoutEngine> | null = null;
  private readonly cache: LayoutCache;
  private readonly kept: KeptPages | undefined;

  constructor(private readonly options: RendererOptions) {
    this.cache = new LayoutCache(options.cacheDir);
    this.kept = options.keepPages ? new KeptPages() : undefined;
  }

  /**
   * Starts the browser (or keeps the running one if it may load the same
   * folders): called as early as the browser is known, so it starts while
   * the manuscripts are read.
   */
  start(browserPath: string, allowedPaths: string[]): Promise<LayoutEngine> {
    const previous = this.starting;
    this.starting = (async () => {
      // A start still under way (watch mode rebuilding at once after a
      // failed check) finishes first, so no second browser is started beside it.
      await previous?.catch(() => undefined);
      if (this.engine?.isUsable(allowedPaths)) return this.engine;
      await this.engine?.close();
      this.engine = await LayoutEngine.start({
        browserPath,
        allowedPaths,
        timeoutMs: this.options.timeoutMs ?? 120_000,
        idleTabs: this.options.concurrency,
        afterLayout: this.options.afterLayout ?? undefined,
      });
      return this.engine;
    })();
    // A failed start is reported by render(), which awaits it.
    this.starting.catch(() => undefined);
    return this.starting;
  }

  /**
   * Lays out and prints every document; `onPrinted` hears of each part as
   * soon as its PDF is ready, so later stages can start on it at once.
   */
  async render(composed: ComposedIssue, onPrinted: (doc: RenderedDocument) => void): Promise<RenderedIssue> {
    if (!this.starting) throw new Error("render() before start()");
    const engine = await this.starting;
    const { concurrency, timeoutMs, log } = this.options;
    const rendered = await renderDocuments(engine, composed.front, composed.parts, {
      concurrency,
      timeoutMs: timeoutMs ?? undefined,
      log,
      cache: this.cache,
      kept: this.kept,
      onPart: onPrinted,
    });
    if (!this.kept) {
      // A one-off build needs the browser no more: free its memory before merging.
      await this.closeEngine();
    }
    const keys = [composed.front, ...composed.parts].map((d) => d.key);
    await this.kept?.keepOnly(keys);
    this.cache.retainOnly(keys);
    return rendered;
  }

  async close(): Promise<void> {
    // A browser still starting would otherwise be left running.
    await this.starting?.catch(() => undefined);
    await this.kept?.keepOnly([]);
    await this.closeEngine();
  }

  private async closeEngine(): Promise<void> {
    await this.engine?.close();
    this.engine = null;
    this.starting = null;
  }
}
