/*
 * Runs in the page, before paragraph.js (see scripts.ts): the choice of a
 * paragraph's line breaks as a whole, by dynamic programming over the
 * places of its break opportunities as paragraph.js measures them, shared
 * as window.galleyLineBreaks. No DOM here: it is tested on its own
 * (test/unit/line-breaks.test.ts).
 */
(function () {
  const { MAX_RUN } = window.galleyText;
  /** Word spaces may narrow by this share of their width, and widen by STRETCH before a line counts as bad. */
  const SHRINK = 0.25;
  const STRETCH = 0.5;
  /** Demerits: for a line that ends in a hyphen, for two in a row, and for a loose line. */
  const HYPHEN = 3000;
  const DOUBLE_HYPHEN = 6000;
  const LOOSE_LINE = 1e7;

  /**
   * The lines that set the paragraph best, as {at, natural, gaps}: the
   * index in `found` each ends at (null for the last), its width with
   * word spaces as measured, and its number of word spaces; or null when
   * no setting fits the column. A line's cost grows with the
   * cube of how far its spaces stretch or shrink; a loose line costs more
   * than any other setting, and a third hyphenated line in a row is not
   * allowed. Where the paragraph runs past the page's foot (`page`: the
   * index in `found` its last line there ends at, and how many lines it
   * has there), the page keeps its number of lines and ends no later, so
   * no note called past the foot comes onto the page; its last line ends
   * at a space where it can.
   *
   * With `lines`, the paragraph is set on exactly that many lines, a line
   * or two more or fewer than it needs (TeX's looseness), to fill a page
   * or gain room on it: then no line's spaces may be wider than `widest`,
   * and the last line is at least a quarter of the column, not one short
   * word left over. With `lastJustified`, the text is the part of a
   * paragraph on a page, which goes on overleaf: its last line is
   * justified like the others. Null when no such setting exists.
   */
  function bestBreaks({ found, width, hyphen, column, space }, widest, page, { lines: target = null, lastJustified = false } = {}) {
    if (space === 0 || found.length === 0) return null;
    const points = [{ kind: "start", end: 0, start: 0 }, ...found, { kind: "last", end: width, start: width }];
    const foot = page ? page.end + 1 : points.length;
    const pageLines = page ? page.lines : -1;
    // Spaces before each point, to count a line's spaces.
    const spacesBefore = [];
    let count = 0;
    for (const point of points) {
      spacesBefore.push(count);
      if (point.kind === "space") count++;
    }
    // For each point, the best way to break there, by the hyphenated lines
    // it ends with and the lines before it up to the page's foot (-1 past it).
    const best = points.map(() => new Map());
    const lines0 = page ? 0 : -1;
    best[0].set(`${lines0}:0:0`, { cost: 0, from: null, run: 0, lines: lines0, count: 0 });
    for (let b = 1; b < points.length; b++) {
      const to = points[b];
      const last = to.kind === "last";
      const ragged = last && !lastJustified;
      const hyphenated = to.kind === "soft" || to.kind === "hard";
      for (let a = b - 1; a >= 0; a--) {
        const from = points[a];
        const natural = to.end - from.start + (to.kind === "soft" ? hyphen : 0);
        const gaps = spacesBefore[b] - spacesBefore[a] - (from.kind === "space" ? 1 : 0);
        // Points further back only make the line longer.
        if (natural - column > SHRINK * space * Math.max(gaps, 0)) break;
        if (!ragged && natural < column / 2) continue;
        if (ragged && target !== null && natural < column / 4) continue;
        let cost;
        if (ragged) cost = natural > column ? Math.pow((natural - column) / (SHRINK * space * Math.max(gaps, 1)), 3) * 100 : 0;
        else if (gaps === 0) {
          if (target !== null) continue;
          cost = LOOSE_LINE;
        }
        else {
          const ratio = (column - natural) / (gaps * space);
          const badness = 100 * Math.pow(Math.abs(ratio) / (ratio < 0 ? SHRINK : STRETCH), 3);
          // Not capped as TeX caps it: of two loose lines, the less loose is better.
          const tooWide = space * (1 + ratio) > widest;
          if (tooWide && target !== null) continue;
          cost = Math.pow(10 + badness, 2) + (tooWide ? LOOSE_LINE : 0);
        }
        for (const [key, before] of best[a]) {
          const run = hyphenated ? before.run + 1 : 0;
          if (run > MAX_RUN) continue;
          let onPage = before.lines < 0 ? -1 : before.lines + 1;
          let atFoot = 0;
          if (onPage === pageLines) {
            if (b > foot) continue;
            // A word hyphenated across two pages costs as much as a loose line.
            if (hyphenated) atFoot = LOOSE_LINE;
            onPage = -1;
          } else if (onPage >= 0 && (b >= foot || last)) continue;
          // Lines are counted only where a number of them is asked for.
          const count = target === null ? 0 : before.count + 1;
          if (target !== null && (count > target || (last && count !== target))) continue;
          const total = before.cost + cost + atFoot + (hyphenated ? (before.run > 0 ? DOUBLE_HYPHEN : HYPHEN) : 0);
          const state = `${onPage}:${run}:${count}`;
          const known = best[b].get(state);
          if (!known || total < known.cost) best[b].set(state, { cost: total, from: [a, key], run, lines: onPage, count, natural, gaps });
        }
      }
    }
    const end = [...best[points.length - 1].values()].sort((x, y) => x.cost - y.cost)[0];
    if (!end) return null;
    const chosen = [];
    let b = points.length - 1;
    for (let state = end; state.from; ) {
      chosen.unshift({ at: b === points.length - 1 ? null : b - 1, natural: state.natural, gaps: state.gaps });
      const [a, key] = state.from;
      b = a;
      state = best[a].get(key);
    }
    return chosen;
  }

  window.galleyLineBreaks = { bestBreaks };
})();
