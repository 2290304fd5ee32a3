/**
 * The tab pool (render/tabs.ts): a tab released while documents wait is
 * taken again as it stands, and the next document's navigation replaces
 * the last one's; a tab left idle is emptied, so it holds no document's
 * memory at the end of a build or between watch mode's builds.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBrowser } from "../../src/render/index.js";
import { BrowserProcess } from "../../src/render/chromium.js";
import { EMPTY_AFTER_MS, RequestFilter, TabPool } from "../../src/render/tabs.js";

let dir: string;
let browser: BrowserProcess;
let tabs: TabPool;
const url = (name: string) => pathToFileURL(path.join(dir, name)).href;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-tabs-"));
  for (const name of ["first", "second"]) fs.writeFileSync(path.join(dir, `${name}.html`), `<!doctype html><title>${name}</title><p>The ${name} document.</p>`);
  browser = await BrowserProcess.launch(ensureBrowser(() => undefined));
  tabs = new TabPool(browser.browser, 0, new RequestFilter([dir]), 1);
});

afterAll(async () => {
  tabs?.close();
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the tab pool", () => {
  it("gives a tab released while a document waits back as it stands, and the next document replaces the last", async () => {
    const slot = await tabs.open();
    await slot.page.goto(url("first.html"));
    await tabs.release(slot);
    const again = await tabs.open();
    expect(again).toBe(slot);
    expect(again.uses).toBe(2);
    expect(again.page.url()).toBe(url("first.html"));
    await again.page.goto(url("second.html"));
    expect(await again.page.evaluate("document.body.textContent")).toBe("The second document.");
    await tabs.release(again);
  });

  it("empties a tab left idle, and gives it back emptied", async () => {
    const slot = await tabs.open();
    await slot.page.goto(url("first.html"));
    await tabs.release(slot);
    const deadline = Date.now() + EMPTY_AFTER_MS + 5_000;
    while (slot.page.url() !== "about:blank" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(slot.page.url()).toBe("about:blank");
    const again = await tabs.open();
    expect(again).toBe(slot);
    expect(await again.page.evaluate("document.body ? document.body.textContent : ''")).toBe("");
    await tabs.release(again);
  });
});
