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
 * faults and pages short that the verifier excuses ([faults, short]), and
 * the page of the first fault ([faults, short, page]; page 0 by default),
 * recording the hints of each layout made. The first layout asks for
 * `asked`; a later one for what `later` gives for its hints, or nothing.
 */
function layouts(
  faults: Map<Hint[], number | [number, number] | [number, number, number]>,
  asked = { up: UP, down: DOWN },
  later = new Map<Hint[], Layout["hints"]>(),
) {
  const made: Hint[][] = [];
  const find = <T>(map: Map<Hint[], T>, hints: Hint[]) => [...map].find(([set]) => JSON.stringify(set) === JSON.stringify(hints))?.[1];
  const layOut = async (hints: Hint[]): Promise<Layout> => {
    made.push(hints);
    const found = find(faults, hints);
    const [left, short, page = 0] = typeof found === "number" ? [found, 0] : (found ?? [0, 0]);
    return { hints: hints.length === 0 ? asked : (find(later, hints) ?? { up: [], down: [] }), faults: left, faultPage: left > 0 ? page : -1, short };
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

  it("goes on from the best layout with what its own pages ask, the hints it had kept", async () => {
    const [more, again] = [hint(9, "-0.04em"), hint(3, "0.04em")];
    const { made, layOut } = layouts(new Map([[[], 2], [UP, 1], [DOWN, 2], [[...UP, more], 0]]), undefined, new Map([[UP, { up: [more, again], down: [] }]]));
    await layOutBest(layOut);
    // The element UP set anew keeps UP's setting: a layout asks only for those it did not set.
    expect(made).toEqual([[], UP, DOWN, [...UP, more]]);
  });

  it("goes on from a layout whose first fault stands further on, where none did better", async () => {
    const further = hint(9, "-0.04em");
    // UP mends the fault on page 3 and leaves two from page 8 on; DOWN leaves the one on page 3.
    const { made, layOut } = layouts(
      new Map<Hint[], [number, number, number]>([[[], [1, 0, 3]], [UP, [2, 0, 8]], [DOWN, [1, 0, 3]], [[...UP, further], [0, 0, 0]]]),
      undefined,
      new Map([[UP, { up: [further], down: [] }]]),
    );
    await layOutBest(layOut);
    expect(made).toEqual([[], UP, DOWN, [...UP, further]]);
  });

  it("goes on from no layout whose first fault stands no further on than the best's", async () => {
    const further = hint(9, "-0.04em");
    const { made, layOut } = layouts(
      new Map<Hint[], [number, number, number]>([[[], [1, 0, 3]], [UP, [2, 0, 3]], [DOWN, [1, 0, 3]]]),
      undefined,
      new Map([[UP, { up: [further], down: [] }]]),
    );
    await layOutBest(layOut);
    expect(made).toEqual([[], UP, DOWN]);
  });

  it("goes on no further than five layouts after the first", async () => {
    const made: Hint[][] = [];
    const layOut = async (hints: Hint[]): Promise<Layout> => {
      made.push(hints);
      // Each layout leaves a fault and asks for an element no layout set yet.
      return { hints: { up: [hint(100 + made.length, "-0.04em")], down: [] }, faults: 1, faultPage: 0, short: 0 };
    };
    await layOutBest(layOut);
    expect(made).toHaveLength(6);
    expect(made[5]).toHaveLength(5);
  });
});
