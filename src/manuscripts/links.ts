/**
 * Symbolic links. Every input path is checked where it really leads, not
 * where it seems to: a link in the issue folder to a file elsewhere on the
 * machine would otherwise be read, and printed, as if it belonged there.
 */
import fs from "node:fs";
import { isInside } from "../paths.js";

/** Where `target` leads once every link on its way is followed; null if nowhere. */
export function realPath(target: string): string | null {
  try {
    return fs.realpathSync(target);
  } catch {
    return null;
  }
}

/** A folder's own real path (it may itself be reached through a link). */
export function realFolder(dir: string): string {
  return realPath(dir) ?? dir;
}

/** Whether the real path `real` lies inside one of the (real) folders `roots`. */
export function leadsInside(real: string, roots: readonly string[]): boolean {
  return roots.some((root) => isInside(root, real));
}
