/**
 * One headless Chromium, driven through pagedjs-cli's Printer, laying out
 * many Paged.js documents. A laid-out document stays open until its first
 * folio is known; the page counter is set just before printing, which is
 * what lets articles be laid out in parallel and numbered afterwards.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import type Printer from "pagedjs-cli";
import type { PuppeteerPage } from "pagedjs-cli";
import { browserArgs } from "./browser.js";

export interface EngineOptions {
  browserPath: string;
  /** Folders the page may load files from; everything else is refused. */
  allowedPaths: string[];
  /** Longest a single document's layout may take. */
  timeoutMs: number;
  /**
   * For tests only: JavaScript source of a function run in the page once it
   * is laid out, given the document's name, to break the layout on purpose.
   */
  afterLayout?: string;
}

/** Paged.js handlers Galley adds to every document (see each file). */
const PAGE_SCRIPTS = ["breaks.js", "inspect.js"].map((name) => fileURLToPath(new URL(`./page-scripts/${name}`, import.meta.url)));

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
  /** Replaces the text of `[data-folio-for=id]` elements: contents folios. */
  fillFolios(folios: Record<string, string>): Promise<void>;
  /** Prints with the first page numbered `startFolio`, then closes the page. */
  print(startFolio: number): Promise<Uint8Array>;
  dispose(): Promise<void>;
}

export class LayoutEngine {
  private constructor(
    private readonly printer: Printer,
    private readonly options: EngineOptions,
  ) {}

  static async start(options: EngineOptions): Promise<LayoutEngine> {
    // pagedjs-cli gives no way to pass the browser path: puppeteer reads it
    // from the environment when the module is first imported.
    process.env.PUPPETEER_EXECUTABLE_PATH = options.browserPath;
    process.env.PUPPETEER_SKIP_DOWNLOAD = "1";
    const { default: PrinterClass } = await import("pagedjs-cli");
    const printer = new PrinterClass({
      allowLocal: true,
      allowRemote: false,
      allowedPaths: options.allowedPaths,
      additionalScripts: PAGE_SCRIPTS,
      browserArgs: browserArgs(),
      timeout: options.timeoutMs,
      closeAfter: false,
    });
    const browser = await printer.setup();
    // Printer opens every document with browser.newPage(), a tab in one
    // window; Chromium only lays out the visible tab, so parallel documents
    // hang. A fresh browser context per page gives each its own window.
    browser.newPage = async () => (await browser.createIncognitoBrowserContext()).newPage();
    return new LayoutEngine(printer, options);
  }

  async layout(name: string, htmlPath: string): Promise<LaidOutDocument> {
    const page = await this.withTimeout(name, this.printer.render({ url: pathToFileURL(htmlPath).href }));
    if (this.options.afterLayout) await page.evaluate(`(${this.options.afterLayout})(${JSON.stringify(name)})`);
    // inspect.js (a page script) defines this; see its header.
    const { pages, overflows } = await page.evaluate(
      () => (window as unknown as { galleyInspectLayout(): { pages: PageInfo[]; overflows: Overflow[] } }).galleyInspectLayout(),
    );
    return this.laidOut(name, page, pages, overflows);
  }

  private laidOut(name: string, page: PuppeteerPage, pages: PageInfo[], overflows: Overflow[]): LaidOutDocument {
    let open = true;
    const dispose = async () => {
      if (open) {
        open = false;
        await page.close().catch(() => undefined);
        await page.browserContext().close().catch(() => undefined);
      }
    };
    return {
      name,
      pageCount: pages.length,
      pages,
      overflows,
      fillFolios: async (folios) => {
        await page.evaluate((entries: Record<string, string>) => {
          for (const [id, folio] of Object.entries(entries)) {
            for (const el of document.querySelectorAll(`[data-folio-for="${CSS.escape(id)}"]`)) el.textContent = folio;
          }
        }, folios);
      },
      print: async (startFolio) => {
        try {
          // Paged.js increments `page` once per page from the counter-reset
          // on .pagedjs_pages, so reset to one less than the first folio.
          await page.addStyleTag({ content: `.pagedjs_pages { counter-reset: page ${startFolio - 1}; }` });
          return await this.withTimeout(
            name,
            page.pdf({
              printBackground: true,
              displayHeaderFooter: false,
              preferCSSPageSize: true,
              margin: { top: 0, right: 0, bottom: 0, left: 0 },
              timeout: this.options.timeoutMs,
            }),
          );
        } finally {
          await dispose();
        }
      },
      dispose,
    };
  }

  private async withTimeout<T>(name: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new LayoutTimeoutError(`Layout of ${name} took longer than ${Math.round(this.options.timeoutMs / 1000)} s`));
      }, this.options.timeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the browser; if it will not close, kills its process. */
  async close(): Promise<void> {
    const browser = this.printer.browser;
    if (!browser) return;
    const killer = setTimeout(() => browser.process()?.kill("SIGKILL"), 5000);
    try {
      await browser.close();
    } catch {
      browser.process()?.kill("SIGKILL");
    } finally {
      clearTimeout(killer);
    }
  }

  /** Kills the browser at once, for timeouts and interrupts. */
  kill(): void {
    this.printer.browser?.process()?.kill("SIGKILL");
  }
}
