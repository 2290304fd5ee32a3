/** Writing files so that a reader never sees half of one. */
import fs from "node:fs";
import path from "node:path";

/**
 * Writes to a temporary file beside `file`, then renames it into place: a
 * killed build leaves either the old file or the new one. Synchronous, so
 * no other write to the same file can come between the two steps.
 */
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
