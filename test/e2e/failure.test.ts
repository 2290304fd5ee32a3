/**
 * Failure safety: a layout that never finishes hits the timeout, and
 * neither a timeout nor Ctrl-C leaves a Chromium process behind.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildIssue } from "../../src/build.js";
import { LayoutTimeoutError } from "../../src/render/index.js";

const fixture = path.resolve("test/fixtures/issues/small");

/**
 * Live Chromium processes on the machine, by pid. Zombies are dead: where
 * PID 1 does not reap orphans (as in some containers) they linger in the
 * process table, so they are not counted.
 */
function chromiumPids(): Set<number> {
  return new Set(processes().filter((p) => !p.stat.startsWith("Z") && /chrom/.test(p.args)).map((p) => p.pid));
}

function processes(): { pid: number; stat: string; args: string }[] {
  const out = execFileSync("ps", ["-eo", "pid=,stat=,args="], { encoding: "utf8" });
  return out.split("\n").flatMap((line) => {
    const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    return match ? [{ pid: Number(match[1]), stat: match[2]!, args: match[3]! }] : [];
  });
}

/** Chromium profile folders the engine made and has not removed. */
function profiles(): Set<string> {
  return new Set(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("galley-chromium-")));
}

function newProfiles(before: Set<string>): string[] {
  return [...profiles()].filter((name) => !before.has(name));
}

async function settle(before: Set<number>): Promise<number[]> {
  for (let i = 0; i < 50; i++) {
    const left = [...chromiumPids()].filter((pid) => !before.has(pid));
    if (left.length === 0) return [];
    await new Promise((r) => setTimeout(r, 100));
  }
  return [...chromiumPids()].filter((pid) => !before.has(pid));
}

/** A copy of the classic template whose pages never finish loading. */
function hangingTemplates(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "galley-templates-"));
  fs.cpSync("templates/classic", path.join(root, "classic"), { recursive: true });
  const layout = path.join(root, "classic", "layout.hbs");
  fs.writeFileSync(layout, fs.readFileSync(layout, "utf8").replace("</head>", "<script>for (;;) {}</script>\n</head>"));
  return root;
}

describe("failure safety", () => {
  it("stops a layout that never finishes at the timeout, naming the document, with no browser left", async () => {
    const before = chromiumPids();
    const profilesBefore = profiles();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-hang-"));
    const started = Date.now();
    const error = await buildIssue({
      issueDir: fixture,
      outDir: out,
      templatesDir: hangingTemplates(),
      timeoutMs: 4000,
      concurrency: 1,
      log: () => undefined,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LayoutTimeoutError);
    expect((error as Error).message).toMatch(/^Layout of front matter took longer than 4 s; the browser was stopped$/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await settle(before)).toEqual([]);
    expect(newProfiles(profilesBefore)).toEqual([]);
    expect(fs.existsSync(path.join(out, "small.pdf"))).toBe(false);
  });

  it("leaves no browser behind when the build is interrupted with Ctrl-C", async () => {
    const before = chromiumPids();
    const profilesBefore = profiles();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-sigint-"));
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "build", fixture, "--out", out], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
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
    expect([...chromiumPids()].filter((pid) => !before.has(pid)).length).toBeGreaterThan(0);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/stopped by SIGINT; browsers closed/);
    expect(await settle(before)).toEqual([]);
    expect(newProfiles(profilesBefore)).toEqual([]);
  });
});

describe("a process that dies", () => {
  it("of an uncaught error leaves no browser and no profile folder behind", async () => {
    const before = chromiumPids();
    const profilesBefore = profiles();
    const script = [
      `const { LayoutEngine, findBrowser } = await import(${JSON.stringify(path.resolve("src/render/index.ts"))});`,
      `await LayoutEngine.start({ browserPath: findBrowser(), allowedPaths: [], timeoutMs: 10000, idleTabs: 1 });`,
      `throw new Error("an error nobody catches");`,
    ].join("\n");
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/an error nobody catches/);
    expect(await settle(before)).toEqual([]);
    expect(newProfiles(profilesBefore)).toEqual([]);
  });
});

describe("a browser crash", () => {
  it("is retried once in a new browser and the build still passes verification", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-crash-"));
    const profilesBefore = profiles();
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
            const renderers = processes().filter((p) => !p.stat.startsWith("Z") && /chrom.*--type=renderer/.test(p.args));
            for (const { pid } of renderers) process.kill(pid, "SIGKILL");
            killed = renderers.length;
          }, 300);
        }
      },
    });
    const result = await build;
    expect(killed).toBeGreaterThan(0);
    expect(lines.some((l) => /retrying once in a new browser$/.test(l))).toBe(true);
    expect(result.report.verification.passed).toBe(true);
    expect(result.report.pageCount).toBe(17);
    expect(newProfiles(profilesBefore)).toEqual([]);
  });
});
