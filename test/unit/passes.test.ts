/**
 * Which layouts of a document are made, and which one the tab is left
 * holding, given what each layout's short pages ask for (render/pagedjs.ts
 * layOutBest). The layouts are stand-ins: each says how many pages it left
 * short for the hints it was given.
 */
import { describe, expect, it } from "vitest";
import { layOutBest, type Hint, type Layout } from "../../src/render/pagedjs.js";

const hint = (index: number, wordSpacing: string): Hint => ({ index, setting: { letterSpacing: "", wordSpacing } });
const UP = [hint(3, "-0.04em")];
const DOWN = [hint(1, "0.04em"), hint(2, "0.08em")];

/**
 * Lays out leaving, for each set of hints, `faults` faults (a number) or
 * faults and pages short that the verifier excuses ([faults, short]),
 * recording the hints of each layout made.
 */
function layouts(faults: Map<Hint[], number | [number, number]>, asked = { up: UP, down: DOWN }) {
  const made: Hint[][] = [];
  const layOut = async (hints: Hint[]): Promise<Layout> => {
    made.push(hints);
    const found = [...faults].find(([set]) => JSON.stringify(set) === JSON.stringify(hints));
    const [left, short] = typeof found?.[1] === "number" ? [found[1], 0] : (found?.[1] ?? [0, 0]);
    return { hints: asked, faults: left, short };
  };
  return { made, layOut };
}

describe("the layouts of a document with short pages", () => {
  it("lays a document with none out once", async () => {
    const { made, layOut } = layouts(new Map([[[], 0]]), { up: [], down: [] });
    await layOutBest(layOut);
    expect(made).toEqual([[]]);
  });

  it("stops at the first pass that leaves none short", async () => {
    const { made, layOut } = layouts(new Map([[[], 1], [UP, 0]]));
    await layOutBest(layOut);
    expect(made).toEqual([[], UP]);
  });

  it("tries the lines given over from the pages before when moving text up leaves a page short", async () => {
    const { made, layOut } = layouts(new Map([[[], 1], [UP, 1], [DOWN, 0]]));
    await layOutBest(layOut);
    expect(made).toEqual([[], UP, DOWN]);
  });

  it("lays the best out again when a later pass left more pages short", async () => {
    const { made, layOut } = layouts(new Map([[[], 2], [UP, 1], [DOWN, 3]]));
    await layOutBest(layOut);
    expect(made).toEqual([[], UP, DOWN, UP]);
  });

  it("keeps the last of equal layouts, with no layout more", async () => {
    const { made, layOut } = layouts(new Map([[[], 1], [UP, 1], [DOWN, 1]]));
    await layOutBest(layOut);
    expect(made).toEqual([[], UP, DOWN]);
  });

  it("tries the first later pass for a page short that the verifier excuses, and keeps it where it fills the page", async () => {
    const { made, layOut } = layouts(new Map<Hint[], [number, number]>([[[], [0, 1]], [UP, [0, 0]]]));
    await layOutBest(layOut);
    expect(made).toEqual([[], UP]);
  });

  it("tries no second pass for such a page alone, and keeps the first layout where the pass did no better", async () => {
    const { made, layOut } = layouts(new Map<Hint[], [number, number]>([[[], [0, 1]], [UP, [1, 0]], [DOWN, [0, 0]]]));
    await layOutBest(layOut);
    expect(made).toEqual([[], UP, []]);
  });

  it("prefers fewer faults to fewer excused short pages, and fewer of those among equal faults", async () => {
    const fewerFaults = layouts(new Map<Hint[], [number, number]>([[[], [1, 0]], [UP, [0, 2]]]));
    await layOutBest(fewerFaults.layOut);
    expect(fewerFaults.made).toEqual([[], UP]);
    const fewerShort = layouts(new Map<Hint[], [number, number]>([[[], [1, 2]], [UP, [1, 1]], [DOWN, [1, 3]]]));
    await layOutBest(fewerShort.layOut);
    expect(fewerShort.made).toEqual([[], UP, DOWN, UP]);
  });

  it("does not lay out the same hints twice", async () => {
    const { made, layOut } = layouts(new Map([[[], 1], [UP, 2]]), { up: UP, down: UP });
    await layOutBest(layOut);
    expect(made).toEqual([[], UP, []]);
  });
});

describe("the later passes of a document laid out beside each other, in a spare tab", () => {
  /** Two tabs laying out alike: the document's own and a spare one, and whether the spare was asked for. */
  function tabs(faults: Map<Hint[], number | [number, number]>, lend = true, asked = { up: UP, down: DOWN }) {
    const own = layouts(faults, asked);
    const other = layouts(faults, asked);
    const borrowed: boolean[] = [];
    const spare = async () => {
      borrowed.push(lend);
      return lend ? other.layOut : null;
    };
    return { own: own.made, other: other.made, borrowed, run: () => layOutBest(own.layOut, spare) };
  }

  it("lays the second pass out in the spare tab, and keeps it there where it is best", async () => {
    const t = tabs(new Map([[[], 1], [UP, 1], [DOWN, 0]]));
    expect(await t.run()).toBe("spare");
    expect(t.own).toEqual([[], UP]);
    expect(t.other).toEqual([DOWN]);
  });

  it("keeps the first pass in the document's own tab where it mends every fault, whatever the second did", async () => {
    const t = tabs(new Map([[[], 1], [UP, 0], [DOWN, 0]]));
    expect(await t.run()).toBe("own");
    expect(t.own).toEqual([[], UP]);
    expect(t.other).toEqual([DOWN]);
  });

  it("keeps the better pass where each is, and lays the first layout out again only where both did worse", async () => {
    const better = tabs(new Map([[[], 2], [UP, 1], [DOWN, 3]]));
    expect(await better.run()).toBe("own");
    expect(better.own).toEqual([[], UP]);
    const worse = tabs(new Map([[[], 1], [UP, 2], [DOWN, 2]]));
    expect(await worse.run()).toBe("own");
    expect(worse.own).toEqual([[], UP, []]);
    expect(worse.other).toEqual([DOWN]);
  });

  it("asks for no spare tab where the second pass cannot be needed", async () => {
    // No fault, only a page short that the verifier excuses: the first pass alone.
    const excused = tabs(new Map<Hint[], [number, number]>([[[], [0, 1]], [UP, [0, 0]]]));
    await excused.run();
    expect(excused.borrowed).toEqual([]);
    expect(excused.own).toEqual([[], UP]);
    // Both passes the same.
    const same = tabs(new Map([[[], 1], [UP, 2]]), true, { up: UP, down: UP });
    await same.run();
    expect(same.borrowed).toEqual([]);
  });

  it("lays both out one after the other where no tab is lent", async () => {
    const t = tabs(new Map([[[], 1], [UP, 1], [DOWN, 0]]), false);
    expect(await t.run()).toBe("own");
    expect(t.borrowed).toEqual([false]);
    expect(t.own).toEqual([[], UP, DOWN]);
  });

  it("gives a failure in the spare tab to the caller, once both layouts have ended", async () => {
    let ownEnded = false;
    const own = async (hints: Hint[]): Promise<Layout> => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      ownEnded = hints === UP;
      return { hints: { up: UP, down: DOWN }, faults: 1, short: 0 };
    };
    const failing = async (): Promise<Layout> => {
      throw new Error("the spare tab crashed");
    };
    await expect(layOutBest(own, async () => failing)).rejects.toThrow("the spare tab crashed");
    expect(ownEnded).toBe(true);
  });
});
