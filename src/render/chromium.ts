/**
 * The browser process: Chromium started by the engine itself (not by
 * puppeteer or pagedjs-cli's Printer), talked to over a pipe, in a profile
 * folder of its own, and the set of running browsers that the process's
 * exit hook kills.
 *
 * Over a pipe (--remote-debugging-pipe) rather than a port, Chromium exits
 * when the pipe closes: when Node dies, even of SIGKILL, so no browser
 * outlives the process that started it. Started as a process group leader,
 * it is killed with all its renderers and helpers at once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import type { Readable, Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import type { PuppeteerBrowser } from "pagedjs-cli";
import { describeBrowser } from "./browser.js";
import { chromiumFlags } from "./flags.js";
import { createProfile, reapStaleProfiles, removeProfile, type Profile } from "./profile.js";

export class BrowserStartError extends Error {
  override name = "BrowserStartError";
}

/** How long Chromium may take to answer on its pipe after starting. */
const START_TIMEOUT_MS = 30_000;
/** The last this many characters of the browser's error output go into a start error. */
const STDERR_TAIL = 2000;

export class BrowserProcess {
  /** Set once the protocol answers on the pipe. */
  browser!: PuppeteerBrowser;

  private constructor(
    private readonly child: ChildProcess,
    private profile: Profile | null,
    /** Settles when the process has ended. */
    readonly exited: Promise<void>,
  ) {}

  static async launch(browserPath: string): Promise<BrowserProcess> {
    // What earlier browsers killed outright (SIGKILL) left behind.
    reapStaleProfiles();
    const profile = createProfile();
    const args = [...chromiumFlags(), "--remote-debugging-pipe", `--user-data-dir=${profile.dataDir}`, "about:blank"];
    const child = spawn(browserPath, args, {
      // A group of its own, so kill() ends every renderer and helper with it.
      detached: true,
      // fd 3: what the browser reads, fd 4: what it writes.
      stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
      env: { ...process.env, TMPDIR: profile.tmpDir },
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL)));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const failed = new Promise<never>((_, reject) => {
      const fail = (reason: string) => reject(new BrowserStartError(startFailure(browserPath, reason, stderr)));
      child.once("error", (error) => fail(error.message));
      // "close": the error output is complete only then.
      child.once("close", (code, signal) => fail(signal ? `killed by ${signal}` : `exit code ${code}`));
      setTimeout(() => fail(`no answer in ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS).unref();
    });
    failed.catch(() => undefined);
    const started = new BrowserProcess(child, profile, exited);
    running.add(started);
    installExitHook();
    try {
      const transport = new PipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable);
      started.browser = await Promise.race([
        connect(transport),
        failed,
      ]).catch(async (error: unknown) => {
        // The pipe closes as the process ends: report how it ended, with its output, if it has.
        await Promise.race([failed, new Promise((resolve) => setTimeout(resolve, 1000))]);
        throw error;
      });
      return started;
    } catch (error) {
      started.kill();
      throw error;
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Closes the browser; if it will not close in 5 s, kills it. */
  async close(): Promise<void> {
    const killer = setTimeout(() => this.kill(), 5000);
    try {
      await Promise.race([this.browser.close(), this.exited]);
      await this.exited;
    } catch {
      this.kill();
    } finally {
      clearTimeout(killer);
      this.forget();
    }
  }

  /**
   * Kills the browser's whole process group at once, so no renderer or
   * helper process is left behind, and removes its profile. Synchronous:
   * it runs in the exit hook.
   */
  kill(): void {
    const { pid } = this.child;
    if (pid) {
      // The group, even when its leader has died (a crash): its renderers
      // and helpers may live on, and the group's id is not reused while any do.
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // The whole group is gone.
      }
    }
    this.forget();
  }

  private forget(): void {
    running.delete(this);
    if (running.size === 0) removeExitHook();
    if (this.profile) removeProfile(this.profile);
    this.profile = null;
  }
}

function startFailure(browserPath: string, reason: string, stderr: string): string {
  const tail = stderr.trim();
  return `The browser at ${describeBrowser(browserPath)} failed to start: ${reason}${tail ? `. Its last output:\n${tail}` : ""}`;
}

/** puppeteer as pagedjs-cli depends on it: Galley only connects it to the pipe. */
async function connect(transport: PipeTransport): Promise<PuppeteerBrowser> {
  const cli = createRequire(import.meta.url).resolve("pagedjs-cli");
  const puppeteerPath = createRequire(cli).resolve("puppeteer");
  const { default: puppeteer } = (await import(pathToFileURL(puppeteerPath).href)) as {
    default: { connect(options: { transport: PipeTransport; defaultViewport: { width: number; height: number } }): Promise<PuppeteerBrowser> };
  };
  return puppeteer.connect({ transport, defaultViewport: { width: 800, height: 600 } });
}

/** The DevTools protocol over Chromium's pipe: JSON messages, each ended by a NUL byte. */
class PipeTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private closed = false;

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    input.on("data", (chunk: Buffer) => this.receive(chunk));
    input.on("close", () => this.onclose?.());
    // A browser that exits at once closes the pipe under a write: the exit is reported instead.
    input.on("error", () => undefined);
    out.on("error", () => undefined);
  }

  send(message: string): void {
    if (!this.closed) this.out.write(`${message}\0`);
  }

  close(): void {
    this.closed = true;
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      this.pending.push(chunk.subarray(start, end));
      const message = Buffer.concat(this.pending).toString("utf8");
      this.pending = [];
      start = end + 1;
      this.onmessage?.(message);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }
}

/** Every browser running, so the exit hook can end them all. */
const running = new Set<BrowserProcess>();

/** Kills every browser Galley started, at once. */
export function killAllBrowsers(): void {
  for (const browser of [...running]) browser.kill();
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * The one exit hook, for the command and for programs using Galley alike,
 * installed while a browser runs. On exit (an uncaught error, a call to
 * process.exit) it kills every browser. On SIGINT, SIGTERM or SIGHUP it
 * kills every browser and, if nothing else listens for that signal, raises
 * it again so the process ends as it would have without the hook (exit
 * status 128 + the signal's number). A program with its own listener
 * decides itself how to end; Galley never calls process.exit.
 */
function onSignal(signal: NodeJS.Signals): void {
  killAllBrowsers();
  if (process.listenerCount(signal) > 0) return;
  process.kill(process.pid, signal);
}

let hooked = false;

function installExitHook(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", killAllBrowsers);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function removeExitHook(): void {
  if (!hooked) return;
  hooked = false;
  process.off("exit", killAllBrowsers);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}
