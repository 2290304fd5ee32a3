/**
 * The browser's profile folder: `galley-chromium-*` in the system's
 * temporary folder, holding the user data folder (`data/`), the browser's
 * own TMPDIR (`tmp/`) and the id of the process that owns it (`owner`).
 *
 * Chromium makes an `org.chromium.Chromium.*` folder in TMPDIR for its
 * single-instance socket and removes it only on a clean exit; with TMPDIR
 * inside the profile, a killed browser leaves nothing beside it. A profile
 * whose owner was killed outright (SIGKILL, so no code of ours ran) is
 * removed by the next build that finds it (reapStaleProfiles).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const PREFIX = "galley-chromium-";
/** A profile or socket folder younger than this may belong to a browser still starting. */
const STALE_AFTER_MS = 60_000;

export interface Profile {
  root: string;
  /** Chromium's --user-data-dir. */
  dataDir: string;
  /** The browser's TMPDIR. */
  tmpDir: string;
}

export function createProfile(): Profile {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
  const profile = { root, dataDir: path.join(root, "data"), tmpDir: path.join(root, "tmp") };
  fs.mkdirSync(profile.dataDir);
  fs.mkdirSync(profile.tmpDir);
  fs.writeFileSync(path.join(root, "owner"), ownerRecord(process.pid) ?? String(process.pid));
  return profile;
}

/** Synchronous: it also runs just before the process exits on a signal. */
export function removeProfile(profile: Profile): void {
  try {
    fs.rmSync(profile.root, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  } catch {
    // A folder left in the system's temporary folder harms nothing, and the next build removes it.
  }
}

/**
 * Removes what killed browsers of Galley's left in the temporary folder:
 * its profiles older than a minute whose owner is gone and that no running
 * browser uses. Chromium's own socket folders live inside the profile, so
 * they go with it; nothing of any other program's is touched. Returns the
 * folders removed.
 */
export function reapStaleProfiles(tmp = os.tmpdir(), now = Date.now()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return [];
  }
  const candidates = names
    .filter((name) => name.startsWith(PREFIX))
    .map((name) => path.join(tmp, name))
    .filter((folder) => olderThan(folder, now - STALE_AFTER_MS));
  if (candidates.length === 0) return [];
  const inUse = userDataDirsInUse();
  const removed: string[] = [];
  for (const folder of candidates) {
    const stale = !ownerAlive(folder) && inUse !== null && ![...inUse].some((dir) => dir === folder || dir.startsWith(`${folder}/`));
    if (!stale) continue;
    try {
      fs.rmSync(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch {
      // Another user's, or removed meanwhile.
    }
  }
  return removed;
}

function olderThan(folder: string, time: number): boolean {
  try {
    return fs.lstatSync(folder).mtimeMs < time;
  } catch {
    return false;
  }
}

/** "pid start-time": a pid alone may have been reused by the time anyone reads it. */
function ownerRecord(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const startTime = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    return `${pid} ${startTime}`;
  } catch {
    return null;
  }
}

function ownerAlive(folder: string): boolean {
  let recorded: string;
  try {
    recorded = fs.readFileSync(path.join(folder, "owner"), "utf8").trim();
  } catch {
    // No owner recorded: made by an older Galley, or still being made. Only its age decides.
    return false;
  }
  const pid = Number(recorded.split(" ")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // Alive: the same process, unless the pid was reused (then the start time differs).
  const current = ownerRecord(pid);
  return current === null || !recorded.includes(" ") || current === recorded;
}

/**
 * The --user-data-dir of every process running (Linux), or null if
 * unknown: a profile made by an older Galley records no owner, and its
 * browser's command line is the only sign it is in use.
 */
function userDataDirsInUse(): Set<string> | null {
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return null;
  }
  const dirs = new Set<string>();
  for (const pid of pids) {
    try {
      for (const arg of fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")) {
        if (arg.startsWith("--user-data-dir=")) dirs.add(path.resolve(arg.slice("--user-data-dir=".length)));
      }
    } catch {
      // Ended while we looked, or not ours to read.
    }
  }
  return dirs;
}

