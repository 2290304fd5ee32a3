import { describe, expect, it } from "vitest";
import { oneAtATime } from "../../src/watch.js";

describe("oneAtATime", () => {
  it("runs once more after calls made while it runs, however many, and never twice at once", async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    let release!: () => void;
    const run = oneAtATime(async () => {
      runs++;
      active++;
      most = Math.max(most, active);
      await new Promise<void>((resolve) => (release = resolve));
      active--;
    });
    const first = run();
    const during = [run(), run(), run()];
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    await Promise.all([first, ...during]);
    expect(runs).toBe(2);
    expect(most).toBe(1);
    await run.idle();
  });
});
