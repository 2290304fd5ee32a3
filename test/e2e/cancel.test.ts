/**
 * Cancelling a build at any level ends the whole process tree within 2 s
 * and leaves nothing in the temporary folder. Each test finds the
 * processes of its own build by walking /proc from the process it
 * started, and ends only those.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { reapStaleProfiles } from "../../src/render/index.js";
import { browserLeftovers, commandLine, descendants, killAll, newLeftovers, waitGone } from "./processes.js";

const fixture = path.resolve("test/fixtures/issues/small");
let started: number[] = [];

afterEach(() => {
  // A failed test must not leave its build running.
  killAll(started);
  started = [];
});

interface Running {
  child: ChildProcess;
  stderr: () => string;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  out: string;
}

/** Starts a build of the small fixture and waits until its first document is laid out. */
async function startBuild(command: string, args: string[]): Promise<Running> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "galley-cancel-"));
  const child = spawn(command, [...args, fixture, "--out", out, "--no-cache"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no layout started: ${stderr}`)), 60_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      // A document laid out: the browser and its renderers are running.
      if (stderr.includes("layout:")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { child, stderr: () => stderr, ended, out };
}

/** Sends `signal` and returns what was still running 2 s later, and how the process ended. */
async function cancel(build: Running, signal: NodeJS.Signals) {
  const tree = descendants(build.child.pid!);
  started = [build.child.pid!, ...tree];
  const browsers = tree.filter((pid) => /--type=renderer/.test(commandLine(pid)));
  expect(browsers.length).toBeGreaterThan(0);
  build.child.kill(signal);
  const left = await waitGone([build.child.pid!, ...tree], 2000);
  return { left, browsers, ended: await build.ended };
}

describe("cancelling a build", () => {
  it("with SIGINT to `npm run build` (a cancelled CI job) ends npm, node and every Chromium process", async () => {
    const before = browserLeftovers();
    const build = await startBuild("npm", ["run", "--silent", "build", "--"]);
    const { left, ended } = await cancel(build, "SIGINT");
    expect(left).toEqual([]);
    expect(ended.code ?? ended.signal).not.toBe(0);
    expect(newLeftovers(before)).toEqual([]);
    expect(fs.existsSync(path.join(build.out, "small.pdf"))).toBe(false);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`with ${signal} to the command ends it by that signal, with every Chromium process`, async () => {
      const before = browserLeftovers();
      const build = await startBuild(process.execPath, ["scripts/galley.mjs", "build"]);
      const { left, ended } = await cancel(build, signal);
      expect(left).toEqual([]);
      // As a process without handlers would end: the shell reports 128 + the signal's number.
      expect(ended).toEqual({ code: null, signal });
      expect(newLeftovers(before)).toEqual([]);
    });
  }

  it("with SIGKILL to the command: Chromium exits with it, and the next build removes the profile", async () => {
    const before = browserLeftovers();
    const build = await startBuild(process.execPath, ["scripts/galley.mjs", "build"]);
    const { left, ended } = await cancel(build, "SIGKILL");
    // Nothing of ours ran: the browser ended because its pipe closed.
    expect(left).toEqual([]);
    expect(ended.signal).toBe("SIGKILL");
    const leftover = newLeftovers(before);
    // Only the profile (Chromium's socket folder is inside it), with its owner gone.
    expect(leftover).toHaveLength(1);
    expect(leftover[0]).toMatch(/^galley-chromium-/);
    expect(fs.readFileSync(path.join(os.tmpdir(), leftover[0]!, "owner"), "utf8")).toMatch(new RegExp(`^${build.child.pid} `));
    // Reaped in a folder of the test's own, so no other build's folders are looked at.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "galley-reap-"));
    const folder = path.join(tmp, leftover[0]!);
    fs.renameSync(path.join(os.tmpdir(), leftover[0]!), folder);
    // A young profile may belong to a browser still starting: left alone.
    expect(reapStaleProfiles(tmp)).toEqual([]);
    expect(reapStaleProfiles(tmp, Date.now() + 61_000)).toEqual([folder]);
    expect(fs.existsSync(folder)).toBe(false);
    fs.rmSync(tmp, { recursive: true });
  });
});
