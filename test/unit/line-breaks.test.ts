/**
 * The line breaker of page-scripts/line-breaks.js, on measured places of
 * break opportunities (as it reads them from the page): it shares slack
 * among lines where breaking one line at a time leaves one loose, never
 * sets three hyphenated lines in a row, and keeps a page's lines where a
 * paragraph runs past the page's foot.
 */
import fs from "node:fs";
import vm from "node:vm";
import { describe, expect, it } from "vitest";

interface Opportunity {
  k: number;
  index: number;
  kind: "space" | "soft" | "hard";
  end: number;
  start: number;
}
interface Measure {
  found: Opportunity[];
  width: number;
  hyphen: number;
  column: number;
  space: number;
}
interface Line {
  at: number | null;
  natural: number;
  gaps: number;
}
type BestBreaks = (measure: Measure, widest: number, page?: { end: number; lines: number }, options?: { lines?: number; lastJustified?: boolean }) => Line[] | null;

function loadBreaker(): BestBreaks {
  const window: Record<string, unknown> = { galleyText: { MAX_RUN: 2 } };
  vm.runInNewContext(fs.readFileSync("src/render/page-scripts/line-breaks.js", "utf8"), { window });
  return (window.galleyLineBreaks as { bestBreaks: BestBreaks }).bestBreaks;
}
const chooseLines = loadBreaker();
/** The breaks bestBreaks chooses, as indexes into the opportunities; null where it chooses none. */
function bestBreaks(...args: Parameters<BestBreaks>): number[] | null {
  const lines = chooseLines(...args);
  return lines && lines.flatMap((line) => (line.at === null ? [] : [line.at]));
}

const SPACE = 4;
/** A paragraph of words of these widths, each followed by a space (a soft hyphen splits a word given as [a, b]). */
function measure(words: (number | [number, number])[], column: number): Measure {
  const found: Opportunity[] = [];
  let x = 0;
  words.forEach((word, i) => {
    if (Array.isArray(word)) {
      x += word[0];
      found.push({ k: 0, index: i * 2, kind: "soft", end: x, start: x });
      x += word[1];
    } else x += word;
    if (i < words.length - 1) {
      found.push({ k: 0, index: i * 2 + 1, kind: "space", end: x, start: x + SPACE });
      x += SPACE;
    }
  });
  return { found, width: x, hyphen: 3, column, space: SPACE };
}

/** Each line's word space, as breaks set it justified (the last line as it is). */
function spacing(m: Measure, breaks: number[]): number[] {
  const spaces: number[] = [];
  let from = 0;
  let inLine = 0;
  const ends = new Set(breaks);
  m.found.forEach((o, j) => {
    if (ends.has(j)) {
      const natural = o.end + (o.kind === "soft" ? m.hyphen : 0) - from;
      spaces.push(SPACE + (m.column - natural) / Math.max(inLine, 1));
      from = o.start;
      inLine = 0;
      return;
    }
    if (o.kind === "space") inLine++;
  });
  return spaces;
}

/** The lines a greedy breaker (Chromium's way) makes: as many words as fit, one line at a time. */
function greedy(m: Measure): number[] {
  const breaks: number[] = [];
  let from = 0;
  let last = -1;
  m.found.forEach((o, j) => {
    if (o.kind !== "space") return;
    if (o.end - from > m.column) {
      breaks.push(last);
      from = m.found[last]!.start;
    }
    last = j;
  });
  return breaks;
}

describe("breaking a paragraph as a whole", () => {
  // Short words, then a long name that never breaks: one line at a time,
  // the line before the name is left with wide gaps.
  const words = [30, 22, 41, 18, 35, 27, 30, 22, 41, 18, 35, 27, 30, 22, 41, 18, 35, 27, 140, 30, 22, 41, 18, 35, 27, 30, 22, 41];
  const m = measure(words, 300);

  it("leaves no line loose where one line at a time does", () => {
    const widest = 2.75 * SPACE;
    expect(Math.max(...spacing(m, greedy(m)))).toBeGreaterThan(widest);
    const breaks = bestBreaks(m, widest)!;
    expect(breaks).not.toBeNull();
    for (const space of spacing(m, breaks)) expect(space).toBeLessThanOrEqual(widest);
  });

  it("never ends three lines in a row with a hyphen", () => {
    // Every word splits, and lines broken at its hyphen would fit best.
    const split = measure(Array.from({ length: 60 }, (_, i): [number, number] => [20 + (i % 3), 19]), 200);
    const breaks = bestBreaks(split, 100)!;
    const hyphenated = breaks.map((j) => split.found[j]!.kind === "soft");
    for (let i = 2; i < hyphenated.length; i++) expect(hyphenated[i - 2] && hyphenated[i - 1] && hyphenated[i]).toBe(false);
    expect(hyphenated.some(Boolean)).toBe(true);
  });

  it("keeps the page's lines and ends them no later where the paragraph runs past the foot", () => {
    const greedyBreaks = greedy(m);
    const page = { end: greedyBreaks[1]!, lines: 2 };
    const breaks = bestBreaks(m, 100, page)!;
    expect(breaks[1]!).toBeLessThanOrEqual(page.end);
    expect(m.found[breaks[1]!]!.kind).toBe("space");
  });

  it("keeps a loose line no looser than it must be where none can be avoided", () => {
    // A name most of a line long ends the paragraph: every way to break
    // it leaves a loose line; the least loose is 26 units a space, where
    // a cost that stops growing at some badness chose one of 39.
    const named = measure([41, 16, 30, 24, 29, 17, 17, 26, 42, 28, 16, 38, 18, 232], 300);
    const widest = 1.5 * SPACE;
    const spaces = spacing(named, bestBreaks(named, widest)!);
    expect(Math.max(...spaces)).toBeGreaterThan(widest);
    expect(Math.max(...spaces)).toBeLessThan(27);
  });

  it("gives up where no line fits the column", () => {
    expect(bestBreaks(measure([30, 400, 30], 300), 100)).toBeNull();
  });

  describe("on a given number of lines", () => {
    // Short words: a line holds 21 of them, and the 167 here make 8 lines, the last nearly full.
    const even = measure(Array.from({ length: 167 }, () => 10), 300);
    const natural = bestBreaks(even, 2 * SPACE)!.length + 1;
    /** The width of the paragraph's last line, set on breaks. */
    const lastLine = (breaks: number[]) => even.width - even.found[breaks.at(-1)!]!.start;

    it("sets the paragraph a line longer with no space wider than allowed, and a last line of a quarter column at least", () => {
      expect(natural).toBe(8);
      const widest = 1.5 * SPACE;
      const breaks = bestBreaks(even, widest, undefined, { lines: natural + 1 })!;
      expect(breaks.length + 1).toBe(natural + 1);
      for (const space of spacing(even, breaks)) expect(space).toBeLessThanOrEqual(widest);
      expect(lastLine(breaks)).toBeGreaterThanOrEqual(even.column / 4);
    });

    it("gives up where the lines asked for would be loose", () => {
      expect(bestBreaks(even, 1.5 * SPACE, undefined, { lines: natural + 2 })).toBeNull();
      expect(bestBreaks(m, 1.9 * SPACE, undefined, { lines: bestBreaks(m, 2 * SPACE)!.length + 4 })).toBeNull();
    });

    it("sets it a line shorter only by narrowing spaces within their limit", () => {
      // Seven lines, the last of three words: they go up into the lines before.
      const short = measure(Array.from({ length: 135 }, () => 10), 300);
      const lines = bestBreaks(short, 2 * SPACE)!.length + 1;
      expect(lines).toBe(7);
      const tighter = bestBreaks(short, 2 * SPACE, undefined, { lines: lines - 1 })!;
      expect(tighter.length + 1).toBe(lines - 1);
      for (const space of spacing(short, tighter)) expect(space).toBeGreaterThanOrEqual(SPACE * 0.75);
      expect(bestBreaks(short, 2 * SPACE, undefined, { lines: lines - 2 })).toBeNull();
    });

    it("justifies the last line of a page's part of a paragraph like the others", () => {
      // 100 words: four full lines and one of 16 words, set ragged; justified, the five share them.
      const part = measure(Array.from({ length: 100 }, () => 10), 300);
      const widest = 1.5 * SPACE;
      const breaks = bestBreaks(part, widest, undefined, { lines: 5, lastJustified: true })!;
      expect(breaks.length + 1).toBe(5);
      const last = part.width - part.found[breaks.at(-1)!]!.start;
      const gaps = part.found.filter((o, j) => j > breaks.at(-1)! && o.kind === "space").length;
      expect(SPACE + (part.column - last) / gaps).toBeLessThanOrEqual(widest);
    });
  });
});
