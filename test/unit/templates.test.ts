/**
 * The templates stage: the context builders in context.ts, and the classic
 * template rendering typed contexts with Handlebars escaping on.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { VFile } from "vfile";
import type { Article, Author, IssueMeta, Labels, Page } from "../../src/model/issue.js";
import { FOLIO_PLACEHOLDER } from "../../src/templates/compose.js";
import { textCoverage } from "../../src/templates/coverage.js";
import {
  articleContext,
  authorContexts,
  authorLine,
  coverContext,
  issueLine,
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
  labelOverrides: {},
};

const EN: Labels = { contents: "Contents", abstract: "Abstract", keywords: "Keywords", and: "and", volume: "Vol.", number: "No." };

const A: Author = { name: "A", note: null };
const B: Author = { name: "B", note: null };
const C: Author = { name: "C", note: null };

function article(overrides: Partial<Article> = {}): Article {
  return {
    kind: "article",
    file: new VFile({ path: "/issue/river.md", value: "" }),
    id: "river",
    section: "Articles",
    title: "Rivers and Borders",
    shortTitle: "Short",
    authors: [
      { name: "A", note: "University of Lisbon" },
      { name: "B", note: "Institute <East> & West" },
    ],
    abstract: null,
    keywords: [],
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
    expect(authorLine([A, B, C, { name: "D", note: null }], EN)).toBe("A, B, C and D");
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
        { name: "A", note: "Lisbon" },
        { name: "B", note: null },
        { name: "C", note: "Lima" },
      ], EN),
    ).toEqual([
      { name: "A", mark: "*", note: "Lisbon", separator: ", " },
      { name: "B", mark: null, note: null, separator: " and " },
      { name: "C", mark: "†", note: "Lima", separator: "" },
    ]);
  });

  it("authorContexts uses marks the classic text face can set, for up to 8 noted authors", () => {
    const covered = textCoverage(loadTemplate("classic").config.fonts);
    const authors = Array.from({ length: 8 }, (_, i) => ({ name: `Author ${i + 1}`, note: `Place ${i + 1}` }));
    const marks = authorContexts(authors, EN).map((a) => a.mark!);
    expect(new Set(marks).size).toBe(8);
    expect(marks.slice(0, 2)).toEqual(["*", "†"]);
    const missing = [...marks.join(""), ...rectoHead({ authors: [A], shortTitle: "x" }, EN), ...versoHead(META, EN)].filter(
      (char) => !covered.has(char.codePointAt(0)!),
    );
    expect(missing).toEqual([]);
  });

  it("articleContext composes the heads and passes the HTML through", () => {
    const context = articleContext(META, article({ keywords: ["water"] }), { body: "<p>Body</p>", abstract: "<p>Abs</p>" }, EN);
    expect(context).toEqual({
      kind: "article",
      id: "river",
      section: "Articles",
      title: "Rivers and Borders",
      authors: [
        { name: "A", mark: "*", note: "University of Lisbon", separator: " and " },
        { name: "B", mark: "†", note: "Institute <East> & West", separator: "" },
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

  it("coverContext lists every article with its author line", () => {
    expect(coverContext(META, [article(), article({ title: "Solo", authors: [] })], EN)).toEqual({
      journal: "Meridian Quarterly",
      tagline: "A Journal of International Affairs",
      issueLine: "Vol. 14 · No. 3 · Autumn 2026",
      theme: "Water, Borders and the New Diplomacy",
      articles: [
        { id: "river", title: "Rivers and Borders", authorLine: "A and B" },
        { id: "river", title: "Solo", authorLine: "" },
      ],
    });
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
    expect(html).toContain('<article class="article" id="river"');
    expect(html).toContain('<h1 class="article-title">Rivers and Borders</h1>');
    expect(html).toContain('<p class="article-section">Articles</p>');
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
    expect(html).toContain('<p class="article-section">Essays &amp; Notes</p>');
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
      '<span class="author">A<sup class="author-mark">*</sup><span class="footnote author-note"><span class="fn-number">*</span> University of Lisbon</span></span>' +
        '<span class="author-separator"> and </span>' +
        '<span class="author">B<sup class="author-mark">†</sup><span class="footnote author-note"><span class="fn-number">†</span> Institute &lt;East&gt; &amp; West</span></span>',
    );
  });

  it("prints no mark for an author without a note, and no author line without authors", () => {
    const html = renderArticle(article({ authors: [A] }));
    expect(html).toContain('<span class="author">A</span>');
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
    expect(html).toContain('<span class="keywords-label">Keywords</span> water; law &amp; order</p>');
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
            entries: articles.map((a) => ({ id: a.id, title: a.title, authorLine: authorLine(a.authors, EN) || null, folio: FOLIO_PLACEHOLDER })),
          },
          { title: null, entries: [{ id: "notes", title: "Notes for Contributors", authorLine: null, folio: FOLIO_PLACEHOLDER }] },
        ],
      },
    };
    const html = template.front({ lang: "en", title: "Meridian Quarterly, Vol. 14, No. 3" }, context);
    expect(FOLIO_PLACEHOLDER).toBe("000");
    expect(html).toContain('<body class="document document-front">');
    expect(html).toContain('<p class="cover-journal">Meridian Quarterly</p>');
    expect(html).toContain('<p class="cover-issue">Vol. 14 · No. 3 · Autumn 2026</p>');
    expect(html).toContain('<span class="cover-author">A, B and C</span> <span class="cover-title">Glaciers &amp; Rights</span>');
    expect(html).toContain('<section class="page-section page-front" id="imprint">');
    expect(html).toContain("<p>Printed in Lisbon.</p>");
    expect([...html.matchAll(/<span class="contents-folio" data-folio-for="([^"]*)">([^<]*)<\/span>/g)].map((m) => [m[1], m[2]])).toEqual([
      ["river", "000"],
      ["glaciers", "000"],
      ["notes", "000"],
    ]);
    expect(html.match(/<h2 class="contents-section-title">/g)).toHaveLength(1);
    expect(html).toContain('<span class="contents-authors">A and B</span>');
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
