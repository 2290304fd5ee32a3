/**
 * The directives plugin: `:::pullquote` asides, unknown block directives
 * reported, and colons in prose ("ratio 3:1", "Note:this") kept as typed.
 */
import { describe, expect, it } from "vitest";
import { messagesOf, render, unhyphenate } from "./support.js";

describe("pull quotes", () => {
  it("collects the plain text of each pull quote, in order", () => {
    const { pullquotes, html, file } = render(
      [
        "Intro. Water is power upstream. Consultation is not consent.",
        "",
        ":::pullquote",
        "Water is *power* upstream.",
        ":::",
        "",
        "Middle.",
        "",
        ":::pullquote",
        "Consultation is not consent.",
        ":::",
      ].join("\n"),
    );
    expect(file.messages).toEqual([]);
    expect(pullquotes).toEqual(["Water is power upstream.", "Consultation is not consent."]);
    expect(unhyphenate(html)).toContain('<aside class="pullquote" data-line="3"><p>Water is <em>power</em> upstream.</p></aside>');
  });

  it("reports an empty pull quote as an error at its opening fence", () => {
    const { file, pullquotes } = render(["Intro.", "", ":::pullquote", ":::", ""].join("\n"));
    expect(messagesOf(file)).toEqual([
      { line: 3, column: 1, severity: "error", rule: "pullquote-empty", reason: "Pull quote is empty" },
    ]);
    expect(pullquotes).toEqual([""]);
  });

  it("reports a pull quote holding only whitespace as empty", () => {
    const { file } = render([":::pullquote", "   ", ":::"].join("\n"));
    expect(messagesOf(file).map((m) => [m.line, m.column, m.rule])).toEqual([[1, 1, "pullquote-empty"]]);
  });

  it("keeps colons in a pull quote's prose as typed", () => {
    const { html, pullquotes, file } = render(["A ratio of 3:1, Note:this.", "", ":::pullquote", "A ratio of 3:1, Note:this.", ":::"].join("\n"));
    expect(file.messages).toEqual([]);
    expect(pullquotes).toEqual(["A ratio of 3:1, Note:this."]);
    expect(unhyphenate(html)).toBe('<p>A ratio of 3:1, Note:this.</p>\n<aside class="pullquote" data-line="3"><p>A ratio of 3:1, Note:this.</p></aside>');
  });

  it("warns when a pull quote's text is not in the article", () => {
    const { file } = render(["The text says one thing.", "", ":::pullquote", "The quote says another.", ":::"].join("\n"));
    expect(messagesOf(file).map((m) => [m.line, m.column, m.severity, m.rule])).toEqual([[3, 1, "warning", "pullquote-not-in-text"]]);
  });
});

describe("unknown directives", () => {
  it("reports an unknown block directive as an error at its opening fence", () => {
    const { file } = render(["Intro.", "", "", ":::sidebar", "Side text.", ":::", ""].join("\n"));
    expect(messagesOf(file)).toEqual([
      {
        line: 4,
        column: 1,
        severity: "error",
        rule: "unknown-directive",
        reason: "Unknown block directive `:::sidebar` (the only one is :::pullquote)",
      },
    ]);
  });

  it("does not collect an unknown block directive as a pull quote", () => {
    const { pullquotes } = render([":::sidebar", "Side text.", ":::"].join("\n"));
    expect(pullquotes).toEqual([]);
  });

  it("keeps text directives as the characters typed, without a message", () => {
    const source = "Storage grew at a ratio 3:1, Note:this, and :abbr[UN]{title=x} stays too.";
    const { html, file } = render(source + "\n");
    expect(file.messages).toEqual([]);
    expect(unhyphenate(html)).toBe(`<p>${source}</p>`);
  });

  it("keeps a leaf directive as a paragraph of the characters typed", () => {
    const { html, file } = render("Before.\n\n::figure[Not a figure]\n\nAfter.\n");
    expect(file.messages).toEqual([]);
    expect(unhyphenate(html)).toBe("<p>Before.</p>\n<p>::figure[Not a figure]</p>\n<p>After.</p>");
  });

  it("keeps text directives inside footnotes as typed", () => {
    const { footnotes, html } = render("Call.[^n]\n\n[^n]: Kept at 3:1.\n");
    expect(footnotes).toEqual([{ number: 1, label: "n", text: "Kept at 3:1." }]);
    expect(html).toContain('<span class="fn-number">1</span> Kept at 3:1.</span>');
  });
});
