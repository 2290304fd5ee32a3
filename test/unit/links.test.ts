/**
 * Symbolic links are followed before any path is accepted. The links are
 * made here, at test time: links kept in git do not survive every checkout.
 */
import fs from "node:fs";
import path from "node:path";
import { VFile } from "vfile";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImageCollector } from "../../src/images/index.js";
import { loadIssue } from "../../src/manuscripts/load.js";
import { loadTemplateConfig, TemplateError } from "../../src/templates/load-config.js";
import { messagesOf, removeDir, tempDir } from "./support.js";

const ARTICLE = "---\ntitle: Tides\n---\n\nThe harbour master kept a ledger.\n";
const TEMPLATE_YAML = fs.readFileSync(new URL("../../templates/classic/template.yaml", import.meta.url), "utf8");

/**
 * root/
 *   outside/            not part of the project
 *   project/assets/, project/branding/, project/templates/t/
 *   project/issue/      the issue folder
 */
let root: string;
let issue: string;
let project: string;
let outside: string;

beforeAll(() => {
  root = tempDir({
    "outside/real.md": ARTICLE,
    "outside/figs/a.png": "png",
    "outside/c.png": "png",
    "outside/css/page.css": "@page {}",
    "project/branding/logo.png": "png",
    "project/issue/tides.md": ARTICLE,
    "project/issue/inside.png": "png",
    "project/templates/t/template.yaml": TEMPLATE_YAML,
  });
  outside = path.join(root, "outside");
  project = path.join(root, "project");
  issue = path.join(project, "issue");
  fs.mkdirSync(path.join(project, "assets"));
  const link = (target: string, at: string) => fs.symlinkSync(target, path.join(root, at));
  // A link to a file, a link to a folder, and chains of links, out and in.
  link(path.join(outside, "real.md"), "project/issue/linked.md");
  link(path.join(outside, "figs"), "project/issue/figures");
  link(path.join(outside, "figs"), "project/issue/reviews");
  link(path.join(outside, "c.png"), "project/issue/alias.png");
  link(path.join(issue, "alias.png"), "project/issue/chain.png");
  link(path.join(issue, "inside.png"), "project/issue/inside-alias.png");
  link(path.join(issue, "inside-alias.png"), "project/issue/inside-chain.png");
  link(path.join(issue, "tides.md"), "project/issue/tides-again.md");
  link(path.join(project, "branding/logo.png"), "project/assets/logo.png");
  link(path.join(outside, "c.png"), "project/assets/stray.png");
  link(path.join(outside, "css"), "project/templates/t/css");
});

afterAll(() => removeDir(root));

describe("manuscripts listed in issue.yaml", () => {
  it("refuses a link to a file outside the issue folder, a file in a linked folder, and lists a link to a listed file as a duplicate", async () => {
    fs.writeFileSync(
      path.join(issue, "issue.yaml"),
      "journal: J\nvolume: 1\nnumber: 1\nsections:\n  - title: A\n    articles:\n      - tides.md\n      - linked.md\n      - reviews/smith.md\n      - tides-again.md\n",
    );
    fs.writeFileSync(path.join(outside, "figs", "smith.md"), ARTICLE);
    const { files } = await loadIssue(issue);
    const issueMessages = messagesOf(files[0]!).map(({ line, column, rule, reason }) => ({ line, column, rule, reason }));
    expect(issueMessages).toEqual([
      { line: 8, column: 9, rule: "link-outside", reason: `\`linked.md\` leads through a link to ${path.join(outside, "real.md")}, outside the issue folder` },
      { line: 9, column: 9, rule: "link-outside", reason: `\`reviews/smith.md\` leads through a link to ${path.join(outside, "figs", "smith.md")}, outside the issue folder` },
      { line: 10, column: 9, rule: "duplicate-file", reason: "`tides-again.md` is listed twice" },
    ]);
  });

  it("refuses an issue.yaml that is itself a link out of the folder", async () => {
    const dir = tempDir({ "x.md": ARTICLE });
    fs.writeFileSync(path.join(outside, "issue.yaml"), "journal: J\nvolume: 1\nnumber: 1\nsections:\n  - title: A\n    articles: [x.md]\n");
    fs.symlinkSync(path.join(outside, "issue.yaml"), path.join(dir, "issue.yaml"));
    const { issue: loaded, files } = await loadIssue(dir);
    expect(loaded).toBeNull();
    expect(messagesOf(files[0]!).map((m) => m.rule)).toEqual(["link-outside"]);
    removeDir(dir);
  });
});

describe("images", () => {
  const check = (url: string, from = path.join(issue, "tides.md")) => {
    const collector = new ImageCollector({ issueDir: issue, assetsDir: path.join(project, "assets") });
    const file = new VFile({ path: from, value: ARTICLE });
    const accepted = collector.resolve(file, { url, place: { line: 7, column: 1 }, fullBleed: false }) !== null;
    return { accepted, messages: messagesOf(file).map(({ line, column, severity, rule, reason }) => ({ line, column, severity, rule, reason })) };
  };

  it("refuses an image in a linked folder outside, at the reference's line", () => {
    expect(check("figures/a.png")).toEqual({
      accepted: false,
      messages: [{ line: 7, column: 1, severity: "error", rule: "link-outside", reason: `Image \`figures/a.png\` leads through a link to ${path.join(outside, "figs", "a.png")}, outside the issue folder and assets/` }],
    });
  });

  it("follows a chain of links to its end", () => {
    expect(check("chain.png").messages.map((m) => m.rule)).toEqual(["link-outside"]);
    expect(check("alias.png").messages.map((m) => m.rule)).toEqual(["link-outside"]);
    expect(check("inside-chain.png")).toEqual({ accepted: true, messages: [] });
  });

  it("lets assets/ link within the project, not outside it", () => {
    expect(check("../assets/logo.png")).toEqual({ accepted: true, messages: [] });
    const stray = check("../assets/stray.png").messages;
    expect(stray.map((m) => [m.rule, m.reason])).toEqual([["link-outside", `Image \`../assets/stray.png\` leads through a link to ${path.join(outside, "c.png")}, outside the project`]]);
  });
});

describe("template files", () => {
  it("refuses a template folder holding a link outside the project, in template.yaml where the file is named", () => {
    let error: unknown;
    try {
      loadTemplateConfig(path.join(project, "templates", "t"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    const [file] = (error as TemplateError).files;
    const line = TEMPLATE_YAML.split("\n").findIndex((l) => l.startsWith("    - css/page.css")) + 1;
    expect(messagesOf(file!)).toEqual([
      { line, column: 7, severity: "error", rule: "link-outside", reason: `\`css\` leads through a link to ${path.join(outside, "css")}, outside the project` },
    ]);
  });
});
