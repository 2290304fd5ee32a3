/**
 * The preview's server and documents without a browser: local file URLs
 * served from /fs/ and only inside the allowed folders, the layout
 * scripts added in the build's order, and the state sent without HTML.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";
import { localUrlsServed, previewHtml } from "../../src/preview/rewrite.js";
import { startServer, type PreviewServer } from "../../src/preview/server.js";
import type { PreviewState } from "../../src/preview/session.js";
import { SCRIPT_ORDER } from "../../src/render/scripts.js";

describe("a document as the preview serves it", () => {
  it("names local files by server path, with their query", () => {
    const font = pathToFileURL(path.join(projectRoot, "node_modules", "x y", "a.woff2")).href;
    expect(localUrlsServed(`src: url("${font}?v=2")`)).toBe(`src: url("/fs${new URL(font).pathname}?v=2")`);
    expect(localUrlsServed(`<a href="https://example.org/">`)).toBe(`<a href="https://example.org/">`);
  });

  it("loads the layout scripts in the build's order before its own head ends", () => {
    const html = previewHtml("<html><head><title>t</title></head><body></body></html>", "caspian");
    const setup = html.slice(html.indexOf("<script>"), html.indexOf("</head>"));
    expect(setup).toContain("window.PagedConfig = { auto: false }");
    expect(setup).toContain('"id":"caspian"');
    const scripts = JSON.parse(/"scripts":(\[[^\]]*\])/.exec(setup)![1]!) as string[];
    expect(scripts).toHaveLength(SCRIPT_ORDER.length);
    expect(scripts.every((s, i) => s.endsWith(path.basename(SCRIPT_ORDER[i]!)))).toBe(true);
    expect(setup).toContain('<script src="/viewer/frame.js"></script>');
  });
});

describe("the preview server", () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), "galley-outside-"));
  const state: PreviewState = {
    version: 3,
    title: "Test 1.1",
    padTo: 4,
    documents: [{ id: "front matter", kind: "front", title: "Front", key: "k1", html: "<html><body>front</body></html>" }],
    messages: [{ severity: "error", text: "a.md:3:1: error: Unknown key `x` [unknown-key]" }],
  };
  let server: PreviewServer;
  const get = (p: string) => fetch(new URL(p, server.url));

  beforeAll(async () => {
    fs.writeFileSync(path.join(outside, "secret.txt"), "not for the page");
    server = await startServer({ host: "127.0.0.1", port: 0, allowedPaths: [projectRoot], state: () => state });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it("listens on the loopback address", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it("serves the viewer and each document by id", async () => {
    expect((await get("/")).status).toBe(200);
    expect(await (await get("/viewer/viewer.js")).text()).toContain("EventSource");
    const doc = await get(`/doc/${encodeURIComponent("front matter")}?v=k1`);
    expect(await doc.text()).toBe("<html><body>front</body></html>");
    expect((await get("/doc/nothing")).status).toBe(404);
  });

  it("serves files inside the allowed folders and refuses the rest", async () => {
    const css = path.join(projectRoot, "templates", "classic", "css", "page.css");
    const served = await get(`/fs${pathToFileURL(css).pathname}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toContain("text/css");
    expect((await get(`/fs${pathToFileURL(path.join(outside, "secret.txt")).pathname}`)).status).toBe(403);
    expect((await get(`/fs${pathToFileURL(path.join(projectRoot, "..", "..", "etc", "passwd")).pathname}`)).status).not.toBe(200);
  });

  it("sends the state over server-sent events, without the documents' HTML", async () => {
    const controller = new AbortController();
    const response = await fetch(new URL("/events", server.url), { signal: controller.signal });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    controller.abort();
    const text = new TextDecoder().decode(value);
    expect(text.startsWith("event: state\ndata: ")).toBe(true);
    const sent = JSON.parse(text.slice("event: state\ndata: ".length));
    expect(sent.documents).toEqual([{ id: "front matter", kind: "front", title: "Front", key: "k1" }]);
    expect(sent.messages[0].text).toContain("a.md:3:1");
  });
});
