/**
 * Splits a Markdown file into its YAML front matter and body. The body is
 * not cut out: later stages parse the whole file so that positions in
 * diagnostics stay true to the file.
 */
export interface FrontMatterSplit {
  /** The YAML text between the fences. */
  yaml: string;
  /** Offset of `yaml` in the file. */
  yamlOffset: number;
  /** Offset just past the closing fence. */
  end: number;
  /** 1-based line on which the body starts. */
  bodyLine: number;
}

// A byte-order mark, as some editors save, may stand before the fence.
const FENCE = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

export function splitFrontMatter(text: string): FrontMatterSplit | null {
  const open = FENCE.exec(text);
  if (!open) return null;
  const rest = text.slice(open[0].length);
  // An empty front matter block closes on the line right after the fence.
  const close = CLOSE.exec(rest);
  if (!close) return null;
  const yaml = rest.slice(0, close.index);
  const end = open[0].length + close.index + close[0].length;
  return {
    yaml,
    yamlOffset: open[0].length,
    end,
    bodyLine: text.slice(0, end).split("\n").length,
  };
}

/** Whether the file opens a front matter block that is never closed. */
export function hasUnclosedFrontMatter(text: string): boolean {
  return FENCE.test(text) && splitFrontMatter(text) === null;
}
