/**
 * The manuscripts stage, on issue folders written by each test into a temp
 * dir: the resolved `Issue`, and every diagnostic at its exact place
 * (`file:line:column: severity: reason [rule]`).
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { VFile } from "vfile";
import { collectMessages, errorCount, formatMessage, formatReport, type FormattedMessage } from "../../src/diagnostics.js";
import { splitFrontMatter } from "../../src/manuscripts/front-matter.js";
import { loadIssue, type LoadResult } from "../../src/manuscripts/load.js";
import { allManuscripts } from "../../src/model/issue.js";
import { nearest } from "../../src/manuscripts/yaml.js";
import { removeDir, tempDir } from "./support.js";

const lines = (...l: string[]) => l.join("\n") + "\n";

/** A valid issue.yaml listing alpha.md; line 7 is the `- alpha.md` entry. */
const ISSUE_YAML = lines(
  "journal: Meridian Quarterly", // 1
  "volume: 14", // 2
  "number: 3", // 3
  "sections:", // 4
  "  - title: Articles", // 5
  "    articles:", // 6
  "      - alpha.md", // 7
);
const ALPHA_MD = lines("---", "title: Alpha", "---", "", "Body of alpha.");

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

async function load(files: Record<string, string>): Promise<LoadResult & { dir: string }> {
  const dir = tempDir(files);
  dirs.push(dir);
  return { ...(await loadIssue(dir)), dir };
}

/** Every message of the load, formatted with paths relative to the issue folder. */
function report(result: LoadResult & { dir: string }): string[] {
  return collectMessages(result.files, result.dir).map(formatMessage);
}

describe("loadIssue: a valid issue", () => {
  it("resolves issue.yaml and front matter into the Issue shape, with defaults", async () => {
    const result = await load({
      "issue.yaml": lines(
        "journal: Meridian Quarterly",
        "volume: 14",
        "number: 3",
        "front:",
        "  - imprint.md",
        "sections:",
        "  - title: Articles",
        "    articles:",
        "      - alpha.md",
        "      - Beta_Study.md",
        "  - title: Reviews",
        "    articles:",
        "      - reviews/gamma.md",
        "back:",
        "  - notes.md",
      ),
      "imprint.md": lines("---", "title: Imprint", "---", "", "Printed in Lisbon."),
      "alpha.md": lines(
        "---",
        "title: Alpha and the River",
        "short-title: Alpha",
        "authors:",
        "  - name: Ann Author",
        "    note: University of Lisbon",
        "  - name: Bo Writer",
        "abstract: An *abstract*.",
        "keywords: [water, treaties]",
        "---",
        "",
        "Body.",
      ),
      "Beta_Study.md": lines("---", "title: Beta", "---", "Body."),
      "reviews/gamma.md": lines("---", "title: Gamma", "authors: []", "---", "", "", "Body."),
      "notes.md": lines("---", "title: Notes for Contributors", "short-title: Notes", "---", "", "Body."),
    });
    expect(report(result)).toEqual([]);
    const issue = result.issue!;
    expect(issue).not.toBeNull();
    expect(issue.dir).toBe(result.dir);
    expect(issue.slug).toBe(path.basename(result.dir));
    expect(issue.template).toBe("classic");
    expect(issue.meta).toEqual({
      journal: "Meridian Quarterly",
      labelOverrides: {},
      tagline: null,
      volume: 14,
      number: 3,
      season: null,
      year: null,
      date: null,
      theme: null,
      lang: "en",
    });
    const strip = <T extends { file: VFile }>({ file, ...rest }: T) => ({ path: file.path, ...rest });
    expect(issue.front.map(strip)).toEqual([
      { path: path.join(result.dir, "imprint.md"), kind: "front", id: "imprint", title: "Imprint", shortTitle: "Imprint", lang: "en" },
    ]);
    expect(issue.sections.map((s) => ({ title: s.title, articles: s.articles.map(strip) }))).toEqual([
      {
        title: "Articles",
        articles: [
          {
            path: path.join(result.dir, "alpha.md"),
            kind: "article",
            id: "alpha",
            section: "Articles",
            title: "Alpha and the River",
            shortTitle: "Alpha",
            lang: "en",
            authors: [
              { name: "Ann Author", note: "University of Lisbon", lang: "en" },
              { name: "Bo Writer", note: null, lang: "en" },
            ],
            abstract: "An *abstract*.",
            keywords: ["water", "treaties"],
            doi: null,
          },
          {
            path: path.join(result.dir, "Beta_Study.md"),
            kind: "article",
            id: "beta-study",
            section: "Articles",
            title: "Beta",
            shortTitle: "Beta",
            lang: "en",
            authors: [],
            abstract: null,
            keywords: [],
            doi: null,
          },
        ],
      },
      {
        title: "Reviews",
        articles: [
          {
            path: path.join(result.dir, "reviews", "gamma.md"),
            kind: "article",
            id: "gamma",
            section: "Reviews",
            title: "Gamma",
            shortTitle: "Gamma",
            lang: "en",
            authors: [],
            abstract: null,
            keywords: [],
            doi: null,
          },
        ],
      },
    ]);
    expect(issue.back.map(strip)).toEqual([
      {
        path: path.join(result.dir, "notes.md"),
        kind: "back",
        id: "notes",
        title: "Notes for Contributors",
        shortTitle: "Notes",
        lang: "en",
      },
    ]);
    // The manuscript files carry their text, for the markdown stage.
    expect(String(issue.sections[0]!.articles[0]!.file.value)).toContain("Body.");
    expect(result.files.map((f) => path.relative(result.dir, f.path))).toEqual([
      "issue.yaml",
      "imprint.md",
      "alpha.md",
      "Beta_Study.md",
      path.join("reviews", "gamma.md"),
      "notes.md",
    ]);
  });

  it("resolves each article's language (its own, else the issue's) and each author's (their own, else the issue's)", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML.replace("sections:", "lang: en-GB\nfront: [imprint.md]\nsections:"),
      "imprint.md": lines("---", "title: Imprint", "---", "", "Printed in Lisbon."),
      "alpha.md": lines(
        "---",
        "title: Alpha",
        "lang: de",
        "authors:",
        "  - name: İlkin Aşıkoğlu",
        "    lang: tr",
        "  - name: Anna Schmidt",
        "---",
        "",
        "Body.",
      ),
    });
    expect(report(result)).toEqual([]);
    const issue = result.issue!;
    expect(issue.front[0]!.lang).toBe("en-GB");
    const alpha = issue.sections[0]!.articles[0]!;
    expect(alpha.lang).toBe("de");
    expect(alpha.authors.map((a) => [a.name, a.lang])).toEqual([
      ["İlkin Aşıkoğlu", "tr"],
      ["Anna Schmidt", "en-GB"],
    ]);
  });

  it("refuses a language it does not know, at its line", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML,
      "alpha.md": lines("---", "title: Alpha", "authors:", "  - name: Ann Author", "    lang: turkish", "---", "", "Body."),
    });
    expect(report(result)).toEqual([expect.stringMatching(/^alpha\.md:5:\d+: error: .*\[invalid-field\]$/)]);
  });

  it("reads the optional issue fields when given", async () => {
    const result = await load({
      "issue.yaml": lines(
        "journal: Meridian Quarterly",
        "tagline: A Journal of International Affairs",
        "volume: 14",
        "number: 3",
        "season: Autumn",
        "year: 2026",
        "date: 2026-09-21",
        "theme: Water",
        "template: classic",
        "lang: en-GB",
        "sections:",
        "  - title: Articles",
        "    articles: [alpha.md]",
      ),
      "alpha.md": ALPHA_MD,
    });
    expect(report(result)).toEqual([]);
    expect(result.issue!.meta).toEqual({
      journal: "Meridian Quarterly",
      labelOverrides: {},
      tagline: "A Journal of International Affairs",
      volume: 14,
      number: 3,
      season: "Autumn",
      year: 2026,
      date: "2026-09-21",
      theme: "Water",
      lang: "en-GB",
    });
    expect(allManuscripts(result.issue!).map((m) => m.id)).toEqual(["alpha"]);
  });
});

describe("loadIssue: diagnostics in issue.yaml", () => {
  it("reports a YAML syntax error at its place and resolves nothing", async () => {
    const result = await load({
      "issue.yaml": lines("journal: Meridian Quarterly", "volume: 14", "\tnumber: 3"),
      "alpha.md": ALPHA_MD,
    });
    expect(result.issue).toBeNull();
    expect(report(result)).toEqual(["issue.yaml:3:1: error: Invalid YAML: Tabs are not allowed as indentation [yaml-syntax]"]);
  });

  it("reports a key given twice as a YAML error at the second one", async () => {
    const result = await load({ "issue.yaml": ISSUE_YAML.replace("number: 3\n", "number: 3\nvolume: 15\n") });
    const messages = collectMessages(result.files, result.dir);
    expect(messages.map((m) => [m.file, m.line, m.column, m.severity, m.rule])).toEqual([
      ["issue.yaml", 4, 1, "error", "yaml-syntax"],
    ]);
  });

  it("reports an unknown key at the key, suggesting the nearest known one", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML.replace("number: 3\n", "number: 3\nsesaon: Autumn\n"),
      "alpha.md": ALPHA_MD,
    });
    expect(result.issue).toBeNull();
    expect(report(result)).toEqual(["issue.yaml:4:1: error: Unknown key `sesaon` (did you mean season?) [unknown-key]"]);
  });

  it("reports an unknown key without a suggestion when nothing is close", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML.replace("volume: 14\n", "volume: 14\npublisher: Someone\n"),
      "alpha.md": ALPHA_MD,
    });
    expect(report(result)).toEqual(["issue.yaml:3:1: error: Unknown key `publisher` [unknown-key]"]);
  });

  it("reports an unknown key inside a section with the section's keys as suggestions", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML.replace("    articles:", "    artciles:"),
      "alpha.md": ALPHA_MD,
    });
    const messages = report(result);
    expect(messages).toContain("issue.yaml:6:5: error: Unknown key `artciles` (did you mean articles?) [unknown-key]");
  });

  it("reports a missing required field", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML.replace("journal: Meridian Quarterly\n", ""),
      "alpha.md": ALPHA_MD,
    });
    expect(result.issue).toBeNull();
    expect(report(result)).toEqual(["issue.yaml:1:1: error: Missing required field `journal` [missing-field]"]);
  });

  it("reports a value of the wrong type at the value", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML.replace("volume: 14", 'volume: "three"'),
      "alpha.md": ALPHA_MD,
    });
    expect(result.issue).toBeNull();
    const messages = collectMessages(result.files, result.dir);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ file: "issue.yaml", line: 2, column: 9, severity: "error", rule: "invalid-field" });
    expect(messages[0]!.reason).toMatch(/^`volume`: /);
  });

  it("reports a language it does not know as an invalid field", async () => {
    const result = await load({ "issue.yaml": ISSUE_YAML + "lang: klingon\n", "alpha.md": ALPHA_MD });
    const messages = collectMessages(result.files, result.dir);
    expect(messages.map((m) => [m.line, m.column, m.rule])).toEqual([[8, 7, "invalid-field"]]);
    expect(messages[0]!.reason).toMatch(/^`lang`: /);
  });

  it("reports a listed file that does not exist at its entry in the list", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML + "      - beta.md\n",
      "alpha.md": ALPHA_MD,
    });
    expect(report(result)).toEqual(["issue.yaml:8:9: error: `beta.md` is listed but does not exist [missing-file]"]);
    expect(result.issue!.sections[0]!.articles.map((a) => a.id)).toEqual(["alpha"]);
  });

  it("reports a file listed twice at the second entry, in any list", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML + "      - alpha.md\nback:\n  - alpha.md\n",
      "alpha.md": ALPHA_MD,
    });
    expect(report(result)).toEqual([
      "issue.yaml:8:9: error: `alpha.md` is listed twice [duplicate-file]",
      "issue.yaml:10:5: error: `alpha.md` is listed twice [duplicate-file]",
    ]);
    expect(allManuscripts(result.issue!).map((m) => m.id)).toEqual(["alpha"]);
  });

  it("reports a listed file outside the issue folder", async () => {
    const result = await load({ "issue.yaml": ISSUE_YAML + "      - ../elsewhere.md\n", "alpha.md": ALPHA_MD });
    expect(report(result)).toEqual([
      "issue.yaml:8:9: error: `../elsewhere.md` is outside the issue folder [file-outside-issue]",
    ]);
  });

  it("reports the same file listed twice under two spellings", async () => {
    const result = await load({ "issue.yaml": ISSUE_YAML + "      - ./alpha.md\n", "alpha.md": ALPHA_MD });
    expect(report(result)).toEqual(["issue.yaml:8:9: error: `./alpha.md` is listed twice [duplicate-file]"]);
  });

  it("gives distinct files distinct ids (or reports the clash)", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML + "      - a b.md\n      - a-b.md\n",
      "alpha.md": ALPHA_MD,
      "a b.md": lines("---", "title: First", "---"),
      "a-b.md": lines("---", "title: Second", "---"),
    });
    const ids = allManuscripts(result.issue!).map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("reports a missing issue.yaml", async () => {
    const result = await load({ "alpha.md": ALPHA_MD });
    expect(result.issue).toBeNull();
    expect(report(result)).toEqual([`issue.yaml:1:1: error: No issue.yaml in ${result.dir} [missing-issue-file]`]);
  });
});

describe("loadIssue: diagnostics in front matter", () => {
  it("reports an unknown front matter key with a suggestion, counting lines from the top of the .md file", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML,
      "alpha.md": lines("---", "title: Alpha", "authors:", "  - name: Ann", "short_title: A", "---", "", "Body."),
    });
    expect(report(result)).toEqual(["alpha.md:5:1: error: Unknown key `short_title` (did you mean short-title?) [unknown-key]"]);
    // An article with errors is left out; the rest of the issue still resolves.
    expect(result.issue!.sections[0]!.articles).toEqual([]);
  });

  it("reports an unknown key in an author at the key, suggesting the author's keys", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML,
      "alpha.md": lines("---", "title: Alpha", "authors:", "  - name: Ann", "    nota: Somewhere", "---"),
    });
    expect(report(result)).toEqual(["alpha.md:5:5: error: Unknown key `nota` (did you mean note?) [unknown-key]"]);
  });

  it("reports a missing title at the start of the front matter", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML,
      "alpha.md": lines("---", "short-title: Alpha", "---", "", "Body."),
    });
    expect(report(result)).toEqual(["alpha.md:2:1: error: Missing required field `title` [missing-field]"]);
  });

  it("reports an author without a name at the author", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML,
      "alpha.md": lines("---", "title: Alpha", "authors:", "  - name: Ann", "  - note: Somewhere", "---"),
    });
    expect(report(result)).toEqual(["alpha.md:5:5: error: Missing required field `authors.1.name` [missing-field]"]);
  });

  it("reports a YAML syntax error in front matter at its line in the .md file", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML,
      "alpha.md": lines("---", "title: Alpha", "\tshort-title: A", "---"),
    });
    expect(report(result)).toEqual(["alpha.md:3:1: error: Invalid YAML: Tabs are not allowed as indentation [yaml-syntax]"]);
  });

  it("reports a manuscript without front matter", async () => {
    const result = await load({ "issue.yaml": ISSUE_YAML, "alpha.md": lines("# Alpha", "", "Body.") });
    expect(report(result)).toEqual([
      "alpha.md:1:1: error: Missing YAML front matter (a `---` block with at least a title) [missing-front-matter]",
    ]);
  });

  it("warns about .md files in the folder that issue.yaml does not list, at any depth", async () => {
    const result = await load({
      "issue.yaml": ISSUE_YAML,
      "alpha.md": ALPHA_MD,
      "draft.md": "Unfinished.\n",
      "old/first-version.md": "Old.\n",
      "figures/notes.txt": "not Markdown\n",
    });
    expect(report(result)).toEqual([
      "draft.md:1:1: warning: This file is not listed in issue.yaml and will not be printed [unlisted-file]",
      `${path.join("old", "first-version.md")}:1:1: warning: This file is not listed in issue.yaml and will not be printed [unlisted-file]`,
    ]);
    // Warnings do not stop the issue from resolving.
    expect(errorCount(result.files)).toBe(0);
    expect(result.issue!.sections[0]!.articles.map((a) => a.id)).toEqual(["alpha"]);
  });
});

describe("formatting diagnostics", () => {
  const message: FormattedMessage = {
    file: "manuscripts/x/alpha.md",
    line: 12,
    column: 3,
    severity: "error",
    reason: "Footnote `[^a]` is empty",
    rule: "footnote-empty",
  };

  it("formats a message as path:line:col: severity: reason [rule]", () => {
    expect(formatMessage(message)).toBe("manuscripts/x/alpha.md:12:3: error: Footnote `[^a]` is empty [footnote-empty]");
    expect(formatMessage({ ...message, severity: "warning" })).toBe(
      "manuscripts/x/alpha.md:12:3: warning: Footnote `[^a]` is empty [footnote-empty]",
    );
  });

  it("collects messages sorted by file, then line, then column, relative to cwd", () => {
    const a = new VFile({ path: "/issue/b.md", value: "" });
    const b = new VFile({ path: "/issue/a.md", value: "" });
    a.message("late", { place: { line: 9, column: 1 }, ruleId: "r1" }).fatal = true;
    a.message("early", { place: { line: 2, column: 5 }, ruleId: "r2" });
    b.message("first file", { place: { line: 30, column: 1 }, ruleId: "r3" }).fatal = true;
    a.message("same line, earlier column", { place: { line: 2, column: 1 }, ruleId: "r4" });
    expect(collectMessages([a, b], "/issue").map(formatMessage)).toEqual([
      "a.md:30:1: error: first file [r3]",
      "b.md:2:1: warning: same line, earlier column [r4]",
      "b.md:2:5: warning: early [r2]",
      "b.md:9:1: error: late [r1]",
    ]);
  });

  it("ends a report with a count of errors and warnings", () => {
    const file = new VFile({ path: "/issue/a.md", value: "" });
    file.message("one", { place: { line: 1, column: 1 }, ruleId: "r" }).fatal = true;
    file.message("two", { place: { line: 2, column: 1 }, ruleId: "r" }).fatal = true;
    file.message("three", { place: { line: 3, column: 1 }, ruleId: "r" });
    expect(formatReport([file], "/issue").split("\n").at(-1)).toBe("2 errors, 1 warning");
    expect(formatReport([new VFile({ path: "/issue/b.md" })], "/issue")).toBe("");
  });
});

describe("front matter helpers", () => {
  it("splits front matter and gives the body's first line", () => {
    expect(splitFrontMatter("---\ntitle: A\n---\nBody\n")).toEqual({ yaml: "title: A\n", yamlOffset: 4, end: 17, bodyLine: 4 });
    expect(splitFrontMatter("---\r\ntitle: A\r\n...\r\n\r\nBody\r\n")).toEqual({
      yaml: "title: A\r\n",
      yamlOffset: 5,
      end: 20,
      bodyLine: 4,
    });
    expect(splitFrontMatter("No front matter\n---\n")).toBeNull();
    expect(splitFrontMatter("---\ntitle: never closed\n")).toBeNull();
  });

  it("suggests the nearest key only when it is close", () => {
    expect(nearest("short_title", ["title", "short-title", "authors"])).toBe("short-title");
    expect(nearest("Titel", ["title", "authors"])).toBe("title");
    expect(nearest("publisher", ["title", "authors"])).toBeNull();
  });
});
