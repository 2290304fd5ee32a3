/**
 * A Chromium for tests that look at the preview as a designer would: the
 * build's own flags, but host lookups allowed for the loopback address the
 * preview listens on, and a DevTools port (0: any free one) that
 * puppeteer connects to. Started as a process group of its own, in a
 * profile folder of its own, and ended by its process id.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromiumFlags } from "../../src/render/flags.js";

/** What the tests use of puppeteer's page. */
export interface ViewerPage {
  goto(url: string, options?: { waitUntil?: string; timeout?: number }): Promise<unknown>;
  evaluate<T, A extends unknown[]>(fn: (...args: A) => T | Promise<T>, ...args: A): Promise<T>;
  waitForFunction<A extends unknown[]>(fn: (...args: A) => unknown, options: { timeout: number; polling?: number | string }, ...args: A): Promise<unknown>;
  screenshot(options: { path: string }): Promise<unknown>;
  on(event: string, handler: (arg: unknown) => void): void;
  close(): Promise<void>;
}

interface Browser {
  newPage(): Promise<ViewerPage>;
  disconnect(): Promise<void> | void;
}

export interface ViewerBrowser {
  browser: Browser;
  pid: number;
  close(): Promise<void>;
}

export async function startViewerBrowser(browserPath = "/usr/bin/chromium"): Promise<ViewerBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "galley-viewer-"));
  const flags = chromiumFlags().map((flag) => (flag.startsWith("--host-resolver-rules=") ? `${flag}, EXCLUDE 127.0.0.1` : flag));
  const child: ChildProcess = spawn(browserPath, [...flags, "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, TMPDIR: profile },
  });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
  const kill = async () => {
    // The whole group: the browser and every renderer it started.
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Already gone.
    }
    await exited;
    fs.rmSync(profile, { recursive: true, force: true });
  };
  let browser: Browser;
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let text = "";
      const timer = setTimeout(() => reject(new Error(`no DevTools endpoint from the browser: ${text}`)), 30_000);
      child.stderr!.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once("exit", (code) => reject(new Error(`the browser exited (${code}): ${text}`)));
    });
    const cli = createRequire(import.meta.url).resolve("pagedjs-cli");
    const { default: puppeteer } = (await import(pathToFileURL(createRequire(cli).resolve("puppeteer")).href)) as {
      default: { connect(options: { browserWSEndpoint: string; defaultViewport: { width: number; height: number } }): Promise<Browser> };
    };
    browser = await puppeteer.connect({ browserWSEndpoint: endpoint, defaultViewport: { width: 1400, height: 1000 } });
  } catch (error) {
    await kill();
    throw error;
  }
  return {
    browser,
    pid: child.pid!,
    close: async () => {
      try {
        await browser.disconnect();
      } catch {
        // Already gone.
      }
      await kill();
    },
  };
}
