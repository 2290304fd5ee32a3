/**
 * A later pass resumed in place (page-scripts/resume.js, render/pagedjs.ts
 * resumeLayout) lays the pages out as the same pass laid out from the
 * start: each page holds the same text, notes and running heads, its
 * blocks stand at the same places, and the layout leaves the same faults.
 *
 * The documents are articles of the 160-page bench issue whose first
 * layouts ask for later passes (`npm run bench`, seed 160): article-004
 * resumes from its ninth page, article-013 twice in a row (the second pass
 * from the state the first left) and once more with no settings, as
 * layOutBest does when the first layout is the best; article-011 from its
 * first page. The passes are those each first layout asks for. Varied
 * seed 2's article-11 resumes from its ninth page (from its first until
 * capitalised compounds were hyphenated, which changed its lines): where its pull
 * quote stands depends on how far past each page's foot Paged.js sets
 * text before it looks for the break, a length it measures on the first
 * page it lays out and keeps (the resumed pass once kept the first
 * layout's, and set the quote a page early).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIssue } from "../../src/build.js";
import { generateIssue, generateVariedIssue } from "../../src/generate/index.js";
import { projectRoot } from "../../src/paths.js";
import { ensureBrowser } from "../../src/render/index.js";
import { BrowserProcess } from "../../src/render/chromium.js";
import { layOutFromStart, resumeLayout, type Hint, type Layout } from "../../src/render/pagedjs.js";
import { RequestFilter, TabPool, type Slot } from "../../src/render/tabs.js";
import { keepArticles } from "../support/issues.js";


/** What each page holds, read in the page: its text, notes and running heads, and each block's tag, top and height. */
const PAGES = `[...document.querySelectorAll(".pagedjs_page")].map((page) => {
  const text = (el) => (el ? el.textContent : "").replace(/\\s+/g, " ").trim();
  const body = page.querySelector(".pagedjs_page_content");
  const blocks = body ? [...body.querySelectorAll("p, li, h2, h3, h4, figure, blockquote, aside, table")] : [];
  return {
    text: text(body),
    notes: text(page.querySelector(".pagedjs_footnote_area")),
    heads: text(page.querySelector(".pagedjs_margin-top")),
    blocks: blocks.map((el) => { const box = el.getBoundingClientRect(); return el.tagName + "@" + Math.round(box.top) + "+" + Math.round(box.height); }).join(" "),
  };
})`;

type Page = { text: string; notes: string; heads: string; blocks: string };

let dir: string;
/** Each issue's build folder, where its documents' HTML is written. */
const built = new Map<string, string>();
let browser: BrowserProcess;
let tabs: TabPool;
let resumed: Slot;
let fromStart: Slot;

/** Builds `name`, made by `generate`, with only `articles`: the build writes each document's HTML, as the engine lays it out. */
async function buildWith(name: string, generate: (dir: string) => Promise<unknown>, articles: string[]): Promise<void> {
  const issueDir = path.join(dir, name);
  await generate(issueDir);
  keepArticles(issueDir, articles);
  const outDir = path.join(dir, `${name}-out`);
  await buildIssue({ issueDir, outDir, log: () => undefined });
  built.set(name, path.join(outDir, ".build", name));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-resume-"));
  await buildWith("bench", (d) => generateIssue(d, { articles: 13, paragraphs: 40, seed: 160 }), ["article-004.md", "article-011.md", "article-013.md"]);
  await buildWith("varied", (d) => generateVariedIssue(d, { seed: 2 }), ["article-11.md"]);
  browser = await BrowserProcess.launch(ensureBrowser(() => undefined));
  tabs = new TabPool(browser.browser, 0, new RequestFilter([dir, projectRoot]), 2);
  [resumed, fromStart] = [await tabs.open(), await tabs.open()];
});

afterAll(async () => {
  tabs?.close();
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A layout's faults, its pages short that the verifier excuses, and its pages as PAGES reads them. */
type Laid = { faults: number; short: number; pages: Page[] };

async function laid({ faults, short }: Layout, slot: Slot): Promise<Laid> {
  return { faults, short, pages: (await slot.page.evaluate(PAGES)) as Page[] };
}

/** Each later pass of `file`'s first layout, resumed in one tab and laid out from the start in the other, and the page each resumed from. */
async function compare(issue: string, file: string, passes: (first: Layout) => Hint[][]) {
  const html = path.join(built.get(issue)!, file);
  const first = await layOutFromStart(resumed.page, html, []);
  const compared: { from: number; resumed: Laid; fromStart: Laid }[] = [];
  for (const hints of passes(first)) {
    const again = await resumeLayout(resumed.page, hints);
    if (!again) throw new Error(`${file}: the pass with ${hints.length} hints was not resumed`);
    const whole = await layOutFromStart(fromStart.page, html, hints);
    compared.push({ from: again.from, resumed: await laid(again, resumed), fromStart: await laid(whole, fromStart) });
  }
  return compared;
}

describe("a later pass resumed in place", () => {
  it("sets article-004's pages as from the start, from its ninth page", async () => {
    const [pass] = await compare("bench", "article-004.html", (first) => [first.hints.up]);
    expect(pass!.from).toBe(8);
    expect(pass!.resumed).toEqual(pass!.fromStart);
  });

  it("sets article-013's pages as from the start over passes in a row, each from the state the one before left", async () => {
    const passes = await compare("bench", "article-013.html", (first) => [first.hints.up, first.hints.down, []]);
    expect(passes.map((p) => p.from)).toEqual([3, 2, 2]);
    for (const pass of passes) expect(pass.resumed).toEqual(pass.fromStart);
    // The passes differ from one another: each set its own pages.
    expect(passes[0]!.resumed.pages).not.toEqual(passes[1]!.resumed.pages);
  });

  it("sets article-011's pages as from the start, resumed from its first page", async () => {
    const passes = await compare("bench", "article-011.html", (first) => [first.hints.up, []]);
    expect(passes.map((p) => p.from)).toEqual([0, 0]);
    for (const pass of passes) expect(pass.resumed).toEqual(pass.fromStart);
  });

  it("sets varied seed 2's article-11 as from the start, its pull quote where the same pass from the start sets it", async () => {
    const passes = await compare("varied", "article-11.html", (first) => [first.hints.up, []]);
    expect(passes.map((p) => p.from)).toEqual([8, 8]);
    for (const pass of passes) expect(pass.resumed).toEqual(pass.fromStart);
  });
});
