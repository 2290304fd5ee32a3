/**
 * Processes a test started, found by walking /proc parent links from its
 * own child: never by name, so another build's Chromium on the same
 * machine is never counted, and never killed.
 */
import fs from "node:fs";
import os from "node:os";

interface Stat {
  pid: number;
  ppid: number;
  state: string;
}

function stat(pid: number): Stat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, state: fields[0]!, ppid: Number(fields[1]) };
  } catch {
    return null;
  }
}

/** Whether `pid` is running. Zombies are dead: where PID 1 does not reap orphans they linger in the table. */
export function isAlive(pid: number): boolean {
  const s = stat(pid);
  return s !== null && s.state !== "Z" && s.state !== "X";
}

/** Every live process below `root`, by parent links. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  }
  const found: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    if (isAlive(pid)) found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** The command line of `pid`, or "" if it is gone. */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** Waits up to `ms` for every pid to end; returns those still alive. */
export async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  for (;;) {
    const left = pids.filter(isAlive);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Kills what a test started and left, by id, so a failing test leaves nothing running. */
export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** Names in the temporary folder that Chromium or the engine make. */
export function browserLeftovers(): Set<string> {
  return new Set(fs.readdirSync(os.tmpdir()).filter((name) => /^(galley-chromium-|org\.chromium\.Chromium\.)/.test(name)));
}

export function newLeftovers(before: Set<string>): string[] {
  return [...browserLeftovers()].filter((name) => !before.has(name));
}
