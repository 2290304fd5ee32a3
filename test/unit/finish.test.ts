/**
 * The finish checks on synthetic pages: each rule met and broken, at the
 * edge of its threshold, with its exemptions. A page's text block runs
 * from 60 to 600 pt; body lines are 10 pt on a 13 pt leading, the first
 * baseline at 70 pt, so 41 lines fill the block (the last at 590 pt).
 */
import { describe, expect, it } from "vitest";
import type { LeadWay, PageFinish } from "../../src/model/documents.js";
import type { PageRecord } from "../../src/postprocess/index.js";
import { checkFinish, finishSummary, FINISH_RULES, type FinishPage, type FinishRule } from "../../src/verify/finish.js";
import { groupLines, type TextRun } from "../../src/verify/read.js";

const AREA = { top: 60, bottom: 600, left: 50, right: 430 };
const LEADING = 13;
const FIRST = 70;
const FULL = 41;

const run = (text: string, y: number, size = 10): TextRun => ({ text, x: AREA.left, y, size });

/** `n` lines of body text. */
const lines = (n: number): string[] => Array.from({ length: n }, (_, k) => `line ${k + 1} of the body text`);

/** The lines set from baseline `first` on, one leading apart. */
const column = (texts: string[], first = FIRST, size = 10): TextRun[] => texts.map((t, k) => run(t, first + k * LEADING, size));

/** The same lines set so that the last baseline stands at `last`. */
const columnTo = (texts: string[], last: number): TextRun[] => column(texts, last - (texts.length - 1) * LEADING);

const layout = (over: Partial<PageFinish> = {}): PageFinish => ({ area: AREA, firstInk: null, lastInk: null, spaceBelow: 0, leadBlock: null, leadLines: null, pullQuotes: [], widows: [], orphans: [], looseLines: [], ...over });

interface PageOptions {
  index?: number;
  role?: PageRecord["role"];
  kind?: FinishPage["kind"];
  last?: boolean;
  footnoteTop?: number | null;
  layout?: PageFinish | null;
}

function finishPage(runs: TextRun[], o: PageOptions = {}): FinishPage {
  const index = o.index ?? 1;
  return {
    text: { index, width: 482, height: 680, runs, lines: groupLines(runs) },
    record: { index, folio: index + 1, documentId: "a", role: o.role ?? "body", folioPrinted: true, head: null, footnoteTop: o.footnoteTop ?? null, holdsContents: false },
    layout: o.layout === undefined ? layout() : o.layout,
    kind: o.kind ?? "article",
    lastOfDocument: o.last ?? false,
  };
}

const fullPage = (o: PageOptions = {}) => finishPage(column(lines(FULL)), o);

/** The findings of one rule. */
const findings = (pages: FinishPage[], rule: FinishRule) => checkFinish(pages).findings.filter((f) => f.rule === rule);

/** Lines with those at `ends` ending in a hyphenation (the next line goes on in lower case). */
const hyphenated = (n: number, ends: number[]) => lines(n).map((t, k) => (ends.includes(k) ? `${t} typeset-` : t));

describe("pages that meet every rule", () => {
  it("a full article page has no findings", () => {
    expect(checkFinish([fullPage()]).findings).toEqual([]);
  });

  it("pages without a layout, covers and blank pages are not measured", () => {
    const bad = finishPage(column(lines(5), 200));
    const pages = [{ ...bad, layout: null }, finishPage(column(lines(5), 200), { role: "cover" }), finishPage(column(lines(5), 200), { role: "blank" })];
    expect(checkFinish(pages).findings).toEqual([]);
  });
});

describe("hole", () => {
  it("2 empty lines at the foot pass, 3 fail", () => {
    expect(findings([finishPage(column(lines(FULL - 2)))], "hole")).toEqual([]);
    const found = findings([finishPage(column(lines(FULL - 3)), { index: 4 })], "hole");
    expect(found).toEqual([{ rule: "hole", page: 5, documentId: "a", detail: `3 empty lines after "line 38 of the body text"` }]);
  });

  it("the document's last page may end short", () => {
    expect(findings([finishPage(column(lines(10)), { last: true })], "hole")).toEqual([]);
  });

  it("only article pages are held to it", () => {
    expect(findings([finishPage(column(lines(10)), { kind: "front" })], "hole")).toEqual([]);
    expect(findings([finishPage(column(lines(10)), { kind: "back" })], "hole")).toEqual([]);
  });

  it("a page before a figure or table too tall for the room left is not a hole, before a shorter one it is", () => {
    // 10 lines of LEADING set, the rest of the block empty.
    const short = finishPage(column(lines(10)), { index: 4 });
    const room = AREA.bottom - (AREA.top + 10 * LEADING);
    const opensWith = (leadBlock: number | null, documentId = "a") => {
      const next = finishPage(column(lines(FULL)), { index: 5, layout: layout({ leadBlock }) });
      return { ...next, record: { ...next.record, documentId } };
    };
    expect(findings([short, opensWith(room + 20)], "hole")).toEqual([]);
    expect(findings([short, opensWith(room - 40)], "hole")).toHaveLength(1);
    expect(findings([short, opensWith(null)], "hole")).toHaveLength(1);
    // Another document's figure does not count.
    expect(findings([short, opensWith(room + 20, "b")], "hole")).toHaveLength(1);
  });

  describe("before a paragraph whose lines call notes", () => {
    const short = finishPage(column(lines(10)), { index: 4 });
    // Down to the block's foot from the 10th line's descenders (a quarter of the size).
    const room = AREA.bottom - (FIRST + 9 * LEADING + 2.5);
    const RULE = 10;
    const way = (lines: number, notes: number, whole = false): LeadWay => ({ lines, whole, text: lines * LEADING, notes });
    const opensWith = (...ways: LeadWay[]) => finishPage(column(lines(FULL)), { index: 5, layout: layout({ leadLines: { rule: RULE, above: 0, ways } }) });
    /** Notes that, with `lines` lines and the rule above them, need `over` points more than the room. */
    const notesOver = (lines: number, over: number) => room - lines * LEADING - RULE + over;

    it("is not a hole where no way of starting here fits, and is listed as excused", () => {
      const report = checkFinish([short, opensWith(way(2, notesOver(2, 2)), way(4, notesOver(4, 30), true))]);
      expect(report.findings.filter((f) => f.rule === "hole")).toEqual([]);
      expect(report.excused).toEqual([
        expect.objectContaining({ rule: "hole", page: 5, detail: expect.stringMatching(/the next page's first 2 lines would need \d+ pt here, with the notes they call$/) }),
      ]);
      expect(finishSummary(report)).toMatch(/\(1 short page excused\)$/);
    });

    it("is a hole where one way would have fitted, by a few points", () => {
      expect(findings([short, opensWith(way(2, notesOver(2, -4)), way(4, notesOver(4, 30), true))], "hole")).toHaveLength(1);
    });

    it("is a hole where the lines before the notes would have filled it", () => {
      // Its first line calls nothing and goes back; 29 more lines would fill the page, then a call's notes cannot.
      expect(findings([short, opensWith(way(1, 0), way(29, 0), way(31, notesOver(31, 5), true))], "hole")).toHaveLength(1);
      expect(findings([short, opensWith(way(1, 0), way(3, notesOver(3, 5), true))], "hole")).toEqual([]);
    });

    it("is a hole where its lines would not fit even without their notes: a heading and the lines it keeps", () => {
      // A heading of two lines' height with its paragraph's first two lines, four lines and a half in all, where three and a half are empty.
      const tight = finishPage(column(lines(FULL - 3)), { index: 4 });
      const heading = (lines: number, notes: number, whole = false): LeadWay => ({ lines, whole, text: 2.5 * LEADING + lines * LEADING, notes });
      expect(findings([tight, opensWith(heading(2, 0), heading(6, 30, true))], "hole")).toHaveLength(1);
      expect(checkFinish([tight, opensWith(heading(2, 0), heading(6, 30, true))]).excused).toEqual([]);
    });

    it("is a hole where the whole paragraph fits with room to spare: more text may follow it", () => {
      expect(findings([short, opensWith(way(3, 0, true))], "hole")).toHaveLength(1);
    });

    it("counts the space the page ends with, an abstract's margin, above the lines and their notes", () => {
      // Two lines and their notes fit the room by 4 points; below an abstract's margin of a line they do not, while the lines alone still would.
      const fits = opensWith(way(2, notesOver(2, -4)), way(4, notesOver(4, 30), true));
      const afterAbstract = () =>
        finishPage(column(lines(10)), { index: 4, layout: layout({ spaceBelow: LEADING, lastInk: FIRST + 9 * LEADING + 2.5 - AREA.top }) });
      expect(findings([short, fits], "hole")).toHaveLength(1);
      expect(findings([afterAbstract(), fits], "hole")).toEqual([]);
      expect(checkFinish([afterAbstract(), fits]).excused).toHaveLength(1);
      // Space above a heading that opens the next page is counted in its way already: the two collapse into the larger.
      const heading = opensWith(way(2, notesOver(2, -4)));
      heading.layout!.leadLines = { rule: RULE, above: LEADING, ways: heading.layout!.leadLines!.ways };
      expect(findings([afterAbstract(), heading], "hole")).toHaveLength(1);
    });

    it("on a page with notes, needs room for the notes alone: the rule is there already", () => {
      const notes = column(["1 A note set in the notes at the foot.", "2 Another note."], 512, 8);
      const withNotes = finishPage([...columnTo(lines(20), 486 - 13 * LEADING), ...notes], { footnoteTop: 500, index: 4 });
      // Down to the clearance above the rule from the 20th line's descenders.
      const roomAbove = 500 - 6 - (486 - 13 * LEADING + 2.5);
      const page = (over: number) => [withNotes, opensWith(way(2, roomAbove - 2 * LEADING + over, true))];
      expect(findings(page(2), "hole")).toEqual([]);
      expect(findings(page(-4), "hole")).toHaveLength(1);
    });
  });

  it("counts empty lines in the body's leading, not an abstract's above them", () => {
    // An opening page: 30 lines of abstract at 9 pt on 11 pt, then body
    // lines at 10 pt on 13 pt to 2.6 of them above the block's foot; a full
    // page of the same article after it.
    const abstract = column(Array.from({ length: 30 }, (_, k) => `abstract line ${k + 1}`), FIRST, 9).map((r, k) => ({ ...r, y: FIRST + k * 11 }));
    const last = AREA.bottom - 2.6 * LEADING - 2.5;
    const opening = (end: number) => finishPage([...abstract, ...columnTo(lines(5), end)], { role: "opening" });
    const next = fullPage({ index: 2 });
    expect(findings([opening(last), next], "hole")).toEqual([]);
    expect(findings([opening(last - LEADING), next], "hole")).toEqual([expect.objectContaining({ detail: expect.stringMatching(/^3 empty lines/) })]);
  });

  it("counts empty lines in the body's leading, not a caption's at the foot", () => {
    // 30 body lines, then a figure's caption of 3 lines at 8 pt on 10 pt,
    // its last 2.6 body lines above the block's foot.
    const caption = [0, 1, 2].map((k) => run(`caption line ${k + 1}`, AREA.bottom - 2.6 * LEADING - 2 - (2 - k) * 10, 8));
    const page = finishPage([...column(lines(30)), ...caption], { index: 4 });
    expect(findings([page, fullPage({ index: 5 })], "hole")).toEqual([]);
  });

  it("is measured from a rule below the last line, such as an abstract's bottom border", () => {
    // 3 lines and a half empty below the last line; a rule a line below it leaves 2 and a half.
    const lastLine = FIRST + (FULL - 4) * LEADING;
    const ruled = (lastInk: number | null) => finishPage(column(lines(FULL - 3)), { layout: layout({ lastInk }) });
    expect(findings([ruled(null)], "hole")).toHaveLength(1);
    expect(findings([ruled(lastLine - AREA.top)], "hole")).toHaveLength(1);
    expect(findings([ruled(lastLine + 1.2 * LEADING - AREA.top)], "hole")).toEqual([]);
  });

  it("on a page with notes, the hole is measured down to the footnote rule", () => {
    const notes = column(["1 A note set in the notes at the foot.", "2 Another note."], 512, 8);
    // Lines fill to 486 pt above a rule at 500 pt.
    const page = (n: number) => finishPage([...columnTo(lines(n), 486 - (33 - n) * LEADING), ...notes], { footnoteTop: 500 });
    expect(findings([page(33)], "hole")).toEqual([]);
    expect(findings([page(31)], "hole")).toEqual([]);
    expect(findings([page(30)], "hole")).toHaveLength(1);
  });
});

describe("pull-quotes", () => {
  const quote = { split: false, text: "The sea is wide" };

  it("one whole pull quote on a page passes", () => {
    expect(findings([fullPage({ layout: layout({ pullQuotes: [quote] }) })], "pull-quotes")).toEqual([]);
  });

  it("two on a page fail", () => {
    const found = findings([fullPage({ layout: layout({ pullQuotes: [quote, { ...quote, text: "The night is long" }] }) })], "pull-quotes");
    expect(found.map((f) => f.detail)).toEqual(["2 pull quotes on the page"]);
  });

  it("a split one fails", () => {
    const found = findings([fullPage({ layout: layout({ pullQuotes: [{ ...quote, split: true }] }) })], "pull-quotes");
    expect(found.map((f) => f.detail)).toEqual([`split: "The sea is wide"`]);
  });
});

describe("widow and orphan", () => {
  it("a page without either passes", () => {
    expect(checkFinish([fullPage()]).counts).toMatchObject({ widow: 0, orphan: 0 });
  });

  it("each one the page reports is a finding", () => {
    const page = fullPage({ layout: layout({ widows: ["ends alone."], orphans: ["Begins alone", "Another"] }) });
    expect(findings([page], "widow").map((f) => f.detail)).toEqual(["ends alone."]);
    expect(findings([page], "orphan").map((f) => f.detail)).toEqual(["Begins alone", "Another"]);
  });
});

describe("hyphen-run", () => {
  it("2 consecutive hyphenated lines pass, 3 fail", () => {
    expect(findings([finishPage(column(hyphenated(FULL, [5, 6])))], "hyphen-run")).toEqual([]);
    const found = findings([finishPage(column(hyphenated(FULL, [5, 6, 7])))], "hyphen-run");
    expect(found.map((f) => f.detail)).toEqual([`3+ lines ending in a hyphen, from "line 6 of the body text typeset-"`]);
  });

  it("a longer run is one finding; two runs of 2 apart are none", () => {
    expect(findings([finishPage(column(hyphenated(FULL, [5, 6, 7, 8])))], "hyphen-run")).toHaveLength(1);
    expect(findings([finishPage(column(hyphenated(FULL, [5, 6, 8, 9])))], "hyphen-run")).toEqual([]);
  });

  it("the notes are held to it too", () => {
    const notes = (ends: number[]) => column(hyphenated(4, ends), 512, 8);
    const page = (ends: number[]) => finishPage([...columnTo(lines(33), 486), ...notes(ends)], { footnoteTop: 500 });
    expect(findings([page([0, 1])], "hyphen-run")).toEqual([]);
    expect(findings([page([0, 1, 2])], "hyphen-run")).toHaveLength(1);
  });
});

describe("page-end-hyphen", () => {
  it("a page whose last line ends in a hyphen fails; one ending in a word passes", () => {
    expect(findings([fullPage()], "page-end-hyphen")).toEqual([]);
    const found = findings([finishPage(column(hyphenated(FULL, [FULL - 1])))], "page-end-hyphen");
    expect(found.map((f) => f.detail)).toEqual([`"line 41 of the body text typeset-"`]);
  });

  it("a hard hyphen ending the document's last page is no finding", () => {
    expect(findings([finishPage(column(hyphenated(FULL, [FULL - 1])), { last: true })], "page-end-hyphen")).toEqual([]);
  });
});

describe("short-hyphenation", () => {
  /** A page on which a line ends in `end` and the next begins with `next`. */
  const broken = (end: string, next: string) => {
    const texts = lines(FULL);
    texts[10] = `the words run on ${end}`;
    texts[11] = `${next} and the line goes on`;
    return findings([finishPage(column(texts))], "short-hyphenation").map((f) => f.detail);
  };

  it("2 letters before the break pass, 1 fails", () => {
    expect(broken("ab-", "out")).toEqual([]);
    expect(broken("a-", "bout")).toEqual([`"a-bout"`]);
  });

  it("3 letters after the break pass, 2 fail", () => {
    expect(broken("typeset-", "ter")).toEqual([]);
    expect(broken("typeset-", "ic")).toEqual([`"typeset-ic"`]);
  });

  it("a hyphen alone on a line fails", () => {
    const texts = lines(FULL);
    texts[10] = "the words run on to the end of the line where it is post";
    texts[11] = "-";
    expect(findings([finishPage(column(texts))], "short-hyphenation").map((f) => f.detail)).toEqual([`a hyphen alone on a line, after "… to the end of the line where it is post"`]);
  });

  it("only a compound's last part counts before the break", () => {
    expect(broken("self-a-", "ware")).toEqual([`"a-ware"`]);
    expect(broken("self-aw-", "areness")).toEqual([]);
  });

  it("a compound's capitalised part counts its capital", () => {
    expect(broken("post-So-", "viet")).toEqual([]);
    expect(broken("Nagorno-Ka-", "rabakh")).toEqual([]);
  });

  it("only breaks from lower case to lower case are measured", () => {
    expect(broken("an X-", "ray")).toEqual([]);
    expect(broken("an e-", "Book")).toEqual([]);
  });
});

describe("loose-lines", () => {
  const loose = { space: 6.24, median: 2.5, words: "a line set loose" };
  /** `n` pages, the first `withLoose` of them each with one loose line. */
  const pages = (n: number, withLoose: number) =>
    Array.from({ length: n }, (_, i) => fullPage({ index: i, layout: layout({ looseLines: i < withLoose ? [loose] : [] }) }));

  it("1 loose line in 10 pages is within the budget, 2 are not", () => {
    expect(findings(pages(10, 1), "loose-lines")).toEqual([]);
    const found = findings(pages(10, 2), "loose-lines");
    expect(found.map((f) => [f.page, f.detail])).toEqual([
      [1, `word space 6.2 pt, median 2.5 pt: "a line set loose"`],
      [2, `word space 6.2 pt, median 2.5 pt: "a line set loose"`],
    ]);
  });

  it("the budget grows with the pages and is whole lines", () => {
    expect(findings(pages(20, 2), "loose-lines")).toEqual([]);
    expect(findings(pages(29, 3), "loose-lines")).toHaveLength(3);
    expect(findings(pages(9, 1), "loose-lines")).toHaveLength(1);
  });

  it("two loose lines on one page of ten are over the budget", () => {
    const two = [fullPage({ layout: layout({ looseLines: [loose, loose] }) }), ...pages(9, 0)];
    expect(findings(two, "loose-lines")).toHaveLength(2);
  });
});

describe("note-clearance", () => {
  /** A page whose last body line's baseline stands at `last`, above a footnote rule at 500 pt. */
  const page = (last: number) => finishPage([...columnTo(lines(33), last), ...column(["1 A note.", "2 Another."], 512, 8)], { footnoteTop: 500 });

  it("6 pt between the descenders and the rule pass, 5 fail", () => {
    // Descenders reach 2.5 pt below a 10 pt line's baseline.
    expect(findings([page(491.5)], "note-clearance")).toEqual([]);
    expect(findings([page(492.5)], "note-clearance").map((f) => f.detail)).toEqual(["5.0 pt above the footnote rule"]);
  });

  it("a page without notes is not measured", () => {
    expect(findings([finishPage(columnTo(lines(FULL), 597))], "note-clearance")).toEqual([]);
  });
});

describe("first-line", () => {
  // The first baseline may stand a line's size plus 10 pt below the block's top: 80 pt.
  it("a first line 10 pt low passes, 11 pt fails", () => {
    expect(findings([finishPage(column(lines(39), 80))], "first-line")).toEqual([]);
    const found = findings([finishPage(column(lines(39), 81))], "first-line");
    expect(found.map((f) => f.detail)).toEqual([`starts 11.0 pt low: "line 1 of the body text"`]);
  });

  it("it is measured by the line's largest size", () => {
    expect(findings([finishPage([run("A Heading", 88, 18), ...column(lines(38), 110)])], "first-line")).toEqual([]);
  });

  it("a picture at the block's top starts the page; one set low does not", () => {
    const below = (firstInk: number) => finishPage(column(lines(20), 300), { layout: layout({ firstInk }) });
    expect(findings([below(0)], "first-line")).toEqual([]);
    expect(findings([below(10)], "first-line")).toEqual([]);
    expect(findings([below(11)], "first-line").map((f) => f.detail)).toEqual(["starts 11.0 pt low, with a picture or rule"]);
  });

  it("an opening page is exempt", () => {
    expect(findings([finishPage(column(lines(20), 300), { role: "opening" })], "first-line")).toEqual([]);
    expect(findings([finishPage(column(lines(20), 300), { role: "body" })], "first-line")).toHaveLength(1);
  });
});

describe("finishSummary", () => {
  it("counts every rule, none broken", () => {
    const report = checkFinish([fullPage()]);
    expect(Object.keys(report.counts)).toEqual(Object.keys(FINISH_RULES));
    expect(finishSummary(report)).toBe("10 of 10 rules met");
  });

  it("lists the rules broken, in the rules' order, with their counts", () => {
    const page = finishPage(column(lines(FULL - 3)), { layout: layout({ widows: ["one.", "two."] }) });
    expect(finishSummary(checkFinish([page]))).toBe("8 of 10 rules met; hole 1, widow 2");
  });
});
