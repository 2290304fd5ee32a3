/**
 * Everything before the browser, on the sample issue and on generated
 * issues: manuscripts loaded, Markdown rendered, images checked, documents
 * composed. No browser is started.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectMessages, formatMessage } from "../../src/diagnostics.js";
import { generateIssue, type GenerateOptions } from "../../src/generate/index.js";
import { allArticles, allManuscripts } from "../../src/model/issue.js";
import type { PreparedIssue } from "../../src/model/documents.js";
import { prepareIssue, type PrepareResult } from "../../src/prepare.js";
import { composeDocuments, FOLIO_PLACEHOLDER } from "../../src/templates/compose.js";
import { loadTemplate } from "../../src/templates/index.js";
import { removeDir, tempDir } from "./support.js";

const SAMPLE = "manuscripts/meridian-14-3";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});
function scratch(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

/** Errors, formatted, so a failing assertion shows what went wrong. */
function errors(result: PrepareResult): string[] {
  return collectMessages(result.files)
    .filter((m) => m.severity === "error")
    .map(formatMessage);
}

/** Every file under `dir`, as relative path → contents. */
function snapshotDir(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full), fs.readFileSync(full));
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

describe("prepareIssue on the sample issue", () => {
  let result: PrepareResult;
  let prepared: PreparedIssue;
  const log: string[] = [];

  beforeAll(async () => {
    result = await prepareIssue(SAMPLE, { log: (line) => log.push(line) });
    prepared = result.prepared!;
  });

  it("finds no errors and no warnings", () => {
    expect(errors(result)).toEqual([]);
    expect(collectMessages(result.files).map(formatMessage)).toEqual([]);
    expect(prepared).not.toBeNull();
  });

  it("renders a body for each of the 12 manuscripts", () => {
    expect(prepared.bodies.size).toBe(12);
    expect([...prepared.bodies.keys()]).toEqual(allManuscripts(prepared.issue).map((m) => m.id));
    for (const [id, body] of prepared.bodies) expect(body.html, id).not.toBe("");
  });

  it("gives each article 8 to 25 footnotes, numbered 1..n", () => {
    const articles = allArticles(prepared.issue);
    expect(articles).toHaveLength(7);
    for (const article of articles) {
      const { footnotes, html } = prepared.bodies.get(article.id)!;
      expect(footnotes.length, article.id).toBeGreaterThanOrEqual(8);
      expect(footnotes.length, article.id).toBeLessThanOrEqual(25);
      expect(footnotes.map((f) => f.number), article.id).toEqual(footnotes.map((_, i) => i + 1));
      for (const f of footnotes) expect(f.text, `${article.id} note ${f.number}`).not.toBe("");
      // Each note is set once, right after its first call.
      expect(html.match(/<span class="footnote" data-note="\d+" data-line="\d+">/g) ?? [], article.id).toHaveLength(footnotes.length);
      // No call or note slipped through unnumbered, and no literal call survives.
      expect(html, article.id).not.toContain("data-footnote-ref");
      expect(html.replace(/\u00ad/g, ""), article.id).not.toContain("[^");
    }
  });

  it("gives each article 1 to 3 pull quotes with text", () => {
    for (const article of allArticles(prepared.issue)) {
      const { pullquotes, html } = prepared.bodies.get(article.id)!;
      expect(pullquotes.length, article.id).toBeGreaterThanOrEqual(1);
      expect(pullquotes.length, article.id).toBeLessThanOrEqual(3);
      for (const quote of pullquotes) expect(quote.trim(), article.id).not.toBe("");
      expect(html.match(/<aside class="pullquote"[^>]*>/g) ?? [], article.id).toHaveLength(pullquotes.length);
    }
  });

  it("accepts the figure images and places each as a figure with a caption, one full-bleed", () => {
    expect(log).toContain("images: 3 checked");
    const wide = [...prepared.bodies.values()].flatMap((b) => b.html.match(/<figure class="figure full-bleed">[\s\S]*?<\/figure>/g) ?? []);
    expect(wide).toHaveLength(1);
    expect(wide[0]).toContain("cordillera-ice-line.svg");
    const figures = [...prepared.bodies.values()].flatMap((b) => b.html.match(/<figure class="figure">[\s\S]*?<\/figure>/g) ?? []);
    expect(figures).toHaveLength(2);
    expect(figures[1]!.replace(/\u00ad/g, "")).toContain("<figcaption>Figure 1. A retreating valley glacier, in schematic");
    const figure = figures[0]!;
    const svg = path.resolve(SAMPLE, "figures", "storage-capacity.svg");
    expect(figure).toMatch(new RegExp(`<img src="${pathToFileURL(svg).href}\\?v=[0-9a-f]{16}"`));
    expect(figure.replace(/\u00ad/g, "")).toContain("<figcaption>Figure 1. Reservoir storage capacity in the basin");
  });

  it("renders the abstract of every article that has one", () => {
    const withAbstract = allArticles(prepared.issue).filter((a) => a.abstract !== null);
    expect(withAbstract.length).toBeGreaterThan(0);
    expect([...prepared.abstracts.keys()].sort()).toEqual(withAbstract.map((a) => a.id).sort());
    for (const html of prepared.abstracts.values()) expect(html).toMatch(/^<p>/);
  });

  it("logs one line per stage", () => {
    expect(log).toEqual([
      "manuscripts: meridian-14-3: 12 manuscripts in 3 sections",
      "markdown: 12 of 12 manuscripts rendered",
      "images: 3 checked",
    ]);
  });

  it("composes the front matter with placeholder folios and one document per article and back page", async () => {
    const buildDir = scratch();
    const composed = await composeDocuments(prepared, loadTemplate(prepared.issue.template), buildDir, "test");
    const front = fs.readFileSync(composed.front.htmlPath, "utf8");
    const listed = [...front.matchAll(/data-folio-for="([^"]*)">([^<]*)</g)].map((m) => [m[1], m[2]]);
    const expectedIds = [...allArticles(prepared.issue), ...prepared.issue.back].map((m) => m.id);
    expect(listed).toEqual(expectedIds.map((id) => [id, FOLIO_PLACEHOLDER]));
    expect(composed.parts.map((p) => [p.id, p.kind])).toEqual([
      ...allArticles(prepared.issue).map((a) => [a.id, "article"]),
      ["notes-for-contributors", "back"],
    ]);
    for (const part of composed.parts) {
      expect(path.dirname(part.htmlPath)).toBe(buildDir);
      const html = fs.readFileSync(part.htmlPath, "utf8");
      expect(html).toContain(`data-verso-head="Meridian Quarterly · Vol. 14 · No. 3 · Autumn 2026"`);
      expect(html).toContain(`data-recto-head="`);
    }
  });
});

describe("prepareIssue with an images folder", () => {
  it("points the page at a copy of each SVG figure that carries the template's faces, still a vector", async () => {
    const imagesDir = path.join(scratch(), "images");
    const result = await prepareIssue(SAMPLE, { log: () => {}, imagesDir });
    expect(errors(result)).toEqual([]);
    const svgs = fs.readdirSync(imagesDir).filter((f) => f.endsWith(".svg"));
    expect(svgs.length).toBeGreaterThanOrEqual(1);
    for (const name of svgs) expect(name).toMatch(/^[0-9a-f]{16}-[0-9a-f]{8}\.svg$/);
    const html = result.prepared!.bodies.get("tigris-euphrates-dams")!.html;
    const src = /<img src="([^"?]+)\?v=([0-9a-f]{16})"/.exec(html);
    expect(src).not.toBeNull();
    const copy = fileURLToPath(src![1]!);
    expect(path.dirname(copy)).toBe(imagesDir);
    const svg = fs.readFileSync(copy, "utf8");
    expect(svg).toMatch(/^<svg [^>]*><style>@font-face \{ font-family: 'Source Serif 4'; font-weight: 400; font-style: normal; src: url\(data:font\/woff2;base64,/);
    // The generic family the source names is mapped to the text face.
    expect(svg).not.toContain('font-family="serif"');
    expect(svg).toContain(`font-family="'Source Serif 4'"`);
    expect(svg).toContain(">Türkiye</text>");
    expect(svg).not.toMatch(/<image\b/);
  });
});

describe("generateIssue", () => {
  const options: GenerateOptions = { articles: 4, seed: 7, paragraphs: 13 };

  it("writes the same bytes for the same options", async () => {
    const a = scratch();
    const b = scratch();
    await generateIssue(a, options);
    await generateIssue(b, { ...options });
    const first = snapshotDir(a);
    const second = snapshotDir(b);
    expect([...first.keys()]).toEqual([
      "article-001.md",
      "article-002.md",
      "article-003.md",
      "article-004.md",
      "front.md",
      "issue.yaml",
    ]);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, bytes] of first) expect(second.get(name)!.equals(bytes), name).toBe(true);
  });

  it("writes different articles for a different seed", async () => {
    const a = scratch();
    const b = scratch();
    await generateIssue(a, options);
    await generateIssue(b, { ...options, seed: 8 });
    expect(fs.readFileSync(path.join(b, "article-001.md"), "utf8")).not.toBe(
      fs.readFileSync(path.join(a, "article-001.md"), "utf8"),
    );
  });

  it("writes an issue that prepares without errors or warnings", async () => {
    const dir = scratch();
    const written = await generateIssue(dir, options);
    expect(written).toEqual({ dir, articles: 4 });
    const result = await prepareIssue(dir, { log: () => {} });
    expect(collectMessages(result.files, dir).map(formatMessage)).toEqual([]);
    const prepared = result.prepared!;
    expect(prepared.issue.meta).toMatchObject({ journal: "Synthetic Review", volume: 1, number: 7 });
    expect(prepared.issue.sections.map((s) => [s.title, s.articles.length])).toEqual([
      ["Section 1", 2],
      ["Section 2", 2],
    ]);
    expect(prepared.issue.front.map((p) => p.id)).toEqual(["front"]);
    for (const article of allArticles(prepared.issue)) {
      const body = prepared.bodies.get(article.id)!;
      expect(body.pullquotes, article.id).toHaveLength(1);
      expect(body.footnotes.map((f) => f.number), article.id).toEqual(body.footnotes.map((_, i) => i + 1));
      expect(article.authors, article.id).toHaveLength(1);
    }
  });
});

describe("characters the text face lacks", () => {
  const ISSUE_YAML = "journal: J\nvolume: 1\nnumber: 2\nsections:\n  - title: Articles\n    articles:\n      - a.md\n";

  async function prepareWith(articleMd: string) {
    const dir = tempDir({ "issue.yaml": ISSUE_YAML, "a.md": articleMd });
    dirs.push(dir);
    return { dir, result: await prepareIssue(dir, { log: () => {} }) };
  }

  it("reports each one at its first place in the file, with a count", async () => {
    const line5 = "A double dagger \u2021 here,";
    const line6 = "and \u2021 again, and \u6c34 once.";
    const { dir, result } = await prepareWith(["---", "title: Alpha", "---", "", line5, line6, ""].join("\n"));
    expect(result.prepared).toBeNull();
    expect([line5.indexOf("\u2021") + 1, line6.indexOf("\u6c34") + 1]).toEqual([17, 18]);
    expect(collectMessages(result.files, dir).map(formatMessage)).toEqual([
      "a.md:5:17: error: Character “\u2021” (U+2021) is not in the template's text face, Source Serif 4; it would be set in a system font (2 times in this file) [glyph-missing]",
      "a.md:6:18: error: Character “\u6c34” (U+6C34) is not in the template's text face, Source Serif 4; it would be set in a system font [glyph-missing]",
    ]);
  });

  it("accepts a non-breaking hyphen in the body, which is printed as a hyphen that does not break", async () => {
    const { dir, result } = await prepareWith(["---", "title: Alpha", "---", "", "A non\u2011binding text.", ""].join("\n"));
    expect(collectMessages(result.files, dir).map(formatMessage)).toEqual([]);
    const html = result.prepared!.bodies.get("a")!.html;
    expect(html).toBe('<p>A <span class="nobreak">non-binding</span> text.</p>');
  });

  it("reports or substitutes a non-breaking hyphen in a title", async () => {
    const { dir, result } = await prepareWith(
      ["---", "title: The Lancang\u2011Mekong Framework", "authors:", "  - name: Ann", "---", "", "Body.", ""].join("\n"),
    );
    const reported = collectMessages(result.files, dir).some((m) => m.rule === "glyph-missing");
    if (reported) return;
    const composed = await composeDocuments(result.prepared!, loadTemplate("classic"), scratch(), "test");
    const html = fs.readFileSync(composed.parts[0]!.htmlPath, "utf8");
    expect(html).toContain("Lancang");
    expect(html).not.toContain("\u2011");
  });
});

describe("front matter closed by the YAML end marker", () => {
  it("does not print the front matter in the body", async () => {
    const dir = tempDir({
      "issue.yaml": "journal: J\nvolume: 1\nnumber: 2\nsections:\n  - title: Articles\n    articles:\n      - a.md\n",
      "a.md": ["---", "title: Alpha", "...", "", "Body text.", ""].join("\n"),
    });
    dirs.push(dir);
    const result = await prepareIssue(dir, { log: () => {} });
    expect(collectMessages(result.files, dir).map(formatMessage)).toEqual([]);
    expect(result.prepared!.issue.sections[0]!.articles[0]!.title).toBe("Alpha");
    expect(result.prepared!.bodies.get("a")!.html).toBe("<p>Body text.</p>");
  });
});
