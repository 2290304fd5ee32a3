/**
 * Finding a Chromium. Galley never downloads a browser build of its own:
 * it uses CHROME_PATH, PUPPETEER_EXECUTABLE_PATH or a system Chromium, and
 * on Debian or Ubuntu, as root, installs Debian's chromium package.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";

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

export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const candidate of [env.CHROME_PATH, env.PUPPETEER_EXECUTABLE_PATH, ...SYSTEM_PATHS]) {
    if (candidate && isExecutable(candidate)) return candidate;
  }
  return null;
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

/** Flags for headless Chromium on a build machine with no network. */
export function browserArgs(): string[] {
  const args = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--font-render-hinting=none",
    // Several documents are laid out at once, each in its own tab; without
    // these, Chromium starves every tab but the front one and they hang.
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
  ];
  // Chromium refuses to start its sandbox as root.
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  return args;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
