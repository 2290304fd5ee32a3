/**
 * Finding a Chromium. Galley never downloads a browser build of its own:
 * it uses CHROME_PATH, PUPPETEER_EXECUTABLE_PATH or a system Chromium, and
 * on Debian or Ubuntu, as root, installs Debian's chromium package.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { isExecutable } from "../files.js";

const SYSTEM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/lib/chromium/chromium",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

export const INSTALL_COMMAND = "apt-get update && apt-get install -y chromium";

export class BrowserNotFoundError extends Error {
  override name = "BrowserNotFoundError";
}

/** The environment variables that name a browser, in the order they are read. */
const BROWSER_VARIABLES = ["CHROME_PATH", "PUPPETEER_EXECUTABLE_PATH"] as const;

/**
 * The browser named by CHROME_PATH or PUPPETEER_EXECUTABLE_PATH, else the
 * first system Chromium, else null. A variable that names no executable
 * file is an error: silently using another browser would hide the mistake.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const variable of BROWSER_VARIABLES) {
    const value = env[variable];
    if (!value) continue;
    if (isExecutable(value)) return value;
    const why = fs.existsSync(value) ? "is not an executable file" : "does not exist";
    throw new BrowserNotFoundError(`${variable} is set to ${value}, which ${why}. Point it at a Chrome or Chromium executable, or unset it.`);
  }
  return SYSTEM_PATHS.find(isExecutable) ?? null;
}

/** A browser path and where it came from, for error messages: "/bin/false (from CHROME_PATH)". */
export function describeBrowser(browserPath: string, env: NodeJS.ProcessEnv = process.env): string {
  const variable = BROWSER_VARIABLES.find((name) => env[name] === browserPath);
  return `${browserPath} (${variable ? `from ${variable}` : "found on the system"})`;
}

/**
 * Returns a browser path, installing Debian's chromium when that is safe to
 * do here. Otherwise throws with the exact command to run.
 */
export function ensureBrowser(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): string {
  const found = findBrowser(env);
  if (found) return found;
  const canInstall = fs.existsSync("/etc/debian_version") && process.getuid?.() === 0;
  if (!canInstall) {
    throw new BrowserNotFoundError(
      `No Chromium found. Install one (on Debian or Ubuntu: sudo sh -c '${INSTALL_COMMAND}') ` +
        "or set CHROME_PATH to a Chrome or Chromium executable.",
    );
  }
  log(`render: no Chromium found; installing Debian's chromium (${INSTALL_COMMAND})`);
  const result = spawnSync("sh", ["-c", `${INSTALL_COMMAND} >&2`], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...env, DEBIAN_FRONTEND: "noninteractive" },
  });
  const installed = findBrowser(env);
  if (result.status !== 0 || !installed) {
    throw new BrowserNotFoundError(`Installing chromium failed (exit ${result.status}). Run as root: ${INSTALL_COMMAND}`);
  }
  return installed;
}
