/**
 * The templates stage: the context builders in context.ts, and the classic
 * template rendering typed contexts with Handlebars escaping on.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { VFile } from "vfile";
import type { Article, Author, IssueMeta, Labels, Page } from "../../src/model/issue.js";
import { FOLIO_PLACEHOLDER } from "../../src/templates/compose.js";
import { textCoverage } from "../../src/templates/coverage.js";
import { withCasePartners } from "../../src/templates/fonts.js";
import {
  articleContext,
  authorContexts,
  authorLine,
  coverContext,
  issueLine,
  nameContexts,
  loadTemplate,
  pageContext,
  rectoHead,
  versoHead,
  type ArticleContext,
  type FrontContext,
  type Template,
} from "../../src/templates/index.js";

const META: IssueMeta = {
  journal: "Meridian Quarterly",
  tagline: "A Journal of International Affairs",
  volume: 14,
  number: 3,
  season: "Autumn",
  year: 2026,
  theme: "Water, Borders and the New Diplomacy",
  lang: "en",
  date: null,
  labelOverrides: {},
};

const EN: Labels = { contents: "Contents", abstract: "Abstract", keywords: "Keywords", and: "and", volume: "Vol.", number: "No." };

const A: Author = { name: "A", note: null, lang: "en" };
const B: Author = { name: "B", note: null, lang: "en" };
const C: Author = { name: "C", note: null, lang: "en" };

function article(overrides: Partial<Article> = {}): Article {
  return {
    kind: "article",
    file: new VFile({ path: "/issue/river.md", value: "" }),
    id: "river",
    section: "Articles",
    title: "Rivers and Borders",
    shortTitle: "Short",
    lang: "en",
    authors: [
      { name: "A", note: "University of Lisbon", lang: "en" },
      { name: "B", note: "Institute <East> & West", lang: "en" },
    ],
    abstract: null,
    keywords: [],
    doi: null,
    ...overrides,
  };
}

function page(overrides: Partial<Page> = {}): Page {
  return {
    kind: "front",
    file: new VFile({ path: "/issue/imprint.md", value: "" }),
    id: "imprint",
    title: "Imprint",
    shortTitle: "Imprint",
    lang: "en",
    ...overrides,
  };
}

/** The attribute's value as written in the HTML (still escaped). */
function attribute(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`${name}="([^"]*)"`, "g"))].map((m) => m[1]!);
}

describe("context builders", () => {
  it("issueLine joins volume, number, season and year", () => {
    expect(issueLine(META, EN)).toBe("Vol. 14 · No. 3 · Autumn 2026");
    expect(issueLine({ ...META, season: null }, EN)).toBe("Vol. 14 · No. 3 · 2026");
    expect(issueLine({ ...META, year: null }, EN)).toBe("Vol. 14 · No. 3 · Autumn");
    expect(issueLine({ ...META, season: null, year: null }, EN)).toBe("Vol. 14 · No. 3");
  });

  it("versoHead puts the journal before the issue line", () => {
    expect(versoHead(META, EN)).toBe("Meridian Quarterly · Vol. 14 · No. 3 · Autumn 2026");
    expect(versoHead({ ...META, journal: "J", season: null, year: null }, EN)).toBe("J · Vol. 14 · No. 3");
  });

  it("authorLine lists names with commas and a final 'and'", () => {
    expect(authorLine([], EN)).toBe("");
    expect(authorLine([A], EN)).toBe("A");
    expect(authorLine([A, B], EN)).toBe("A and B");
    expect(authorLine([A, B, C], EN)).toBe("A, B and C");
    expect(authorLine([A, B, C, { name: "D", note: null, lang: "en" }], EN)).toBe("A, B, C and D");
  });

  it("rectoHead gives authors and short title, with 'et al.' past two authors", () => {
    expect(rectoHead({ authors: [], shortTitle: "Short" }, EN)).toBe("Short");
    expect(rectoHead({ authors: [A], shortTitle: "Short" }, EN)).toBe("A — Short");
    expect(rectoHead({ authors: [A, B], shortTitle: "Short" }, EN)).toBe("A and B — Short");
    expect(rectoHead({ authors: [A, B, C], shortTitle: "Short" }, EN)).toBe("A et al. — Short");
  });

  it("authorContexts marks only authors with a note, in order, with separators", () => {
    expect(
      authorContexts([
        { name: "A", note: "Lisbon", lang: "en" },
        { name: "B", note: null, lang: "en" },
        { name: "İlkin", note: "Lima", lang: "tr" },
      ], EN),
    ).toEqual([
      { name: "A", lang: "en", mark: "*", note: "Lisbon", separator: ", " },
      { name: "B", lang: "en", mark: null, note: null, separator: " and " },
      { name: "İlkin", lang: "tr", mark: "†", note: "Lima", separator: "" },
    ]);
  });

  it("authorContexts gives the classic marks in turn, then doubled, all in the classic mark face", () => {
    const { fonts } = loadTemplate("classic").config;
    const covered = textCoverage(fonts);
    const markFace = textCoverage([fonts.find((f) => f.family === "Noto Sans Math")!]);
    const authors = Array.from({ length: 12 }, (_, i) => ({ name: `Author ${i + 1}`, note: `Place ${i + 1}`, lang: "en" as const }));
    const marks = authorContexts(authors, EN).map((a) => a.mark!);
    expect(marks).toEqual(["*", "†", "‡", "§", "¶", "‖", "**", "††", "‡‡", "§§", "¶¶", "‖‖"]);
    expect([...marks.join("")].filter((char) => !markFace.has(char.codePointAt(0)!))).toEqual([]);
    const missing = [...rectoHead({ authors: [A], shortTitle: "x" }, EN), ...versoHead(META, EN)].filter((char) => !covered.has(char.codePointAt(0)!));
    expect(missing).toEqual([]);
  });

  it("articleContext composes the heads and passes the HTML through", () => {
    const context = articleContext(META, article({ keywords: ["water"] }), { body: "<p>Body</p>", abstract: "<p>Abs</p>" }, EN);
    expect(context).toEqual({
      kind: "article",
      id: "river",
      lang: "en",
      issueLang: "en",
      section: "Articles",
      title: "Rivers and Borders",
      authors: [
        { name: "A", lang: "en", mark: "*", note: "University of Lisbon", separator: " and " },
        { name: "B", lang: "en", mark: "†", note: "Institute <East> & West", separator: "" },
      ],
      abstractHtml: "<p>Abs</p>",
      keywords: ["water"],
      bodyHtml: "<p>Body</p>",
      versoHead: "Meridian Quarterly · Vol. 14 · No. 3 · Autumn 2026",
      rectoHead: "A and B — Short",
      labels: EN,
    } satisfies ArticleContext);
  });

  it("pageContext uses the short title as recto head", () => {
    expect(pageContext(META, page({ kind: "back", shortTitle: "Notes" }), "<p>x</p>", EN)).toEqual({
      kind: "back",
      id: "imprint",
      title: "Imprint",
      bodyHtml: "<p>x</p>",
      versoHead: "Meridian Quarterly · Vol. 14 · No. 3 · Autumn 2026",
      rectoHead: "Notes",
    });
  });

  it("coverContext lists every article with its authors, each in their language", () => {
    expect(coverContext(META, [article(), article({ title: "Solo", authors: [] })], EN)).toEqual({
      journal: "Meridian Quarterly",
      tagline: "A Journal of International Affairs",
      issueLine: "Vol. 14 · No. 3 · Autumn 2026",
      theme: "Water, Borders and the New Diplomacy",
      articles: [
        {
          id: "river",
          title: "Rivers and Borders",
          lang: "en",
          authors: [
            { name: "A", lang: "en", separator: " and " },
            { name: "B", lang: "en", separator: "" },
          ],
        },
        { id: "river", title: "Solo", lang: "en", authors: [] },
      ],
    });
  });
});

describe("font ranges", () => {
  it("a subset holding the Turkish capital İ also claims i, so small caps and capitals of i find it", () => {
    expect(withCasePartners("U+0100-02BA,U+2020")).toBe("U+0100-02BA,U+2020,U+0069");
    expect(withCasePartners("U+0000-00FF,U+0131")).toBe("U+0000-00FF,U+0131");
  });
});

describe("the classic template", () => {
  let template: Template;
  beforeAll(() => {
    template = loadTemplate("classic");
  });

  const renderArticle = (a: Article, html: { body: string; abstract: string | null } = { body: "<p>Body text.</p>", abstract: null }) =>
    template.article({ lang: "en", title: a.title }, articleContext(META, a, html, EN));

  it("renders a complete document around the article", () => {
    const html = renderArticle(article());
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain("<title>Rivers and Borders</title>");
    expect(html).toContain('<body class="document document-article">');
    expect(html).toContain('<article class="article" id="river" lang="en"');
    expect(html).toContain('<h1 class="article-title">Rivers and Borders</h1>');
    expect(html).toContain('<p class="article-section" lang="en">Articles</p>');
    // The body HTML is placed as is, not escaped.
    expect(html).toContain("<p>Body text.</p>");
    // The template's fonts and stylesheets are linked.
    expect(html).toContain('@font-face { font-family: "Source Serif 4"');
    expect(html).toMatch(/<link rel="stylesheet" href="file:\/\/[^"]+\/templates\/classic\/css\/page\.css">/);
  });

  it("escapes metadata: a title with <script> or & is text, not markup", () => {
    const html = renderArticle(article({ title: 'Dams <script>alert("x")</script> & Rivers', section: "Essays & Notes" }));
    expect(html).not.toContain("<script>");
    expect(html).toContain('<h1 class="article-title">Dams &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Rivers</h1>');
    expect(html).toContain("<title>Dams &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Rivers</title>");
    expect(html).toContain('<p class="article-section" lang="en">Essays &amp; Notes</p>');
    // Author notes too.
    expect(html).toContain('<span class="fn-number">†</span> Institute &lt;East&gt; &amp; West</span>');
  });

  it("escapes the running heads in their attributes", () => {
    const html = renderArticle(article({ shortTitle: 'Say "No" & <Go>' }));
    expect(attribute(html, "data-recto-head")).toEqual(["A and B — Say &quot;No&quot; &amp; &lt;Go&gt;"]);
    expect(template.article({ lang: "en", title: "t" }, { ...articleContext(META, article(), { body: "", abstract: null }, EN), versoHead: "J & Co" })).toContain(
      'data-verso-head="J &amp; Co"',
    );
  });

  it("sets the recto head for two authors and for three", () => {
    expect(attribute(renderArticle(article()), "data-recto-head")).toEqual(["A and B — Short"]);
    const three = article({ authors: [A, B, C] });
    expect(attribute(renderArticle(three), "data-recto-head")).toEqual(["A et al. — Short"]);
    expect(attribute(renderArticle(three), "data-verso-head")).toEqual(["Meridian Quarterly · Vol. 14 · No. 3 · Autumn 2026"]);
  });

  it("marks authors with notes as * and †, each followed by its note", () => {
    const html = renderArticle(article());
    expect(html).toContain(
      '<span class="author" lang="en">A<sup class="author-mark">*</sup><span class="footnote author-note"><span class="fn-number">*</span> University of Lisbon</span></span>' +
        '<span class="author-separator"> and </span>' +
        '<span class="author" lang="en">B<sup class="author-mark">†</sup><span class="footnote author-note"><span class="fn-number">†</span> Institute &lt;East&gt; &amp; West</span></span>',
    );
  });

  it("sets the article in its language, each name in its own, and the issue's words in the issue's", () => {
    const turkish = article({
      lang: "tr",
      keywords: ["su"],
      authors: [
        { name: "İlkin Aşıkoğlu", note: null, lang: "tr" },
        { name: "Ann Author", note: null, lang: "en" },
      ],
    });
    const html = renderArticle(turkish, { body: "<p>Metin.</p>", abstract: "<p>Özet.</p>" });
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<article class="article" id="river" lang="tr"');
    expect(html).toContain('<p class="article-section" lang="en">');
    expect(html).toContain('<p class="article-authors" lang="en">');
    expect(html).toContain('<span class="author" lang="tr">İlkin Aşıkoğlu</span>');
    expect(html).toContain('<span class="author" lang="en">Ann Author</span>');
    expect(html).toContain('<h2 class="abstract-label" lang="en">Abstract</h2>');
  });

  it("prints no mark for an author without a note, and no author line without authors", () => {
    const html = renderArticle(article({ authors: [A] }));
    expect(html).toContain('<span class="author" lang="en">A</span>');
    expect(html).not.toContain("author-mark");
    expect(renderArticle(article({ authors: [] }))).not.toContain('class="article-authors"');
  });

  it("has no abstract section when abstractHtml is null", () => {
    const html = renderArticle(article({ keywords: ["water"] }));
    expect(html).not.toContain('class="abstract"');
    expect(html).not.toContain("Keywords");
  });

  it("places the abstract HTML and escaped keywords when there is an abstract", () => {
    const html = renderArticle(article({ keywords: ["water", "law & order"] }), {
      body: "<p>Body.</p>",
      abstract: "<p>The <em>abstract</em>.</p>",
    });
    expect(html).toContain('<section class="abstract">');
    expect(html).toContain("<p>The <em>abstract</em>.</p>");
    expect(html).toContain('<span class="keywords-label" lang="en">Keywords</span> water; law &amp; order</p>');
  });

  it("renders the front matter: cover, front pages and contents with placeholder folios", () => {
    const articles = [article(), article({ id: "glaciers", title: "Glaciers & Rights", authors: [A, B, C] })];
    const context: FrontContext = {
      cover: coverContext(META, articles, EN),
      pages: [pageContext(META, page(), "<p>Printed in Lisbon.</p>", EN)],
      contents: {
        title: "Contents",
        sections: [
          {
            title: "Articles",
            entries: articles.map((a) => ({ id: a.id, title: a.title, lang: a.lang, authors: nameContexts(a.authors, EN), folio: FOLIO_PLACEHOLDER })),
          },
          { title: null, entries: [{ id: "notes", title: "Notes for Contributors", lang: "en", authors: [], folio: FOLIO_PLACEHOLDER }] },
        ],
      },
    };
    const html = template.front({ lang: "en", title: "Meridian Quarterly, Vol. 14, No. 3" }, context);
    expect(FOLIO_PLACEHOLDER).toBe("000");
    expect(html).toContain('<body class="document document-front">');
    expect(html).toContain('<p class="cover-journal">Meridian Quarterly</p>');
    expect(html).toContain('<p class="cover-issue">Vol. 14 · No. 3 · Autumn 2026</p>');
    expect(html).toContain(
      '<span class="cover-author"><span class="author" lang="en">A</span>, <span class="author" lang="en">B</span> and <span class="author" lang="en">C</span></span> ' +
        '<span class="cover-title" lang="en">Glaciers &amp; Rights</span>',
    );
    expect(html).toContain('<section class="page-section page-front" id="imprint">');
    expect(html).toContain("<p>Printed in Lisbon.</p>");
    expect([...html.matchAll(/<span class="contents-folio" data-folio-for="([^"]*)">([^<]*)<\/span>/g)].map((m) => [m[1], m[2]])).toEqual([
      ["river", "000"],
      ["glaciers", "000"],
      ["notes", "000"],
    ]);
    expect(html.match(/<h2 class="contents-section-title">/g)).toHaveLength(1);
    expect(html).toContain('<span class="contents-authors"><span class="author" lang="en">A</span> and <span class="author" lang="en">B</span></span>');
    expect(html.match(/class="contents-authors"/g)).toHaveLength(2);
  });

  it("renders a back page with its running heads", () => {
    const context = pageContext(META, page({ kind: "back", id: "notes", title: "Notes <for> Contributors", shortTitle: "Notes" }), "<p>Send files.</p>", EN);
    const html = template.back({ lang: "en", title: "Notes" }, context);
    expect(html).toContain('<section class="page-section page-back" id="notes" data-verso-head="Meridian Quarterly · Vol. 14 · No. 3 · Autumn 2026">');
    expect(html).toContain('<h1 class="page-title" data-recto-head="Notes">Notes &lt;for&gt; Contributors</h1>');
    expect(html).toContain("<p>Send files.</p>");
  });

  it("refuses a template that does not exist", () => {
    expect(() => loadTemplate("no-such-template")).toThrow(/No template "no-such-template"/);
  });
});
