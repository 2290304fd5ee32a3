/**
 * Broken issue folders. Each folder under test/fixtures/bad/ is a small
 * issue with a deliberate problem (a few hold several, in different files)
 * and an expected.json: `{ exit, diagnostics: [{ file, line, column,
 * severity, rule, reason? }] }`, `file` relative to the case folder.
 *
 * Every case is checked in-process with `main(["check", dir], { log })`,
 * as `npm run check` would, and must give exactly the diagnostics listed,
 * in the order the report prints them (file, line, column). `reason` is
 * compared only where expected.json gives one: where the wording is what
 * tells an editor what to fix ("did you mean", a file name, a count).
 *
 * A case that shows a bug in src is run with `it.fails`, with a comment
 * below saying what is wrong; its expected.json holds what the check
 * should report. When the bug is fixed the `it.fails` starts failing:
 * take the case out of the list (and adjust the expected wording if the
 * fix chose different words).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";

const BAD_DIR = fileURLToPath(new URL("../fixtures/bad/", import.meta.url));

/**
 * Every rule the check has; each must be expected by at least one case.
 * (unknown-template is shown only by a known-bug case: its rule is right,
 * its place is not.)
 */
const RULES = [
  "yaml-syntax", "unknown-key", "missing-field", "invalid-field", "missing-issue-file", "missing-file",
  "duplicate-file", "file-outside-issue", "unlisted-file", "missing-front-matter", "unknown-template",
  "footnote-undefined", "footnote-unused", "footnote-empty", "footnote-duplicate", "footnote-nested",
  "pullquote-empty", "pullquote-not-in-text", "unknown-directive", "heading-level-1", "heading-skip",
  "html-refused", "html-event-handler", "html-remote-url", "image-missing", "image-outside",
  "image-unsupported", "image-corrupt", "image-remote", "glyph-missing",
];

/**
 * Cases whose diagnostics are wrong because of a bug in src. Each value
 * says what the check does instead of what expected.json asks for.
 */
const KNOWN_BUGS: Record<string, string> = {
  // yaml-syntax placed where the parser gave up, not where the problem is:
  // parseYaml reports the yaml library's error offset, which for an unclosed
  // quote is the end of the YAML text.
  "issue-yaml-unclosed-quote":
    "the quote opened at 1:10 is reported at 8:1, the end of issue.yaml",
  "fm-unclosed-quote":
    "the title's quote opened at 2:8 is reported at 5:1, the closing `---`",

  // A title or theme in Markdown emphasis, `*Tides*`, is a YAML alias to an
  // anchor that does not exist. The yaml library reports no error but
  // doc.toJS() throws "Unresolved alias"; parseYaml does not catch it, so
  // prepareIssue rejects, and main() swallows any error that is not
  // Commander's: exit 1 with no output at all, not even progress lines.
  "fm-title-emphasis-one-word": "crash: `title: *Tides*` ends the check with no output",
  "issue-yaml-theme-emphasis": "crash: `theme: *Harbours*` ends the check with no output",

  // A UTF-8 byte-order mark (as some Windows editors save) before the
  // opening `---`: splitFrontMatter does not see the front matter and the
  // file is reported as having none. issue.yaml with a BOM is read fine
  // (case issue-yaml-bom).
  "fm-after-bom": "front matter after a BOM is reported as missing",

  // Front matter opened but never closed is reported as "Missing YAML front
  // matter", though the editor can see it at the top of the file. The
  // expected wording is a suggestion.
  "fm-not-closed": "unclosed front matter is reported as missing",

  // Reported at 1:1 instead of at the `template:` value (4:11), where every
  // other issue.yaml problem is placed.
  "unknown-template": "unknown template reported at 1:1, not at its value",

  // reportUnparsedCalls finds each undefined call with
  // source.indexOf(literal, <start of the text node>), so it always finds
  // the first occurrence in the paragraph:
  "footnote-undefined-twice":
    "the second call to an undefined note is reported at the first call's column (5:12, not 5:37)",
  "footnote-undefined-after-escaped":
    "an escaped `\\[^n]` earlier in the paragraph hides a real call to the undefined note: no error, `[^n]` prints as typed",

  // Footnote definitions are taken out of the tree before the search for
  // undefined calls, so a call inside a note to a note that does not exist
  // is never reported; `[^box5]` prints as typed inside the footnote.
  "footnote-undefined-in-note": "an undefined call inside a note is not reported",

  // Images that do not go through the images stage are not checked at all.
  // docs/manuscripts.md ("Raw HTML") admits an HTML <img> "is not checked or
  // converted, and its file is not found", but the check says nothing, so
  // the editor learns of it only from a proof. The expected rule ids are
  // suggestions.
  "html-img-local-missing":
    "raw <img src=\"figures/gauge.png\"> is not resolved or checked: no error for the missing file, and its src stays relative to the build folder, so it cannot print even when the file exists",
  "html-img-file-url":
    "raw <img src=\"file:///etc/hosts\"> skips the HTML policy (which assumes file: comes from the images stage) and the sanitiser allows file:, so an image outside the issue passes the check",
  "image-reference-missing":
    "a reference-style image ![alt][ref] is an imageReference, which remarkFigures never visits: no image-missing, and it reaches the page unresolved and without a caption",

  // A :::pullquote with no closing `:::` runs to the end of the article and
  // swallows it. The only message is the warning that the quote's text is
  // not in the article (exit 0); a build would set the rest of the article
  // as a pull quote. The expected rule id is a suggestion.
  "pullquote-not-closed": "an unclosed pull quote gives only a misleading warning",

  // reportUncoveredCharacters scans the raw text, comments included: a
  // character in a comment, which never prints, is an error saying "it would
  // be set in a system font", and it stops the build. docs/manuscripts.md
  // calls HTML comments a safe place for notes to the desk.
  "glyph-in-html-comment": "glyph-missing error for a character in an HTML comment",
  "glyph-in-yaml-comment": "glyph-missing error for a character in a YAML comment",
};

/**
 * Cases whose output breaks the report's shape (no summary, a stack trace):
 * the crashes above.
 */
const BROKEN_OUTPUT = new Set(["fm-title-emphasis-one-word", "issue-yaml-theme-emphasis"]);

interface ExpectedDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: "error" | "warning";
  rule: string;
  reason?: string;
}

interface Expected {
  exit: number;
  diagnostics: ExpectedDiagnostic[];
}

interface Run {
  exit: number;
  lines: string[];
}

const DIAGNOSTIC = /^(.+?):(\d+):(\d+): (error|warning): (.*) \[([a-z0-9-]+)\]$/;
const PROGRESS = /^(?:manuscripts|markdown|images): /;
const SUMMARY = /^(?:(\d+) errors?(?:, (\d+) warnings?)?|(\d+) warnings?)$/;
const NO_ERRORS = "check: no errors";

const cases = fs
  .readdirSync(BAD_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function readExpected(name: string): Expected {
  return JSON.parse(fs.readFileSync(path.join(BAD_DIR, name, "expected.json"), "utf8")) as Expected;
}

/** Each case is checked once; both tests of a case share the run. */
const runs = new Map<string, Promise<Run>>();
function check(name: string): Promise<Run> {
  let run = runs.get(name);
  if (!run) {
    run = (async () => {
      const lines: string[] = [];
      const exit = await main(["check", path.join(BAD_DIR, name)], { log: (text) => lines.push(...text.split("\n")) });
      return { exit, lines };
    })();
    runs.set(name, run);
  }
  return run;
}

/** Diagnostic lines as objects, paths relative to the case folder. */
function parseDiagnostics(lines: readonly string[], caseDir: string): Required<ExpectedDiagnostic>[] {
  return lines.flatMap((line) => {
    const m = DIAGNOSTIC.exec(line);
    if (!m) return [];
    const file = path.relative(caseDir, path.resolve(process.cwd(), m[1]!)).split(path.sep).join("/");
    return [{ file, line: Number(m[2]), column: Number(m[3]), severity: m[4] as "error" | "warning", rule: m[6]!, reason: m[5]! }];
  });
}

describe("broken issue folders under test/fixtures/bad", () => {
  it("has at least 45 cases, each with an expected.json", () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    for (const name of cases) expect(fs.existsSync(path.join(BAD_DIR, name, "expected.json")), name).toBe(true);
  });

  it("lists only existing cases as known bugs", () => {
    for (const name of [...Object.keys(KNOWN_BUGS), ...BROKEN_OUTPUT]) expect(cases, name).toContain(name);
  });

  it("keeps the byte-level details some cases depend on", () => {
    const bytes = (name: string, file: string) => fs.readFileSync(path.join(BAD_DIR, name, file), "utf8");
    expect(bytes("fm-crlf-unknown-key", "tides.md")).toContain("\r\n");
    expect(bytes("crlf-footnote-undefined", "tides.md")).toContain("\r\n");
    expect(bytes("fm-after-bom", "tides.md").startsWith("\ufeff---")).toBe(true);
    expect(bytes("issue-yaml-bom", "issue.yaml").startsWith("\ufeff")).toBe(true);
    expect(bytes("issue-yaml-tab-indent", "issue.yaml")).toContain("\n\t- title");
    expect(bytes("fm-tab-indent", "tides.md")).toContain("\n\t- name");
  });

  it("expects exit 1 exactly when a case expects an error", () => {
    for (const name of cases) {
      const expected = readExpected(name);
      const hasError = expected.diagnostics.some((d) => d.severity === "error");
      expect(expected.exit, name).toBe(hasError ? 1 : 0);
    }
  });

  it("shows every rule in at least one case", () => {
    const shown = new Set(cases.flatMap((name) => readExpected(name).diagnostics.map((d) => d.rule)));
    expect(RULES.filter((rule) => !shown.has(rule))).toEqual([]);
  });
});

describe.each(cases)("check %s", (name) => {
  const caseDir = path.join(BAD_DIR, name);
  let expected: Expected;
  let run: Run;

  beforeAll(async () => {
    expected = readExpected(name);
    run = await check(name);
  });

  const reportsExactly = name in KNOWN_BUGS ? it.fails : it;
  reportsExactly(`exits with the expected code and reports exactly the expected diagnostics${name in KNOWN_BUGS ? ` (known bug: ${KNOWN_BUGS[name]})` : ""}`, () => {
    const actual = parseDiagnostics(run.lines, caseDir).map((d, i) => {
      // Compare the wording only where the expectation gives one.
      const { reason, ...rest } = d;
      return expected.diagnostics[i] && "reason" in expected.diagnostics[i]! ? d : rest;
    });
    expect({ exit: run.exit, diagnostics: actual }).toEqual({ exit: expected.exit, diagnostics: expected.diagnostics });
  });

  const printsAReport = BROKEN_OUTPUT.has(name) ? it.fails : it;
  printsAReport("prints only progress, diagnostics and a summary, with no stack trace", () => {
    const { lines, exit } = run;
    for (const line of lines) {
      expect(line, "stack trace").not.toMatch(/^\s+at\s/);
      expect(line, "thrown error").not.toMatch(/^\w*(?:Error|Exception)\b.*:/);
      const known = PROGRESS.test(line) || DIAGNOSTIC.test(line) || SUMMARY.test(line) || line === NO_ERRORS;
      expect(known, `unexpected output line: ${line}`).toBe(true);
    }

    const diagnostics = parseDiagnostics(lines, caseDir);
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.length - errors;
    const summary = [errors ? `${errors} error${errors === 1 ? "" : "s"}` : "", warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : ""]
      .filter(Boolean)
      .join(", ");
    const last = lines[lines.length - 1];
    if (errors > 0) {
      expect(exit).toBe(1);
      expect(last).toBe(summary);
    } else {
      expect(exit).toBe(0);
      expect(last).toBe(NO_ERRORS);
      // A warnings-only report still ends with its count, just before.
      if (warnings > 0) expect(lines[lines.length - 2]).toBe(summary);
    }
  });
});
