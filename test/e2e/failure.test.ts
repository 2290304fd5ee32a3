/**
 * Failure safety: a layout that never finishes hits the timeout, and
 * neither a timeout nor Ctrl-C leaves a Chromium process behind, or
 * anything in the temporary folder. Processes are those this test started,
 * found by parent links: other builds on the machine are left alone.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildIssue } from "../../src/build.js";
import { LayoutTimeoutError } from "../../src/render/index.js";
import { browserLeftovers, commandLine, descendants, newLeftovers, waitGone } from "./processes.js";

const fixture = path.resolve("test/fixtures/issues/small");

/** Live processes this test process started (its in-process builds' browsers), by parent links. */
const mine = () => descendants(process.pid);

/** Waits up to 2 s for every process in `pids` to end; returns those left. */
const settle = (pids: number[]) => waitGone(pids, 2000);

/** A copy of the classic template whose pages never finish loading: its own layout.hbs over the base's. */
function hangingTemplates(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "galley-templates-"));
  fs.cpSync("templates/classic", path.join(root, "classic"), { recursive: true });
  const layout = fs.readFileSync("templates/base/layout.hbs", "utf8");
  fs.writeFileSync(path.join(root, "classic", "layout.hbs"), layout.replace("</head>", "<script>for (;;) {}</script>\n</head>"));
  return root;
}

describe("failure safety", () => {
  it("stops a layout that never finishes at the timeout, naming the document, with no browser left", async () => {
    const profilesBefore = browserLeftovers();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-hang-"));
    const started = Date.now();
    let browsers: number[] = [];
    const sample = setInterval(() => (browsers = [...new Set([...browsers, ...mine()])]), 200);
    const error = await buildIssue({
      issueDir: fixture,
      outDir: out,
      templatesDir: hangingTemplates(),
      timeoutMs: 4000,
      concurrency: 1,
      log: () => undefined,
    }).catch((e: unknown) => e);
    clearInterval(sample);
    expect(browsers.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(LayoutTimeoutError);
    expect((error as Error).message).toMatch(/^Layout of front matter took longer than 4 s; the browser was stopped$/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await settle(browsers)).toEqual([]);
    expect(newLeftovers(profilesBefore)).toEqual([]);
    expect(fs.existsSync(path.join(out, "small.pdf"))).toBe(false);
  });

  it("leaves no browser behind when the build is interrupted with Ctrl-C", async () => {
    const profilesBefore = browserLeftovers();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-sigint-"));
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "build", fixture, "--out", out], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no layout started: ${stderr}`)), 60_000);
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        // A first document laid out: the browser and its renderers are running.
        if (stderr.includes("layout:")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const tree = descendants(child.pid!);
    expect(tree.length).toBeGreaterThan(0);
    child.kill("SIGINT");
    // Ended by the signal, as a process without handlers would be (the shell reports 130).
    expect(await exited).toBe("SIGINT");
    expect(await settle(tree)).toEqual([]);
    expect(newLeftovers(profilesBefore)).toEqual([]);
  });
});

describe("a process that dies", () => {
  it("of an uncaught error leaves no browser and no profile folder behind", async () => {
    const profilesBefore = browserLeftovers();
    const script = [
      `const { LayoutEngine, findBrowser } = await import(${JSON.stringify(path.resolve("src/render/index.ts"))});`,
      `await LayoutEngine.start({ browserPath: findBrowser(), allowedPaths: [], timeoutMs: 10000, idleTabs: 1 });`,
      `throw new Error("an error nobody catches");`,
    ].join("\n");
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let tree: number[] = [];
    const sample = setInterval(() => (tree = [...new Set([...tree, ...descendants(child.pid!)])]), 50);
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    clearInterval(sample);
    expect(code).toBe(1);
    expect(stderr).toMatch(/an error nobody catches/);
    expect(tree.some((pid) => pid !== child.pid)).toBe(true);
    expect(await settle(tree)).toEqual([]);
    expect(newLeftovers(profilesBefore)).toEqual([]);
  });
});

describe("a browser crash", () => {
  it("is retried once in a new browser and the build still passes verification", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-crash-"));
    const profilesBefore = browserLeftovers();
    const lines: string[] = [];
    // Test-only hook: "ledgers" holds its renderer busy for a moment after
    // layout, long enough for the test to kill the browser's renderers.
    const hold = `(name) => { if (name === "ledgers") { const until = Date.now() + 1500; while (Date.now() < until) {} } }`;
    let killed = 0;
    const build = buildIssue({
      issueDir: fixture,
      outDir: out,
      cache: false,
      afterLayout: hold,
      log: (line) => {
        lines.push(line);
        if (killed === 0 && line.startsWith("layout: tides")) {
          killed = -1;
          setTimeout(() => {
            // Only the renderers of this build's own browser: other builds may run on this machine.
            const renderers = mine().filter((pid) => /--type=renderer/.test(commandLine(pid)));
            for (const pid of renderers) process.kill(pid, "SIGKILL");
            killed = renderers.length;
          }, 300);
        }
      },
    });
    const result = await build;
    expect(killed).toBeGreaterThan(0);
    expect(lines.some((l) => /retrying once in a new browser$/.test(l))).toBe(true);
    expect(result.report.verification.passed).toBe(true);
    expect(result.report.pageCount).toBe(20);
    expect(newLeftovers(profilesBefore)).toEqual([]);
  });
});
