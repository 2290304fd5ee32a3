/**
 * A template's own mistakes are found at load, each placed at its file,
 * line and column: a partial that does not exist, a field its context does
 * not have, a helper that does not exist, a page size in a stylesheet.
 * The broken templates are under test/fixtures/templates/, each extending
 * the project's base.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTemplate, TemplateError } from "../../src/templates/index.js";

const FIXTURES = path.resolve("test/fixtures/templates");

function errorsOf(name: string) {
  let error: unknown;
  try {
    loadTemplate(name, FIXTURES);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TemplateError);
  return (error as TemplateError).files.flatMap((file) =>
    file.messages.map((m) => ({ file: path.relative(FIXTURES, file.path), line: m.line, column: m.column, rule: m.ruleId, reason: m.reason })),
  );
}

describe("template errors", () => {
  it("places a partial that neither the template nor its base has", () => {
    expect(errorsOf("missing-partial")).toEqual([
      expect.objectContaining({ file: "missing-partial/partials/opener.hbs", line: 3, column: 3, rule: "template-missing-partial" }),
    ]);
    expect(errorsOf("missing-partial")[0]!.reason).toMatch(/^No partial `byline` in the template or its base \(partials: abstract, authors, /);
  });

  it("places each field the context does not have, inside blocks too", () => {
    expect(errorsOf("unknown-variable")).toEqual([
      {
        file: "unknown-variable/partials/opener.hbs",
        line: 3,
        column: 25,
        rule: "template-unknown-variable",
        reason: expect.stringMatching(/^`subtitle`: no field `subtitle` here \(fields: kind, id, lang, issueLang, section, title, /),
      },
      {
        file: "unknown-variable/partials/opener.hbs",
        line: 4,
        column: 54,
        rule: "template-unknown-variable",
        reason: "`affiliation`: no field `affiliation` here (fields: name, lang, separator, mark, note)",
      },
    ]);
  });

  it("places a helper that does not exist", () => {
    expect(errorsOf("unknown-helper")).toEqual([
      expect.objectContaining({ file: "unknown-helper/partials/opener.hbs", line: 2, column: 29, rule: "template-unknown-helper" }),
    ]);
  });

  it("refuses a page size in a stylesheet: the trim is template.yaml's", () => {
    expect(errorsOf("page-size")).toEqual([expect.objectContaining({ file: "page-size/css/page.css", line: 3, column: 3, rule: "template-page-size" })]);
  });

  it("loads the project's templates without a message", () => {
    for (const name of ["classic", "modern"]) expect(() => loadTemplate(name)).not.toThrow();
  });
});
