/**
 * template.yaml is validated by a zod schema like issue.yaml, and its
 * problems are placed at their line and column, under `template-invalid`.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prepareIssue } from "../../src/prepare.js";
import { loadTemplateConfig } from "../../src/templates/load-config.js";
import { templatesDir } from "../../src/paths.js";
import { removeDir, tempDir } from "./support.js";

const CLASSIC = path.join(templatesDir, "classic");
const CLASSIC_YAML = fs.readFileSync(path.join(CLASSIC, "template.yaml"), "utf8");
const ISSUE = "journal: J\nvolume: 1\nnumber: 1\ntemplate: broken\nsections:\n  - title: A\n    articles:\n      - a.md\n";
const ARTICLE = "---\ntitle: Tides\n---\n\nThe harbour master kept a ledger.\n";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

/** Checks an issue set with a copy of the classic template whose template.yaml is `yaml`. */
async function checkWith(yaml: string) {
  const root = tempDir({ "issue/issue.yaml": ISSUE, "issue/a.md": ARTICLE });
  dirs.push(root);
  const templates = path.join(root, "templates");
  fs.cpSync(CLASSIC, path.join(templates, "broken"), { recursive: true });
  fs.writeFileSync(path.join(templates, "broken", "template.yaml"), yaml);
  const { prepared, files } = await prepareIssue(path.join(root, "issue"), { log: () => {}, templatesDir: templates });
  const messages = files.flatMap((file) =>
    file.messages.map((m) => ({ file: path.relative(root, file.path), line: m.line, column: m.column, rule: m.ruleId, reason: m.reason, fatal: m.fatal })),
  );
  return { prepared, messages };
}

describe("template.yaml", () => {
  it("reads the classic template's settings", () => {
    const config = loadTemplateConfig(CLASSIC);
    expect(config.trim).toEqual({ width: "170mm", height: "240mm" });
  });

  it("places a value of the wrong kind at its line and column", async () => {
    const { prepared, messages } = await checkWith(CLASSIC_YAML.replace("width: 170mm", "width: 170 mm"));
    const line = CLASSIC_YAML.split("\n").findIndex((l) => l.includes("width: 170mm")) + 1;
    expect(prepared).toBeNull();
    expect(messages).toEqual([
      { file: "templates/broken/template.yaml", line, column: 10, rule: "template-invalid", reason: "`trim.width`: must be a length in mm, like 170mm", fatal: true },
    ]);
  });

  it("names an unknown key with a suggestion", async () => {
    const yaml = CLASSIC_YAML.replace("trim:", "trims:");
    const { messages } = await checkWith(yaml);
    const line = yaml.split("\n").findIndex((l) => l.startsWith("trims:")) + 1;
    expect(messages.map(({ line, column, rule, reason }) => ({ line, column, rule, reason }))).toEqual([
      { line, column: 1, rule: "template-invalid", reason: "Unknown key `trims` (did you mean trim?)" },
    ]);
  });

  it("names a key that neither the template nor its base gives, at the start of the settings", async () => {
    const yaml = CLASSIC_YAML.replace(/^margins:\n(  .*\n)+/m, "");
    const { messages } = await checkWith(yaml);
    // Placed at the start of the settings, after the comments.
    const start = yaml.split("\n").findIndex((l) => l.startsWith("name:")) + 1;
    expect(messages.map(({ file, line, column, rule, reason }) => ({ file, line, column, rule, reason }))).toEqual([
      { file: "templates/broken/template.yaml", line: start, column: 1, rule: "template-invalid", reason: "Missing required field `margins` (in this file or the one it extends)" },
    ]);
  });

  it("places an `extends` that names no template at its value", async () => {
    const yaml = CLASSIC_YAML.replace("extends: base", "extends: bsae");
    const { messages } = await checkWith(yaml);
    const line = yaml.split("\n").findIndex((l) => l.startsWith("extends:")) + 1;
    expect(messages.map(({ line, column, rule }) => ({ line, column, rule }))).toEqual([{ line, column: 10, rule: "template-invalid" }]);
  });

  it("merges the base's labels, stylesheets and fonts under the template's own", () => {
    const config = loadTemplateConfig(CLASSIC);
    expect(config.labels.tr?.contents).toBe("İçindekiler");
    expect(config.fonts.map((f) => f.family)).toEqual(["Source Serif 4", "Source Sans 3", "Noto Sans Math"]);
    expect(config.stylesheets.page.map((s) => path.relative(templatesDir, s))).toEqual(["base/css/page.css", "classic/css/page.css"]);
  });

  it("places a YAML error: a key given twice", async () => {
    const { messages } = await checkWith("name: broken\nname: again\n");
    expect(messages.map((m) => [m.file, m.rule, m.line])).toEqual([["templates/broken/template.yaml", "template-invalid", 2]]);
  });
});
