/**
 * The footnote plugin's diagnostics (messages on the manuscript's file) and
 * the `footnotes` list it hands to the later stages.
 */
import { describe, expect, it } from "vitest";
import { messagesOf, render, unhyphenate } from "./support.js";

describe("footnote diagnostics", () => {
  it("reports a note defined but never called as a warning at its definition", () => {
    const { file, footnotes, html } = render(
      ["Called.[^a]", "", "[^a]: The called note.", "", "[^orphan]: Never called."].join("\n"),
    );
    expect(messagesOf(file)).toEqual([
      {
        line: 5,
        column: 1,
        severity: "warning",
        rule: "footnote-unused",
        reason: "Footnote `[^orphan]` is defined but never called; it will not be printed",
      },
    ]);
    expect(footnotes.map((f) => f.label)).toEqual(["a"]);
    expect(html).not.toContain("Never called");
  });

  it("reports an empty note as an error at its definition", () => {
    const { file, footnotes } = render(["Intro.", "", "Empty note.[^e]", "", "[^e]:", ""].join("\n"));
    expect(messagesOf(file)).toEqual([
      { line: 5, column: 1, severity: "error", rule: "footnote-empty", reason: "Footnote `[^e]` is empty" },
    ]);
    expect(footnotes).toEqual([{ number: 1, label: "e", text: "" }]);
  });

  it("reports a note defined twice as an error at the second definition", () => {
    const { file, footnotes } = render(["Twice.[^d]", "", "[^d]: First.", "[^d]: Second."].join("\n"));
    expect(messagesOf(file)).toEqual([
      { line: 4, column: 1, severity: "error", rule: "footnote-duplicate", reason: "Footnote `[^d]` is defined twice" },
    ]);
    // The first definition wins.
    expect(footnotes).toEqual([{ number: 1, label: "d", text: "First." }]);
  });

  it("has no messages when every note is called and defined", () => {
    const { file } = render(["One[^a] and two[^b].", "", "[^a]: A.", "[^b]: B."].join("\n"));
    expect(file.messages).toEqual([]);
  });

  it("reports a call to an undefined note as an error at the call", () => {
    const line3 = "A call to a missing note[^missing] here.";
    const { file, html } = render(["Intro.", "", line3, ""].join("\n"));
    expect(messagesOf(file)).toEqual([
      {
        line: 3,
        column: line3.indexOf("[^") + 1,
        severity: "error",
        rule: "footnote-undefined",
        reason: "Footnote `[^missing]` is called but never defined",
      },
    ]);
    expect(unhyphenate(html)).not.toContain("[^missing]");
  });

  it("refuses a note called from inside another note", () => {
    const { file, html } = render(["Text.[^a]", "", "[^a]: See also.[^b]", "[^b]: The inner note."].join("\n"));
    expect(html).not.toContain("data-footnote-ref");
    expect(messagesOf(file).map((m) => m.rule)).toEqual(["footnote-nested"]);
  });
});

describe("the footnotes list", () => {
  it("gives number, label and plain text in order of first call", () => {
    const { footnotes } = render(
      [
        "First[^zeta], second[^1], third[^Mixed-Case], and zeta again[^zeta].",
        "",
        "[^1]: Note with *emphasis*, `code` and a [link](https://example.org).",
        "[^Mixed-Case]: Third note.",
        "[^zeta]: Zeta note.",
      ].join("\n"),
    );
    expect(footnotes).toEqual([
      { number: 1, label: "zeta", text: "Zeta note." },
      { number: 2, label: "1", text: "Note with emphasis, code and a link." },
      { number: 3, label: "Mixed-Case", text: "Third note." },
    ]);
  });

  it("joins the paragraphs of a multi-paragraph note with a space, without soft hyphens", () => {
    const { footnotes } = render(
      ["Call.[^m]", "", "[^m]: First paragraph of the note.", "", "    Second paragraph, continuing.", ""].join("\n"),
    );
    expect(footnotes).toEqual([
      { number: 1, label: "m", text: "First paragraph of the note. Second paragraph, continuing." },
    ]);
  });

  it("matches a call to its definition case-insensitively, keeping the call's label", () => {
    const { footnotes, file } = render(["Call.[^Note]", "", "[^note]: The note."].join("\n"));
    expect(file.messages).toEqual([]);
    expect(footnotes).toEqual([{ number: 1, label: "Note", text: "The note." }]);
  });

  it("is empty for a body without notes", () => {
    expect(render("No notes here.\n").footnotes).toEqual([]);
  });
});

describe("a note holding a list", () => {
  it("sets one line per item, each with a dash, and keeps the items apart in its text", () => {
    const { html, footnotes } = render("Text.[^a]\n\n[^a]: Sources:\n\n    - one item\n    - two item\n");
    expect(html).toContain('<span class="fn-p">– one item</span><span class="fn-p">– two item</span>');
    expect(footnotes).toEqual([{ number: 1, label: "a", text: "Sources: one item two item" }]);
  });
});

describe("calls side by side", () => {
  it("are set apart by a comma, also before a second call to a note", () => {
    const { html } = render("Text.[^a][^b] More.[^b][^a]\n\n[^a]: Note A.\n[^b]: Note B.\n");
    const calls = [...html.matchAll(/<sup class="fn-call[^"]*"[^>]*>([^<]*)<\/sup>/g)].map((m) => m[1]);
    expect(calls).toEqual(["1", ",", "2", "2", ",", "1"]);
  });

  it("are not separated when text stands between them", () => {
    const { html } = render("One.[^a] Two.[^b]\n\n[^a]: Note A.\n[^b]: Note B.\n");
    expect(html).not.toContain("fn-call-comma");
  });
});

describe("a call's place in the line", () => {
  it("is kept with the word before it, so a line never starts with a call", () => {
    const { html } = render("Officials called it the frozen conflict?[^a] Then more.\n\n[^a]: Note A.\n");
    expect(html.replace(/\u00ad/g, "")).toMatch(/frozen <span class="fn-anchor">conflict\?<sup class="fn-call" data-line="3">1<\/sup><\/span><span class="footnote"/);
  });

  it("names the note's manuscript line, for messages about its layout", () => {
    const { html } = render("Text.[^a]\n\n[^a]: Note A.\n");
    expect(html).toContain('data-note="1" data-line="3"');
  });
});

describe("a call after an inline element", () => {
  it("keeps the space before its word, where the line may still break, in no text node of white space alone", () => {
    const { html } = render("A *contingent* census.[^a]\n\n[^a]: Note A.\n");
    expect(html.replace(/\u00ad/g, "")).toContain('<em>contingent </em><span class="fn-anchor">census.<sup class="fn-call" data-line="3">1</sup></span>');
  });
});
