/**
 * The tab pool of one browser: tabs kept between documents, retired after
 * a few, each refusing every request outside the allowed folders and
 * watching for its renderer's crash.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CDPSession, PuppeteerBrowser, PuppeteerPage } from "pagedjs-cli";
import { isInside } from "../paths.js";
import { scriptBundleDir } from "./scripts.js";
import { LayoutCrashError } from "./types.js";

/**
 * A tab kept between documents: a new one costs a renderer process, its
 * font decoding and a fresh compile of Paged.js (measured: about 0.3 s of
 * the 0.45 s each document cost).
 */
export interface Slot {
  page: PuppeteerPage;
  /** The tab's own protocol session, for what puppeteer does not offer. */
  session: CDPSession;
  /** Rejects if the page's renderer crashes; a crashed slot is never reused. */
  crashed: Promise<never>;
  isCrashed: boolean;
  /** Requests refused while the current document loaded. */
  blocked: string[];
  /** The browser it lives in: see LayoutEngine.generation. */
  generation: number;
  /** Documents laid out in it so far. */
  uses: number;
}

/**
 * A tab is retired after this many documents: a renderer's memory grows
 * with each (measured: peak 1.7 GB at 640 pages with tabs never retired).
 */
const USES_PER_TAB = 6;
/**
 * How long a released tab waits for the next document before it is
 * emptied. Taken again at once, it is not: the next document's navigation
 * replaces the last one's, and a navigation to about:blank between them
 * cost about 50 ms of the browser process's CPU and 45–70 ms before the
 * next document could start (measured). One left idle, at the end of a
 * build or in watch mode, is emptied, so it holds no document's memory.
 */
export const EMPTY_AFTER_MS = 500;

interface InterceptedRequest {
  url(): string;
  continue(): Promise<void>;
  abort(reason?: string): Promise<void>;
}

export class TabPool {
  /** Tabs free for the next document. */
  private idle: Slot[] = [];
  /** Idle tabs not emptied yet: the timer that will, or the navigation that is emptying them (true once done). */
  private unemptied = new Map<Slot, { timer: NodeJS.Timeout; emptying?: Promise<boolean> }>();
  private closed = false;

  constructor(
    private readonly browser: PuppeteerBrowser,
    private readonly generation: number,
    private readonly filter: RequestFilter,
    /** Tabs kept for the next documents: as many as are laid out at once. */
    private readonly idleTabs: number,
  ) {}

  async open(): Promise<Slot> {
    for (let idle = this.idle.pop(); idle; idle = this.idle.pop()) {
      if (!(await this.takeBack(idle))) continue;
      idle.blocked = [];
      idle.uses++;
      return idle;
    }
    if (this.closed) throw new LayoutCrashError("the browser is not running", this.generation);
    // Tabs share one window. Only its front tab gets animation frames,
    // which is why page-scripts/tick.js gives Paged.js a tick of its own:
    // without it a background tab's layout would wait forever. A window
    // per tab (a browser context each) costs 50 MB for its browser UI, and
    // the same 13 articles took 6.9 s to lay out and print instead of 4.6 s.
    return this.guard(await this.browser.newPage());
  }

  /** Puts a slot back for the next document, emptied unless taken again at once (EMPTY_AFTER_MS); a crashed or worn one is closed. */
  async release(slot: Slot): Promise<void> {
    // A tab of a browser that is gone needs nothing: talking to it would
    // only wait for puppeteer's three-minute protocol timeout.
    if (this.closed) return;
    // Idle tabs beyond one per document laid out at once only hold memory
    // (watch mode keeps a tab per document, and closes them by the dozen).
    if (slot.isCrashed || slot.uses >= USES_PER_TAB || this.idle.length >= this.idleTabs) {
      void slot.page.close().catch(() => undefined);
      return;
    }
    this.idle.push(slot);
    // Unreferenced: a timer left running would keep the process alive after the build.
    const timer = setTimeout(() => void this.empty(slot), EMPTY_AFTER_MS).unref();
    this.unemptied.set(slot, { timer });
  }

  /** Empties an idle tab (about:blank); one that does not empty within 5 s, or crashes, is closed. */
  private async empty(slot: Slot): Promise<void> {
    const entry = this.unemptied.get(slot);
    if (!entry || this.closed) return;
    let limit: NodeJS.Timeout | undefined;
    entry.emptying = Promise.race([
      slot.page.goto("about:blank").then(() => true, () => false),
      slot.crashed.catch(() => false),
      new Promise<boolean>((resolve) => (limit = setTimeout(() => resolve(false), 5000))),
    ]);
    const emptied = await entry.emptying;
    clearTimeout(limit);
    this.unemptied.delete(slot);
    if (emptied && !this.closed) return;
    this.idle = this.idle.filter((s) => s !== slot);
    void slot.page.close().catch(() => undefined);
  }

  /** Takes an idle tab back for a document: false, and it is closed, if it could not be emptied. */
  private async takeBack(slot: Slot): Promise<boolean> {
    const entry = this.unemptied.get(slot);
    if (!entry) return true;
    clearTimeout(entry.timer);
    this.unemptied.delete(slot);
    if (!entry.emptying || (await entry.emptying)) return true;
    void slot.page.close().catch(() => undefined);
    return false;
  }

  /** The browser is closing or gone: no tab is reused or talked to again. */
  close(): void {
    this.closed = true;
    this.idle = [];
    for (const { timer } of this.unemptied.values()) clearTimeout(timer);
    this.unemptied.clear();
  }

  /** Refuses every request outside the allowed folders, and watches for crashes. */
  private async guard(page: PuppeteerPage): Promise<Slot> {
    const { generation } = this;
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
      if (this.filter.allows(url)) {
        void request.continue().catch(() => undefined);
      } else {
        slot.blocked.push(url);
        void request.abort("blockedbyclient").catch(() => undefined);
      }
    });
    return slot;
  }
}

/**
 * What a page may load: `data:`, `blob:` and `about:` URLs, and files
 * inside the allowed folders and those of the page scripts. pagedjs-cli's
 * own `allowedPaths` compares URL-encoded paths with plain ones, which
 * refuses folders with spaces or accents; this compares decoded paths.
 */
export class RequestFilter {
  /**
   * The allowed folders, with their real paths and that of their
   * node_modules: packages resolve to real paths, and node_modules may be
   * a link to another checkout's (a git worktree, pnpm).
   */
  private readonly roots: string[];

  constructor(readonly allowedPaths: readonly string[]) {
    this.roots = [...new Set([...allowedPaths, scriptBundleDir()].flatMap((root) => [root, ...realPaths(root)]))];
  }

  allows(url: string): boolean {
    if (/^(data|blob|about):/.test(url)) return true;
    if (!url.startsWith("file:")) return false;
    let file: string;
    try {
      file = fileURLToPath(url);
    } catch {
      return false;
    }
    return this.roots.some((root) => isInside(root, file));
  }

  /** Whether it allows the same folders as `allowedPaths`. */
  sameAs(allowedPaths: readonly string[]): boolean {
    return allowedPaths.length === this.allowedPaths.length && allowedPaths.every((p) => this.allowedPaths.includes(p));
  }
}

function realPaths(root: string): string[] {
  const found: string[] = [];
  for (const folder of [root, path.join(root, "node_modules")]) {
    try {
      found.push(fs.realpathSync(folder));
    } catch {
      // Not there: nothing to allow.
    }
  }
  return found;
}
