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
 * Every rule in src/rules.ts must be expected by at least one case, or,
 * for the few a folder of files cannot show (a broken template, links made
 * at test time, a file of megabytes), by the unit test named in
 * TESTED_ELSEWHERE.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { RULES, type RuleId } from "../../src/rules.js";

const BAD_DIR = fileURLToPath(new URL("../fixtures/bad/", import.meta.url));

/** Rules shown by a unit test rather than a case here, and the test that shows each. */
const TESTED_ELSEWHERE: Partial<Record<RuleId, string>> = {
  "template-invalid": "template-config.test.ts",
  "template-missing-partial": "template-errors.test.ts",
  "template-unknown-variable": "template-errors.test.ts",
  "template-unknown-helper": "template-errors.test.ts",
  "template-page-size": "template-errors.test.ts",
  "link-outside": "links.test.ts",
  "file-too-large": "source.test.ts",
  "cover-left-out": "../e2e/cover.test.ts",
  "pullquote-left-out": "../e2e/finish.test.ts",
  // The press file's preflight reads a PDF, not manuscripts.
  "press-image-resolution": "press.test.ts",
  "press-image-resolution-low": "press.test.ts",
  "press-font-not-embedded": "press.test.ts",
  "press-rgb": "press.test.ts",
  "press-ink": "press.test.ts",
  "press-hairline": "press.test.ts",
  "press-page-count": "press.test.ts",
};

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

  it("keeps the byte-level details some cases depend on", () => {
    const bytes = (name: string, file: string) => fs.readFileSync(path.join(BAD_DIR, name, file), "utf8");
    expect(bytes("fm-crlf-unknown-key", "tides.md")).toContain("\r\n");
    expect(bytes("crlf-footnote-undefined", "tides.md")).toContain("\r\n");
    expect(bytes("fm-after-bom", "tides.md").startsWith("\ufeff---")).toBe(true);
    expect(bytes("issue-yaml-bom", "issue.yaml").startsWith("\ufeff")).toBe(true);
    expect(bytes("issue-yaml-tab-indent", "issue.yaml")).toContain("\n\t- title");
    expect(bytes("fm-tab-indent", "tides.md")).toContain("\n\t- name");
    expect(bytes("control-characters", "tides.md")).toContain("\u0000");
    expect(bytes("control-characters", "tides.md")).toContain("\u0085");
    expect(bytes("bidi-override", "tides.md")).toContain("\u202e");
    expect(fs.readFileSync(path.join(BAD_DIR, "not-utf8", "tides.md")).includes(0xe9)).toBe(true);
    expect(fs.statSync(path.join(BAD_DIR, "image-truncated", "figures", "gauge.png")).size).toBe(2000);
  });

  it("expects exit 1 exactly when a case expects an error", () => {
    for (const name of cases) {
      const expected = readExpected(name);
      const hasError = expected.diagnostics.some((d) => d.severity === "error");
      expect(expected.exit, name).toBe(hasError ? 1 : 0);
    }
  });

  it("shows every rule in at least one case, or in the unit test named for it", () => {
    const shown = new Set(cases.flatMap((name) => readExpected(name).diagnostics.map((d) => d.rule)));
    const rules = Object.keys(RULES) as RuleId[];
    expect(rules.filter((rule) => !shown.has(rule) && !TESTED_ELSEWHERE[rule])).toEqual([]);
    for (const [rule, test] of Object.entries(TESTED_ELSEWHERE)) {
      expect(shown.has(rule), `${rule} has a case now: take it out of TESTED_ELSEWHERE`).toBe(false);
      const source = fs.readFileSync(fileURLToPath(new URL(test, import.meta.url)), "utf8");
      expect(source, `${test} should expect ${rule}`).toContain(`"${rule}"`);
    }
  });

  it("expects only registered rules, each with its registered severity", () => {
    for (const name of cases) {
      for (const d of readExpected(name).diagnostics) {
        expect(Object.hasOwn(RULES, d.rule), `${name}: ${d.rule}`).toBe(true);
        expect(d.severity, `${name}: ${d.rule}`).toBe(RULES[d.rule as RuleId].severity);
      }
    }
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

  it("exits with the expected code and reports exactly the expected diagnostics", () => {
    const actual = parseDiagnostics(run.lines, caseDir).map((d, i) => {
      // Compare the wording only where the expectation gives one.
      const { reason, ...rest } = d;
      return expected.diagnostics[i] && "reason" in expected.diagnostics[i]! ? d : rest;
    });
    expect({ exit: run.exit, diagnostics: actual }).toEqual({ exit: expected.exit, diagnostics: expected.diagnostics });
  });

  it("prints only progress, diagnostics and a summary, with no stack trace", () => {
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
