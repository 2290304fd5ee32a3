/**
 * Fixture-driven tests of the markdown stage: every folder under
 * test/fixtures/markdown/ holds an input.md and the expected.html that
 * renderBody must produce for it (compared trimmed). The expected files were
 * written by the renderer once and then read and checked by hand: footnote
 * numbers, inlined notes, figures, and where soft hyphens (U+00AD) fall.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { renderBody, type ResolveImage } from "../../src/markdown/index.js";
import { addressBreaks } from "../../src/markdown/plugins/addresses.js";
import type { Manuscript } from "../../src/model/issue.js";
import { render, unhyphenate } from "./support.js";

const fixturesDir = fileURLToPath(new URL("../fixtures/markdown/", import.meta.url));

interface Case {
  name: string;
  inputPath: string;
  input: string;
  expected: string;
}

const cases: Case[] = fs
  .readdirSync(fixturesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .map((name) => {
    const inputPath = path.join(fixturesDir, name, "input.md");
    return {
      name,
      inputPath,
      input: fs.readFileSync(inputPath, "utf8"),
      expected: fs.readFileSync(path.join(fixturesDir, name, "expected.html"), "utf8").trim(),
    };
  });

function renderCase(c: Case) {
  return render(c.input, c.inputPath);
}

describe("markdown fixtures", () => {
  it("finds the fixture folders", () => {
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        "blockquote",
        "figure",
        "footnote-multi-paragraph",
        "footnote-repeated",
        "footnotes-renumbered",
        "gfm-table",
        "headings",
        "hyphenation",
        "inline-image",
        "non-breaking-hyphen",
        "pullquote",
        "unknown-text-directive",
      ]),
    );
  });

  it.each(cases)("$name renders to expected.html", (c) => {
    const { html } = renderCase(c);
    expect(html.trim()).toBe(c.expected);
  });

  it.each(cases)("$name renders without diagnostics", (c) => {
    const { file } = renderCase(c);
    expect(file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual([]);
  });
});

/**
 * Properties of the hyphenation that must hold in every fixture, so that a
 * wrong expected.html cannot hide a wrong soft hyphen.
 */
describe("soft hyphens in the fixtures", () => {
  const outputs = cases.map((c) => ({ name: c.name, html: renderCase(c).html }));

  it("are inserted somewhere (the checks below are not vacuous)", () => {
    const total = outputs.reduce((n, o) => n + (o.html.match(/\u00ad/g) ?? []).length, 0);
    expect(total).toBeGreaterThan(50);
  });

  it.each(outputs)("$name: only in words of 6 or more letters that the text also writes in lower case", ({ html }) => {
    const text = html.replace(/<[^>]*>/g, " ");
    const words = text.match(/[\p{L}\p{M}\u00ad]+/gu) ?? [];
    const lower = new Set(words.map((word) => word.replace(/\u00ad/g, "")).filter((word) => /^\p{Ll}/u.test(word)));
    const offending = words.filter((word) => {
      if (!word.includes("\u00ad")) return false;
      const letters = word.replace(/\u00ad/g, "");
      return !lower.has(letters.toLowerCase()) || letters.length < 6 || word.startsWith("\u00ad") || word.endsWith("\u00ad");
    });
    expect(offending).toEqual([]);
  });

  it.each(outputs)("$name: at least 2 letters before and 3 after each", ({ html }) => {
    const text = html.replace(/<[^>]*>/g, " ");
    for (const word of text.match(/[\p{L}\p{M}\u00ad]+/gu) ?? []) {
      const parts = word.split("\u00ad");
      for (let i = 1; i < parts.length; i++) {
        expect(parts.slice(0, i).join("").length, word).toBeGreaterThanOrEqual(2);
        expect(parts.slice(i).join("").length, word).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it.each(outputs)("$name: never inside an f-ligature (ff, fi, fl, ft)", ({ html }) => {
    expect(html.match(/f\u00ad[filt]/g) ?? []).toEqual([]);
  });

  it.each(outputs)("$name: never in headings, code, note calls or attributes", ({ html }) => {
    for (const match of html.matchAll(/<(h[1-6]|code|sup)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
      expect(match[2]).not.toContain("\u00ad");
    }
    for (const tag of html.match(/<[^>]*>/g) ?? []) {
      expect(tag).not.toContain("\u00ad");
    }
  });
});

describe("table captions", () => {
  it("marks a paragraph wholly in emphasis just before a table as its caption", () => {
    const table = "| A | B |\n|---|---|\n| 1 | 2 |";
    const { html } = render(`Text before.\n\n*Table 1. Shares of the basin.*\n\n${table}\n`);
    expect(unhyphenate(html)).toContain('<p class="table-caption"><em>Table 1. Shares of the basin.</em></p>\n<table>');
    expect(unhyphenate(html)).toContain("<p>Text before.</p>");
  });

  it("leaves other paragraphs before a table alone", () => {
    const table = "| A | B |\n|---|---|\n| 1 | 2 |";
    for (const before of ["*Table 1.* Shares of the basin.", "Shares of the basin.", "**Table 1. Shares.**"]) {
      expect(render(`${before}\n\n${table}\n`).html).not.toContain("table-caption");
    }
    expect(render("*Not a caption.*\n\nText.\n").html).not.toContain("table-caption");
  });
});

describe("markdown details the fixtures rely on", () => {
  it("numbers notes in order of first call, whatever their labels", () => {
    const c = cases.find((x) => x.name === "footnotes-renumbered")!;
    const { footnotes, html } = renderCase(c);
    expect(footnotes.map((f) => [f.number, f.label])).toEqual([
      [1, "treaty"],
      [2, "7"],
      [3, "Annex-B"],
    ]);
    // Each call is immediately followed by its note.
    expect(html.match(/<sup class="fn-call" data-line="\d+">(\d+)<\/sup><\/span><span class="footnote" data-note="\1" data-line="\d+">/g)).toHaveLength(3);
  });

  it("sets a note once when it is called twice, but prints its number at both calls", () => {
    const c = cases.find((x) => x.name === "footnote-repeated")!;
    const { footnotes, html } = renderCase(c);
    expect(footnotes.map((f) => f.number)).toEqual([1, 2]);
    expect(html.match(/<sup class="fn-call" data-line="\d+">1<\/sup>/g)).toHaveLength(2);
    expect(html.match(/data-note="1"/g)).toHaveLength(1);
  });

  it("sanitises harmless raw HTML silently and drops comments", () => {
    const { html, file } = render(["Text with <b>bold</b> and <span style=\"color: red\">red</span>.", "", "<!-- an editor's comment -->", ""].join("\n"));
    expect(file.messages).toEqual([]);
    expect(unhyphenate(html).trim()).toBe("<p>Text with <b>bold</b> and <span>red</span>.</p>");
  });

  it("refuses scripts, frames, objects, event handlers and remote URLs in raw HTML, at their place", () => {
    const { html, file } = render(
      [
        'A <span onclick="go()">word</span> and <img src="https://example.org/a.png">.',
        "",
        "<script>alert(1)</script>",
        "",
        '<iframe src="page.html"></iframe> <object data="x.swf"></object>',
        "",
        '<a href="javascript:alert(1)">link</a> and <a href="https://example.org">a fine one</a>.',
      ].join("\n"),
    );
    expect(file.messages.map((m) => [m.line, m.column, m.fatal === true ? "error" : "warning", m.ruleId])).toEqual([
      [1, 3, "error", "html-event-handler"],
      [1, 40, "error", "html-remote-url"],
      [3, 1, "error", "html-refused"],
      [5, 1, "error", "html-refused"],
      [5, 35, "error", "html-refused"],
      [7, 1, "error", "html-remote-url"],
    ]);
    expect(html).not.toMatch(/onclick|<script|<iframe|<object|javascript:|example\.org\/a\.png/);
  });

  it("passes the image path written in the manuscript to resolveImage", () => {
    const seen: { url: string; line: number; column: number }[] = [];
    const value = "Text.\n\n![Caption](figures/a.png)\n\nInline ![x](b.svg) too.\n";
    const file = new VFile({ path: "/issue/a.md", value });
    const resolveImage: ResolveImage = (_f, ref) => {
      seen.push({ url: ref.url, line: ref.place.line, column: ref.place.column });
      return null;
    };
    const recorded = renderBody({ file } as Manuscript, { lang: "en", resolveImage });
    expect(seen).toEqual([
      { url: "figures/a.png", line: 3, column: 1 },
      { url: "b.svg", line: 5, column: 8 },
    ]);
    // A refused image is left out of the page.
    expect(recorded.html).not.toContain("<img");
    expect(recorded.html).not.toContain("<figure");
  });

  it("sets a figure full-bleed when its image's title is full-bleed, and prints no title", () => {
    const value = '![Wide view.](a.png "full-bleed")\n\n![Narrow view.](b.png "A title")\n';
    const { html } = renderBody({ file: new VFile({ path: "/issue/a.md", value }) } as Manuscript, { lang: "en", resolveImage: (_f, ref) => ref.url });
    expect(html).toMatch(/<figure class="figure full-bleed"><img src="a.png" alt="Wide view.">/);
    expect(html).toMatch(/<figure class="figure"><img src="b.png" alt="Narrow view." title="A title">/);
  });
});


describe("spaces between inline elements", () => {
  it("are kept inside an element, since Paged.js drops a text node of white space alone", () => {
    const { html } = render("One *two* **three** `four` end.\n\n```\nkept  as\n  is\n```\n");
    expect(html).toContain("<em>two </em><strong>three </strong><code>four</code> end.");
    expect(html).toContain("kept  as\n  is");
  });
});

describe("typographic quotes", () => {
  const html = (md: string, lang: "en" | "de" | "fr" = "en") =>
    renderBody({ file: new VFile({ path: "/issue/a.md", value: md }) } as never, { lang, resolveImage: () => null }).html.replace(/\u00ad/g, "");

  it("sets quotes, apostrophes, dashes and ellipses as authors type them straight", () => {
    expect(html(`He said "the 'frozen' conflict" -- 1990--2000 --- and it's over...`)).toContain(
      "He said “the ‘frozen’ conflict” – 1990–2000 — and it’s over…",
    );
  });

  it("uses the marks of the issue's language, and ’ for an apostrophe in every one", () => {
    expect(html(`Er sagte "nein". Wie geht's?`, "de")).toContain("Er sagte „nein“. Wie geht’s?");
    expect(html(`Il dit "non" à l'homme.`, "fr")).toContain("Il dit «non» à l’homme.");
  });

  it("leaves code and addresses as typed", () => {
    const out = html("Run `say \"hi\" -- now` or see https://example.org/a--b's.");
    expect(out).toContain('<code>say "hi" -- now</code>');
    expect(out.replace(/<wbr>|<\/?span[^>]*>/g, "")).toContain(">https://example.org/a--b's<");
  });
});

describe("breaks in addresses", () => {
  const shown = (address: string) => {
    let out = "";
    let from = 0;
    for (const at of addressBreaks(address)) [out, from] = [out + address.slice(from, at) + "|", at];
    return out + address.slice(from);
  };

  it("breaks after // and before / . - and the like, leaving 3 characters or more on each side", () => {
    expect(shown("https://data.example.org/water-law/2019.pdf")).toBe("https://|data|.example|.org|/water|-law|/2019|.pdf");
    expect(shown("editor@meridian.example")).toBe("editor|@meridian|.example");
    expect(shown("https://x.org/?a=1&bb=2")).toBe("https://|x|.org|/|?a|=|1|&|bb=2");
  });

  it("sets them as <wbr>, which adds no character to the text, never after a hyphen, and never in code", () => {
    const out = render("See https://example.org/a-b/c and `https://example.org/a-b/c`.").html;
    expect(out).toContain('>https://<wbr>example<wbr>.org<wbr>/a<wbr><span class="nobreak">-b/c</span></a>');
    expect(out).toContain("<code>https://example.org/a-b/c</code>");
  });
});

describe("front matter closed with ...", () => {
  it("keeps the body up to a later --- rule", () => {
    const { html } = render("---\ntitle: A\n...\n\nText before the rule.\n\n---\n\nText after it.\n");
    expect(unhyphenate(html)).toBe("<p>Text before the rule.</p>\n<hr>\n<p>Text after it.</p>");
  });
});
