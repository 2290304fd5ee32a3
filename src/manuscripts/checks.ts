/**
 * Checks on front matter that zod cannot make: things that are valid YAML
 * of the right type but would print wrongly.
 */
import type { VFile } from "vfile";
import { report } from "../diagnostics.js";
import { splitFrontMatter } from "./front-matter.js";
import { valueRange } from "./yaml.js";

/**
 * The longest title a running head holds. The classic head is one line of
 * 8 pt italic across the 126 mm text width: about 90 characters of Source
 * Serif at that size. The recto head also carries the authors ("First et
 * al. — " is some 25–30 characters), which leaves about 60 for the title.
 */
export const RUNNING_HEAD_MAX = 60;

/** Where a front-matter key's value is in the file, as offsets. */
function placeOf(file: VFile, key: string): [number, number] | null {
  const split = splitFrontMatter(String(file.value));
  const range = split && valueRange(split.yaml, key);
  return split && range ? [split.yamlOffset + range[0], split.yamlOffset + range[1]] : null;
}

/**
 * The running head's title: the short title, or the title when it fits.
 * A long title with none is shortened so the head stays on one line: to
 * its main title, before a colon, or else to its first words and "…".
 */
export function headTitle(data: { title: string; "short-title"?: string | undefined }): string {
  const given = data["short-title"] ?? data.title;
  if ([...given].length <= RUNNING_HEAD_MAX) return given;
  const main = given.split(/:\s/)[0]!.trim();
  if (main !== given && [...main].length <= RUNNING_HEAD_MAX) return main;
  const words = given.split(/\s+/);
  let cut = "";
  for (const word of words) {
    if ([...`${cut} ${word}`.trim()].length > RUNNING_HEAD_MAX - 1) break;
    cut = `${cut} ${word}`.trim();
  }
  // A single word longer than the head is cut inside.
  return `${(cut || [...given].slice(0, RUNNING_HEAD_MAX - 1).join("")).replace(/[\s,;:–—-]+$/, "")}…`;
}

/** A warning when the text of the running head (short title, else title) does not fit, saying what it is shortened to. */
export function checkRunningHead(file: VFile, data: { title: string; "short-title"?: string | undefined }): void {
  const short = data["short-title"];
  const head = short ?? data.title;
  const length = [...head].length;
  if (length <= RUNNING_HEAD_MAX) return;
  const at = placeOf(file, short === undefined ? "title" : "short-title")?.[0] ?? null;
  const reason =
    short === undefined
      ? `The title is ${length} characters, too long for the running head (at most ${RUNNING_HEAD_MAX}); the head reads “${headTitle(data)}”: set \`short-title\` to choose`
      : `\`short-title\` is ${length} characters, too long for the running head (at most ${RUNNING_HEAD_MAX}); the head reads “${headTitle(data)}”: shorten it`;
  report(file, "warning", reason, "running-head-too-long", at);
}

/**
 * An abstract is set without footnotes, so a call in it (`[^abs]`) would
 * print as typed. Each call is reported where it stands in the front matter.
 */
export function checkAbstract(file: VFile): void {
  const range = placeOf(file, "abstract");
  if (!range) return;
  const source = String(file.value).slice(range[0], range[1]);
  for (const match of source.matchAll(/(?<!\\)\[\^([^\]\s]+)\]/g)) {
    report(
      file,
      "error",
      `Footnote call \`[^${match[1]}]\` in the abstract: abstracts have no notes, so it would print as typed; move it into the body`,
      "footnote-in-abstract",
      range[0] + match.index,
    );
  }
}
