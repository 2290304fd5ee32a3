/**
 * The render stage's orchestration, with a stand-in for the browser: start
 * folios, blank versos, contents folios, and one retry after a crash.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  BrowserNotFoundError,
  BrowserStartError,
  findBrowser,
  KEPT_PAGES,
  KeptPages,
  LayoutCrashError,
  LayoutEngine,
  reapStaleProfiles,
  renderDocuments,
  scaledTimeout,
} from "../../src/render/index.js";
import { SCRIPT_ORDER, scriptBundle } from "../../src/render/scripts.js";
import { RequestFilter } from "../../src/render/tabs.js";
import type { DocumentPlan } from "../../src/model/documents.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-render-"));
function plan(id: string, kind: DocumentPlan["kind"] = "article"): DocumentPlan {
  const htmlPath = path.join(dir, `${id}.html`);
  fs.writeFileSync(htmlPath, "<p>x</p>");
  return { id, kind, title: id, htmlPath, key: id, heads: kind === "front" ? null : { verso: "V", recto: "R" }, notes: { footnotes: [], authorNotes: [] } };
}

/** A browser stand-in: page counts by id, crashes to throw first, and how long each layout takes (ms). */
function fakeEngine(pageCounts: Record<string, number>, crashes: Record<string, number> = {}, delays: Record<string, number> = {}) {
  const calls: string[] = [];
  /** Layouts started and ended, in order, as "+name" and "-name". */
  const events: string[] = [];
  const printed: Record<string, number> = {};
  const filled: Record<string, string>[] = [];
  let recovered = 0;
  let open = 0;
  const engine = {
    generation: 1,
    async layout(name: string) {
      calls.push(name);
      events.push(`+${name}`);
      await new Promise((resolve) => setTimeout(resolve, delays[name] ?? 0));
      events.push(`-${name}`);
      if ((crashes[name] ?? 0) > 0) {
        crashes[name]!--;
        throw new LayoutCrashError("the page crashed", engine.generation);
      }
      const n = pageCounts[name]!;
      const generation = engine.generation;
      let closed = false;
      open++;
      const dispose = async () => {
        if (!closed) open--;
        closed = true;
      };
      return {
        name,
        pageCount: n,
        pages: Array.from({ length: n }, (_, i) => ({ blank: false, first: i === 0, names: [], footnoteTop: null })),
        overflows: [],
        blocked: [],
        generation,
        fillFolios: async (folios: Record<string, string>) => void filled.push(folios),
        print: async (start: number, options?: { keepOpen?: boolean }) => {
          // As in the real engine: a page from a browser since restarted is gone.
          if (generation !== engine.generation) throw new LayoutCrashError("the browser was restarted", generation);
          if (closed) throw new Error(`${name} was printed after it was closed`);
          await new Promise((resolve) => setTimeout(resolve, 1));
          printed[name] = start;
          if (!options?.keepOpen) await dispose();
          return new Uint8Array();
        },
        dispose,
      };
    },
    // As in the real engine: only the first document failing with a crash restarts the browser.
    async recover(crashed: number) {
      if (crashed !== engine.generation) return;
      recovered++;
      engine.generation++;
    },
  };
  return { engine: engine as unknown as LayoutEngine, calls, events, printed, filled, recovered: () => recovered, open: () => open };
}

describe("renderDocuments", () => {
  it("opens every part on a recto after the front matter and fills the contents folios", async () => {
    const fake = fakeEngine({ "front matter": 5, a: 3, b: 4, c: 1 });
    const result = await renderDocuments(fake.engine, plan("front matter", "front"), [plan("a"), plan("b"), plan("c", "back")], {
      concurrency: 2,
      log: () => undefined,
    });
    expect(result.parts.map((p) => [p.plan.id, p.startFolio, p.blankBefore])).toEqual([
      ["a", 7, true], // front is 1–5; 6 is a blank verso
      ["b", 11, true], // a is 7–9; 10 blank
      ["c", 15, false], // b is 11–14
    ]);
    expect(fake.printed).toEqual({ a: 7, b: 11, c: 15, "front matter": 1 });
    expect(fake.filled).toEqual([{ a: "7", b: "11", c: "15" }]);
  });

  it("retries a crashed document once, in a new browser", async () => {
    const fake = fakeEngine({ "front matter": 2, a: 3, b: 2 }, { b: 1 });
    const lines: string[] = [];
    const result = await renderDocuments(fake.engine, plan("front matter", "front"), [plan("a"), plan("b")], {
      concurrency: 1,
      log: (line) => lines.push(line),
    });
    expect(fake.recovered()).toBe(1);
    expect(fake.calls.filter((c) => c === "b")).toHaveLength(2);
    expect(lines).toContain("render: b: the page crashed; retrying once in a new browser");
    expect(result.parts.map((p) => p.startFolio)).toEqual([3, 7]);
    // The front matter was laid out in the browser that crashed: again.
    expect(fake.calls.filter((c) => c === "front matter")).toHaveLength(2);
  });

  it("reports a document that crashes twice", async () => {
    const fake = fakeEngine({ "front matter": 2, a: 3 }, { a: 2 });
    await expect(
      renderDocuments(fake.engine, plan("front matter", "front"), [plan("a")], { concurrency: 2, log: () => undefined }),
    ).rejects.toThrow(LayoutCrashError);
  });

  it("keeps the last documents open in watch mode, at most KEPT_PAGES, and lays out again only those it closed", async () => {
    const ids = Array.from({ length: 15 }, (_, i) => `a${String(i + 1).padStart(2, "0")}`);
    const counts: Record<string, number> = { "front matter": 2, ...Object.fromEntries(ids.map((id) => [id, 3])) };
    const fake = fakeEngine(counts);
    const kept = new KeptPages();
    const front = plan("front matter", "front");
    const first = await renderDocuments(fake.engine, front, ids.map((id) => plan(id)), { concurrency: 2, log: () => undefined, kept });
    expect(kept.size).toBe(KEPT_PAGES);
    expect(kept.keys()).toEqual([...ids.slice(-(KEPT_PAGES - 1)), "front matter"]);
    expect(fake.open()).toBe(KEPT_PAGES);

    // The first article grows two pages: every later one moves by two folios.
    counts.a01 = 5;
    fake.calls.length = 0;
    const edited = ids.map((id) => (id === "a01" ? { ...plan(id), key: "a01, edited" } : plan(id)));
    const second = await renderDocuments(fake.engine, front, edited, { concurrency: 2, log: () => undefined, kept });
    const closedBefore = ids.slice(1, ids.length - (KEPT_PAGES - 1));
    expect(fake.calls.sort()).toEqual(["a01", ...closedBefore].sort());
    expect(second.parts.filter((p) => p.source === "reprint").map((p) => p.plan.id)).toEqual(ids.slice(-(KEPT_PAGES - 1)));
    expect(second.front.source).toBe("reprint");
    expect(second.parts.map((p) => p.startFolio)).toEqual(first.parts.map((p, i) => p.startFolio + (i === 0 ? 0 : 2)));
    expect(kept.size).toBe(KEPT_PAGES);
    expect(fake.open()).toBe(KEPT_PAGES);
  });

  it("lays out nothing more once a document has failed, and closes every page before it returns", async () => {
    const fake = fakeEngine({ "front matter": 2, a: 3, b: 3, c: 3, d: 3 }, { b: 2 });
    await expect(
      renderDocuments(fake.engine, plan("front matter", "front"), ["a", "b", "c", "d"].map((id) => plan(id)), {
        concurrency: 1,
        log: () => undefined,
      }),
    ).rejects.toThrow(LayoutCrashError);
    expect(fake.calls).toEqual(["front matter", "a", "b", "b"]);
    expect(fake.open()).toBe(0);
  });

  it("lays out at most as many documents at once as asked: one laid out early waits for its folios in its slot", async () => {
    const fake = fakeEngine({ "front matter": 2, a: 3, b: 2, c: 2 }, {}, { a: 60, b: 1, c: 1 });
    const result = await renderDocuments(fake.engine, plan("front matter", "front"), ["a", "b", "c"].map((id) => plan(id)), {
      concurrency: 2,
      log: () => undefined,
    });
    const at = (event: string) => fake.events.indexOf(event);
    // a and b take the two slots; b, laid out first, waits in its slot for a's page count, so c starts only once a is done.
    expect(at("-b")).toBeLessThan(at("-a"));
    expect(at("+c")).toBeGreaterThan(at("-a"));
    expect(result.parts.map((p) => p.startFolio)).toEqual([3, 7, 9]);
    expect(fake.printed).toEqual({ a: 3, b: 7, c: 9, "front matter": 1 });
    expect(fake.open()).toBe(0);
  });

  it("lays out again, once, a document that waited for its folios in a browser that crashed meanwhile", async () => {
    const fake = fakeEngine({ "front matter": 2, a: 3, b: 2 }, { a: 1 }, { a: 40, b: 1 });
    const result = await renderDocuments(fake.engine, plan("front matter", "front"), [plan("a"), plan("b")], {
      concurrency: 2,
      log: () => undefined,
    });
    expect(fake.recovered()).toBe(1);
    expect(fake.calls.filter((c) => c === "b")).toHaveLength(2);
    expect(result.parts.map((p) => p.startFolio)).toEqual([3, 7]);
    expect(fake.printed).toEqual({ a: 3, b: 7, "front matter": 1 });
    expect(fake.open()).toBe(0);
  });

  it("scales the layout time limit with the document's size", () => {
    expect(scaledTimeout(0)).toBe(60_000);
    expect(scaledTimeout(400 * 1024)).toBe(160_000);
  });
});

describe("the page scripts", () => {
  it("load as one file holding each in order, named by its contents, which tabs may load", () => {
    const file = scriptBundle();
    expect(scriptBundle()).toBe(file);
    const text = fs.readFileSync(file, "utf8");
    const at = SCRIPT_ORDER.map((script) => text.indexOf(fs.readFileSync(script, "utf8")));
    expect(at.every((offset) => offset >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(path.basename(file)).toMatch(/^[0-9a-f]{20}\.js$/);
    const filter = new RequestFilter([dir]);
    expect(filter.allows(pathToFileURL(file).href)).toBe(true);
    expect(filter.allows(pathToFileURL(path.join(os.tmpdir(), "elsewhere.js")).href)).toBe(false);
  });
});

describe("the browser path", () => {
  it("is an error naming the variable when CHROME_PATH or PUPPETEER_EXECUTABLE_PATH names no executable", () => {
    expect(() => findBrowser({ CHROME_PATH: "/no/such/chrome" })).toThrow(
      /^CHROME_PATH is set to \/no\/such\/chrome, which does not exist/,
    );
    const plain = path.join(dir, "not-a-program");
    fs.writeFileSync(plain, "", { mode: 0o644 });
    expect(() => findBrowser({ PUPPETEER_EXECUTABLE_PATH: plain })).toThrow(
      `PUPPETEER_EXECUTABLE_PATH is set to ${plain}, which is not an executable file`,
    );
    expect(() => findBrowser({ CHROME_PATH: "/no/such/chrome" })).toThrow(BrowserNotFoundError);
    expect(findBrowser({ CHROME_PATH: "/bin/false" })).toBe("/bin/false");
  });

  for (const variable of ["CHROME_PATH", "PUPPETEER_EXECUTABLE_PATH"] as const) {
    it(`says the browser from ${variable} failed to start, with its exit code and last output`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-fake-browser-"));
      const fake = path.join(dir, "chrome");
      fs.writeFileSync(fake, "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n", { mode: 0o755 });
      const saved = process.env[variable];
      process.env[variable] = fake;
      const leftovers = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith("galley-chromium-"));
      const before = new Set(leftovers());
      try {
        const error = await LayoutEngine.start({ browserPath: fake, allowedPaths: [], timeoutMs: 10_000, idleTabs: 1 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BrowserStartError);
        expect((error as Error).message).toBe(
          `The browser at ${fake} (from ${variable}) failed to start: exit code 3. Its last output:\ncannot open display`,
        );
        expect(leftovers().filter((n) => !before.has(n))).toEqual([]);
      } finally {
        if (saved === undefined) delete process.env[variable];
        else process.env[variable] = saved;
        fs.rmSync(dir, { recursive: true });
      }
    });
  }

  it("/bin/false as CHROME_PATH fails naming it, not with puppeteer's troubleshooting text", async () => {
    const saved = process.env.CHROME_PATH;
    process.env.CHROME_PATH = "/bin/false";
    try {
      const error = await LayoutEngine.start({ browserPath: "/bin/false", allowedPaths: [], timeoutMs: 10_000, idleTabs: 1 }).catch((e: unknown) => e);
      expect((error as Error).message).toBe("The browser at /bin/false (from CHROME_PATH) failed to start: exit code 1");
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
  });
});

describe("stale profiles", () => {
  it("removes Galley's own profiles older than a minute whose owner is gone, and nothing else", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "galley-reap-"));
    const dead = spawnSync("true").pid!;
    const make = (name: string, owner: string | null, ageMs: number) => {
      const folder = path.join(tmp, name);
      fs.mkdirSync(folder);
      if (owner !== null) fs.writeFileSync(path.join(folder, "owner"), owner);
      const time = new Date(Date.now() - ageMs);
      fs.utimesSync(folder, time, time);
      return folder;
    };
    const stale = make("galley-chromium-dead", `${dead} 1`, 120_000);
    const young = make("galley-chromium-young", `${dead} 1`, 1_000);
    const live = make("galley-chromium-live", String(process.pid), 120_000);
    // Another program's Chromium folder is never touched, however old.
    const chromium = make("org.chromium.Chromium.abc", null, 120_000);
    const other = make("something-else", null, 120_000);
    expect(reapStaleProfiles(tmp)).toEqual([stale]);
    for (const folder of [young, live, chromium, other]) expect(fs.existsSync(folder)).toBe(true);
    fs.rmSync(tmp, { recursive: true });
  });
});
