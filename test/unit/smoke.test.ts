import { describe, expect, it } from "vitest";
import { nextRecto } from "../../src/render/index.js";

describe("nextRecto", () => {
  it("keeps odd folios and moves even ones on by one", () => {
    expect(nextRecto(9)).toBe(9);
    expect(nextRecto(10)).toBe(11);
  });
});
