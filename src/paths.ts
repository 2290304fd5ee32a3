/** Where Galley's own files are, wherever it is run from. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const templatesDir = path.join(projectRoot, "templates");
export const assetsDir = path.join(projectRoot, "assets");
export const defaultIssueDir = path.join(projectRoot, "manuscripts", "meridian-14-3");
export const defaultOutDir = path.join(projectRoot, "output");

/** Whether `child` lies inside the folder `parent` (not the folder itself). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** Whether a URL names a scheme or host (https:, data:, //host…) rather than a path. */
export function isRemoteUrl(url: string): boolean {
  return /^\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(url);
}
