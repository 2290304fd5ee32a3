/**
 * Finding Ghostscript and the CMYK profile the press file's output intent
 * names, as the render stage finds Chromium: GALLEY_GS or the system's
 * `gs`, and on Debian or Ubuntu, as root, Debian's ghostscript package
 * installed when none is found. Anywhere else the command to run is given.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { isExecutable } from "../files.js";

const SYSTEM_PATHS = ["/usr/bin/gs", "/usr/local/bin/gs", "/opt/homebrew/bin/gs"];

export const GS_INSTALL_COMMAND = "apt-get update && apt-get install -y ghostscript";

/**
 * CMYK profiles Ghostscript ships (Debian's libgs-common puts them under
 * /usr/share/color/icc/ghostscript); the first found is the output intent.
 */
const CMYK_PROFILES = [
  "/usr/share/color/icc/ghostscript/default_cmyk.icc",
  "/usr/share/ghostscript/iccprofiles/default_cmyk.icc",
  "/usr/local/share/ghostscript/iccprofiles/default_cmyk.icc",
  "/opt/homebrew/share/ghostscript/iccprofiles/default_cmyk.icc",
];

export class GhostscriptNotFoundError extends Error {
  override name = "GhostscriptNotFoundError";
}

export function findGhostscript(env: NodeJS.ProcessEnv = process.env): string | null {
  const named = env.GALLEY_GS;
  if (named) {
    if (isExecutable(named)) return named;
    throw new GhostscriptNotFoundError(`GALLEY_GS is set to ${named}, which is not an executable file. Point it at gs, or unset it.`);
  }
  return SYSTEM_PATHS.find(isExecutable) ?? null;
}

/** Ghostscript's path, installing Debian's package where that is safe; otherwise throws with the command to run. */
export function ensureGhostscript(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): string {
  const found = findGhostscript(env);
  if (found) return found;
  const canInstall = fs.existsSync("/etc/debian_version") && process.getuid?.() === 0;
  if (!canInstall) {
    throw new GhostscriptNotFoundError(`No Ghostscript found, which the press file needs. Install it (on Debian or Ubuntu: sudo sh -c '${GS_INSTALL_COMMAND}') or set GALLEY_GS.`);
  }
  log(`press: no Ghostscript found; installing Debian's ghostscript (${GS_INSTALL_COMMAND})`);
  const result = spawnSync("sh", ["-c", `${GS_INSTALL_COMMAND} >&2`], { stdio: ["ignore", "inherit", "inherit"], env: { ...env, DEBIAN_FRONTEND: "noninteractive" } });
  const installed = findGhostscript(env);
  if (result.status !== 0 || !installed) throw new GhostscriptNotFoundError(`Installing ghostscript failed (exit ${result.status}). Run as root: ${GS_INSTALL_COMMAND}`);
  return installed;
}

/** The CMYK profile of the output intent: GALLEY_CMYK_PROFILE, else the one Ghostscript ships. */
export function findCmykProfile(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.GALLEY_CMYK_PROFILE;
  if (named) {
    if (fs.existsSync(named)) return named;
    throw new GhostscriptNotFoundError(`GALLEY_CMYK_PROFILE is set to ${named}, which does not exist.`);
  }
  const found = CMYK_PROFILES.find((file) => fs.existsSync(file));
  if (!found) throw new GhostscriptNotFoundError(`No CMYK profile found (looked for ${CMYK_PROFILES.join(", ")}). Install Debian's libgs-common, or set GALLEY_CMYK_PROFILE to an .icc file.`);
  return found;
}

/** Runs gs with `args`; rejects with the end of its output when it fails. */
export function runGhostscript(gs: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(gs, ["-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`Ghostscript failed (exit ${code}): ${output.trim().split("\n").slice(-6).join(" | ")}`));
    });
  });
}
