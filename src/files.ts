/** Writing files so that a reader never sees half of one, and finding programs. */
import fs from "node:fs";
import path from "node:path";

/**
 * Writes to a temporary file beside `file`, then renames it into place: a
 * killed build leaves either the old file or the new one. Synchronous, so
 * no other write to the same file can come between the two steps.
 */
/** Whether `file` is a regular file this process may run (a browser or Ghostscript found on the system). */
export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function writeAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}
