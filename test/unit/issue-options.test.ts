/**
 * What issue.yaml may say besides its manuscripts: the language and the
 * labels printed in it, the articles the cover lists, and the multiple of
 * pages the issue is padded to.
 */
import { afterEach, describe, expect, it } from "vitest";
import { collectMessages } from "../../src/diagnostics.js";
import { headTitle, RUNNING_HEAD_MAX } from "../../src/manuscripts/checks.js";
import { hyphenateText, MIN_AFTER, MIN_BEFORE, withMinimums } from "../../src/markdown/plugins/hyphenate.js";
import type { Language } from "../../src/model/issue.js";
import { prepareIssue } from "../../src/prepare.js";
import { labelsFor } from "../../src/templates/config.js";
import { loadTemplate } from "../../src/templates/index.js";
import { removeDir, tempDir } from "./support.js";

const lines = (...l: string[]) => l.join("\n") + "\n";
const ISSUE = ["journal: Dergi", "volume: 2", "number: 1", "sections:", "  - title: Makaleler", "    articles:", "      - alpha.md", "      - beta.md"];
const MANUSCRIPT = (title: string) => lines("---", `title: ${title}`, "authors:", "  - name: Ayşe Yıldız", "  - name: İlkin Həsənli", "---", "", "Metin.");

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

async function prepare(...extra: string[]) {
  const dir = tempDir({ "issue.yaml": lines(...ISSUE, ...extra), "alpha.md": MANUSCRIPT("Alfa"), "beta.md": MANUSCRIPT("Beta") });
  dirs.push(dir);
  const result = await prepareIssue(dir, { log: () => undefined });
  return { ...result, messages: collectMessages(result.files, dir) };
}

describe("labels in the issue's language", () => {
  const config = loadTemplate("classic").config;

  it("the template gives its own labels for a language, its base language's, or English", () => {
    expect(labelsFor(config, "tr").contents).toBe("İçindekiler");
    expect(labelsFor(config, "en-GB")).toEqual(labelsFor(config, "en"));
    expect(labelsFor({ ...config, labels: { en: config.labels.en } }, "tr")).toEqual(config.labels.en);
  });

  it("a Turkish issue gets the template's Turkish labels, and issue.yaml may change any of them", async () => {
    const turkish = await prepare("lang: tr");
    expect(turkish.messages).toEqual([]);
    expect(turkish.prepared!.labels).toMatchObject({ contents: "İçindekiler", abstract: "Özet", and: "ve" });
    const changed = await prepare("lang: tr", "labels:", "  contents: Bu Sayıda");
    expect(changed.prepared!.labels).toMatchObject({ contents: "Bu Sayıda", abstract: "Özet" });
  });

  it("an unknown label is refused at its line", async () => {
    const { prepared, messages } = await prepare("labels:", "  contnets: Inhalt");
    expect(prepared).toBeNull();
    expect(messages.map((m) => [m.line, m.rule])).toEqual([[10, "unknown-key"]]);
  });

  it("hyphenates Turkish with Turkish patterns, and Azerbaijani by syllable", () => {
    expect(hyphenateText("sorumluluklarımızı", "tr")).toContain("\u00ad");
    const az = (text: string) => hyphenateText(text, "az").replace(/\u00ad/g, "·");
    // Of the consonants between two vowels the last starts a syllable; two vowels side by side part.
    expect(az("məsuliyyətlərimizi")).toBe("mə·su·liy·yət·lə·ri·mizi");
    expect(az("qardaşlarımız müəllimlərimiz")).toBe("qar·daş·la·rı·mız mü·əl·lim·lə·ri·miz");
    // The minimums hold, and a name (never written in lower case) is left whole.
    expect(az("maarif")).toBe("ma·arif");
    expect(az("Türkmənistan türkmənlər")).toBe("Türkmənistan türk·mən·lər");
  });
});

describe("the articles the cover lists", () => {
  it("lists every article unless issue.yaml features some", async () => {
    expect((await prepare()).prepared!.issue.coverFeatured).toBeNull();
    const featured = await prepare("cover:", "  featured:", "    - beta.md");
    expect(featured.messages).toEqual([]);
    expect(featured.prepared!.issue.coverFeatured).toEqual(["beta"]);
  });

  it("refuses a featured file that is not an article of the issue, at its line", async () => {
    const { prepared, messages } = await prepare("cover:", "  featured:", "    - gamma.md");
    expect(prepared).toBeNull();
    expect(messages.map((m) => [m.line, m.column, m.rule])).toEqual([[11, 7, "invalid-field"]]);
  });
});

describe("padding to signatures", () => {
  it("pads to 4 pages by default; 2 and 1 are allowed, nothing else", async () => {
    expect((await prepare()).prepared!.issue.padTo).toBe(4);
    expect((await prepare("print:", "  pad-to: 2")).prepared!.issue.padTo).toBe(2);
    const three = await prepare("print:", "  pad-to: 3");
    expect(three.prepared).toBeNull();
    expect(three.messages.map((m) => m.rule)).toEqual(["invalid-field"]);
  });
});

describe("the printed sheet", () => {
  it("takes the template's trim and a 3 mm bleed, without marks, as PDF/X-4, by default", async () => {
    expect((await prepare()).prepared!.issue.print).toEqual({ trim: null, bleed: 3, marks: false, pdfx: "x4" });
  });

  it("reads a trim, a bleed, marks and the PDF/X from issue.yaml, lengths in mm", async () => {
    const { prepared } = await prepare("print:", "  trim: { width: 156mm, height: 234 }", "  bleed: 5mm", "  marks: true", "  pdfx: x1a");
    expect(prepared!.issue.print).toEqual({ trim: { width: 156, height: 234 }, bleed: 5, marks: true, pdfx: "x1a" });
  });

  it("refuses a bleed in other units or out of range, and an unknown PDF/X, at their lines", async () => {
    const { prepared, messages } = await prepare("print:", "  bleed: 3pt", "  pdfx: x3");
    expect(prepared).toBeNull();
    expect(messages.map((m) => [m.line, m.rule])).toEqual([
      [10, "invalid-field"],
      [11, "invalid-field"],
    ]);
    const far = await prepare("print:", "  bleed: 25mm");
    expect(far.messages.map((m) => m.rule)).toEqual(["invalid-field"]);
  });
});

describe("the running head's title", () => {
  it("is the short title, or a title that fits, as given", () => {
    expect(headTitle({ title: "A Long Title That Is Given a Short One Because It Is Far Too Long to Fit", "short-title": "A Short One" })).toBe("A Short One");
    expect(headTitle({ title: "Tides and Ledgers" })).toBe("Tides and Ledgers");
  });

  it("is shortened to the main title, or to whole words and an ellipsis, when none is given", () => {
    expect(headTitle({ title: "Water Law after 1991: From the Aral Sea to the Kura–Araz Basin, and Back Again" })).toBe("Water Law after 1991");
    const cut = headTitle({ title: "On Azerbaijani Refugees and IDPs from Armenia and Nagorno-Karabakh Region of Azerbaijan" });
    expect(cut).toBe("On Azerbaijani Refugees and IDPs from Armenia and…");
    expect([...cut].length).toBeLessThanOrEqual(RUNNING_HEAD_MAX);
    expect([...headTitle({ title: "x".repeat(200) })].length).toBe(RUNNING_HEAD_MAX);
  });
});

describe("an article in another language than the issue's", () => {
  it("is hyphenated and quoted by its own language's rules, in its body and its abstract", async () => {
    const german = lines("---", "title: Gamma", "lang: de", 'abstract: "Die \\"Verwaltung\\" bleibt wasserwirtschaftlich."', "---", "", 'Die "Verwaltung" bleibt wasserwirtschaftlich.');
    const dir = tempDir({ "issue.yaml": lines(...ISSUE, "      - gamma.md"), "alpha.md": MANUSCRIPT("Alfa"), "beta.md": MANUSCRIPT("Beta"), "gamma.md": german });
    dirs.push(dir);
    const result = await prepareIssue(dir, { log: () => undefined });
    expect(collectMessages(result.files, dir)).toEqual([]);
    const body = result.prepared!.bodies.get("gamma")!.html;
    const abstract = result.prepared!.abstracts.get("gamma")!;
    for (const html of [body, abstract]) {
      expect(html).toContain("„");
      expect(html).toContain("„Verwaltung“");
      // German patterns break the compound between its parts.
      expect(html).toMatch(/was\u00adser\u00adwirt\u00adschaft/);
    }
    // The English articles keep English quotes.
    expect(result.prepared!.bodies.get("alpha")!.html).not.toContain("„");
  });
});

describe("which words are hyphenated", () => {
  const shown = (text: string, lang: Language = "en") => hyphenateText(text, lang).replace(/\u00ad/g, "·");

  it("hyphenates a capitalised word the text also writes in lower case, never a name", () => {
    expect(shown("Administrative reform came first; administrative delays followed.")).toBe(
      "Ad·min·is·tra·tive re·form came first; ad·min·is·tra·tive de·lays fol·lowed.",
    );
    expect(shown("Azerbaijani railways and Azerbaijani ports")).toBe("Azerbaijani rail·ways and Azerbaijani ports");
    // An acronym or a word in capitals is left whole.
    expect(shown("REFORMS and reforms")).toBe("REFORMS and re·forms");
    // Turkish capitals: İ lowers to i, and the breaks keep the capital.
    expect(shown("İstanbul ile istanbul", "tr")).toBe("İs·tan·bul ile is·tan·bul");
  });

  it("hyphenates the parts of a lower-case compound, not of a name's", () => {
    expect(shown("self-determination")).toBe("self-de·ter·mi·na·tion");
    expect(shown("Turkish-Azerbaijani governance")).toBe("Turkish-Azerbaijani gov·er·nance");
    expect(shown("O'Donnell-reading")).toBe("O'Donnell-reading");
  });

  it("hyphenates a capitalised compound's parts where the text also writes it in lower case", () => {
    // Opening a sentence, as its lower-case form elsewhere shows: not a name.
    expect(shown("Self-determination came late; self-determination")).toBe("Self-de·ter·mi·na·tion came late; self-de·ter·mi·na·tion");
    // Never written in lower case, it may be a name: left whole but at its own hyphen.
    expect(shown("Self-determination came late.")).toBe("Self-determination came late.");
  });
});

describe("hyphenation minimums", () => {
  it("leaves at least 2 letters before and 3 after every break", () => {
    expect([MIN_BEFORE, MIN_AFTER]).toEqual([2, 3]);
    expect(hyphenateText("security", "en")).not.toMatch(/\u00adty$/);
    expect(hyphenateText("about the treaty", "en")).not.toMatch(/\u00ad/);
    expect(withMinimums("a\u00adbout")).toBe("about");
    expect(withMinimums("se\u00adcu\u00adri\u00adty")).toBe("se\u00adcu\u00adrity");
    expect(withMinimums("ex\u00adplic\u00adit")).toBe("ex\u00adplicit");
    // Two breaks are never one letter apart.
    expect(withMinimums("doc\u00adu\u00adment\u00aded")).toBe("doc\u00adumented");
    expect(withMinimums("ir\u00adreg\u00adu\u00adlarly")).toBe("ir\u00adreg\u00adularly");
    // Marks do not count as letters: a break before "e\u0301s" leaves two letters, not three.
    expect(withMinimums("pas\u00ade\u0301s")).toBe("pase\u0301s");
  });

  it("holds in running text of every language with patterns", () => {
    const text = "responsibilities administrative constitutional sorumluluklarımızı Wasserwirtschaftsverwaltung internationale";
    for (const lang of ["en", "en-GB", "tr", "de", "fr", "es", "sv"] as const) {
      for (const word of hyphenateText(text, lang).split(" ")) {
        const parts = word.split("\u00ad");
        for (let i = 1; i < parts.length; i++) {
          expect(parts.slice(0, i).join("").length, `${lang}: ${word}`).toBeGreaterThanOrEqual(MIN_BEFORE);
          expect(parts.slice(i).join("").length, `${lang}: ${word}`).toBeGreaterThanOrEqual(MIN_AFTER);
        }
      }
    }
  });
});

describe("hyphenation leaves addresses whole", () => {
  it("inserts no soft hyphen into a URL or an e-mail address, and still hyphenates the words around them", () => {
    const text = "See https://repository.example.edu/administrative-mandates/frontiers or write to editorial.office@meridian-quarterly.example for administrative questions.";
    const out = hyphenateText(text, "en");
    expect(out).toContain("https://repository.example.edu/administrative-mandates/frontiers");
    expect(out).toContain("editorial.office@meridian-quarterly.example");
    expect(out).toContain("ad\u00admin\u00ad");
  });
});
