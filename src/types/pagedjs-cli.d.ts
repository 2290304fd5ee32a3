// pagedjs-cli ships no type declarations; this covers what src/render uses.
declare module "pagedjs-cli" {
  import { EventEmitter } from "node:events";

  export interface PrinterOptions {
    allowLocal?: boolean;
    allowRemote?: boolean;
    allowedPaths?: string[];
    additionalScripts?: string[];
    browserArgs?: string[];
    timeout?: number;
    closeAfter?: boolean;
  }

  export interface PuppeteerPage {
    evaluate<T, A extends unknown[]>(fn: ((...args: A) => T | Promise<T>) | string, ...args: A): Promise<T>;
    addStyleTag(options: { content: string }): Promise<unknown>;
    pdf(options: Record<string, unknown>): Promise<Uint8Array>;
    close(): Promise<void>;
    on(event: string, handler: (arg: unknown) => void): void;
    setRequestInterception(enabled: boolean): Promise<void>;
    emulateMediaType(type: string): Promise<void>;
    goto(url: string, options?: { waitUntil?: string; timeout?: number }): Promise<unknown>;
    url(): string;
    evaluateOnNewDocument(fn: () => void): Promise<unknown>;
    target(): { createCDPSession(): Promise<CDPSession> };
  }

  export interface CDPSession {
    send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  }

  export interface PuppeteerBrowser {
    newPage(): Promise<PuppeteerPage>;
    pages(): Promise<PuppeteerPage[]>;
    close(): Promise<void>;
    process(): { pid?: number; kill(signal?: string): boolean } | null;
    on(event: string, handler: () => void): void;
  }

  export default class Printer extends EventEmitter {
    constructor(options?: PrinterOptions);
    browser?: PuppeteerBrowser;
    setup(): Promise<PuppeteerBrowser>;
    render(input: string | { url?: string; html?: string }): Promise<PuppeteerPage>;
    close(): Promise<void>;
  }
}
