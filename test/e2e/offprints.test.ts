/**
 * The sample issue built twice with --offprints, from scratch each time
 * (one after the other, in one file: one browser at a time). The two
 * builds must give the same bytes; and what the PDFs say of themselves,
 * read back with pdfjs (not with the pdf-lib that wrote them), must be
 * right: metadata and XMP, page labels equal to the printed folios, the
 * outline, and offprints whose pages are the issue's.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildIssue, type BuildResult } from "../../src/build.js";
import { loadPdfjs } from "../../src/verify/pdfjs.js";
import { readPdf, type PageText } from "../../src/verify/read.js";

const sample = path.resolve("manuscripts/meridian-14-3");
const builds: { out: string; result: BuildResult }[] = [];
let issuePages: PageText[];

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

interface Read {
  info: Record<string, unknown>;
  xmp: { get(name: string): unknown } | null;
  labels: string[] | null;
  outline: { title: string; items: unknown[] }[];
  lang: string | null;
}

/** What pdfjs reads of a PDF's own description. */
async function describePdf(file: string): Promise<Read> {
  const { getDocument } = await loadPdfjs();
  const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const meta = await doc.getMetadata();
    return {
      info: meta.info as Record<string, unknown>,
      xmp: meta.metadata as Read["xmp"],
      labels: await doc.getPageLabels(),
      outline: ((await doc.getOutline()) ?? []) as Read["outline"],
      lang: ((meta.info as Record<string, unknown>).Language as string | undefined) ?? null,
    };
  } finally {
    await doc.destroy();
  }
}

/** The printed folio: a page's last line, when it is a number. */
const folioOf = (page: PageText) => {
  const last = page.lines.at(-1)?.text ?? "";
  return /^\d+$/.test(last) ? last : null;
};

beforeAll(async () => {
  const previous = process.env.SOURCE_DATE_EPOCH;
  delete process.env.SOURCE_DATE_EPOCH;
  try {
    for (let i = 0; i < 2; i++) {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), `galley-offprints-${i}-`));
      builds.push({ out, result: await buildIssue({ issueDir: sample, outDir: out, offprints: true, cache: false, log: () => undefined }) });
    }
  } finally {
    if (previous !== undefined) process.env.SOURCE_DATE_EPOCH = previous;
  }
  issuePages = await readPdf(new Uint8Array(fs.readFileSync(builds[0]!.result.pdfPath)));
});

describe("two builds of the same inputs", () => {
  it("give byte-identical issue PDFs and offprints", () => {
    const [a, b] = builds as [(typeof builds)[0], (typeof builds)[0]];
    expect(sha256(b.result.pdfPath)).toBe(sha256(a.result.pdfPath));
    const names = fs.readdirSync(path.join(a.out, "offprints")).sort();
    expect(names).toEqual(a.result.report.articles.map((x) => `${x.id}.pdf`).sort());
    expect(fs.readdirSync(path.join(b.out, "offprints")).sort()).toEqual(names);
    for (const name of names) expect(sha256(path.join(b.out, "offprints", name)), name).toBe(sha256(path.join(a.out, "offprints", name)));
  });
});

describe("the issue PDF", () => {
  it("says what it is, in its information and in XMP, dated from issue.yaml", async () => {
    const read = await describePdf(builds[0]!.result.pdfPath);
    expect(read.info.Title).toBe("Meridian Quarterly · Vol. 14 · No. 3 · Autumn 2026");
    expect(read.info.Author).toContain("Gülşən Ağayeva; Aruzhan Tleuberdina");
    expect(read.info.Subject).toBe("Water, Borders and the New Diplomacy");
    expect(read.info.Keywords).toContain("Caspian Sea; Aktau Convention");
    expect(read.info.CreationDate).toBe("D:20260921000000Z");
    expect(read.info.ModDate).toBe("D:20260921000000Z");
    expect(read.lang).toBe("en");
    expect(read.xmp).not.toBeNull();
    expect(read.xmp!.get("dc:title")).toBe("Meridian Quarterly · Vol. 14 · No. 3 · Autumn 2026");
    expect(read.xmp!.get("dc:creator")).toContain("Fərid Həsənli");
    // pdfjs gives a one-item bag as its item.
    expect(String(read.xmp!.get("dc:language"))).toBe("en");
    expect(read.xmp!.get("xmp:createdate")).toBe("2026-09-21T00:00:00Z");
    expect(read.xmp!.get("pdf:producer")).toMatch(/^Galley/);
  });

  it("labels each page with its printed folio, and the cover by its name", async () => {
    const { labels } = await describePdf(builds[0]!.result.pdfPath);
    expect(labels).not.toBeNull();
    expect(labels!.length).toBe(issuePages.length);
    expect(labels![0]).toBe("Cover");
    let printed = 0;
    issuePages.forEach((page, i) => {
      const folio = folioOf(page);
      if (folio === null) return;
      printed++;
      expect(labels![i], `page ${i + 1}`).toBe(folio);
    });
    expect(printed).toBeGreaterThan(50);
  });

  it("has bookmarks for sections, their articles and the articles' headings", async () => {
    const { outline } = await describePdf(builds[0]!.result.pdfPath);
    const titles = outline.map((item) => item.title);
    expect(titles).toEqual([
      "Cover",
      "Imprint",
      "Editorial Team",
      "Board of Advisers",
      "From the Editors",
      "Contents",
      "Articles",
      "Commentaries",
      "Book Reviews",
      "Notes for Contributors",
    ]);
    const articles = outline[6]!.items as Read["outline"];
    expect(articles.map((a) => a.title)[0]).toMatch(/^A Sea by Agreement/);
    expect(articles).toHaveLength(4);
    const headings = articles[0]!.items as Read["outline"];
    expect(headings.map((h) => h.title)).toContain("From Condominium to Sectors");
    // Level-3 headings sit under their level-2 heading.
    const seabed = headings.find((h) => h.title === "The Seabed Question Left Open")!;
    expect((seabed.items as Read["outline"]).map((h) => h.title)).toEqual(["The southern triangle"]);
  });
});

describe("the offprints", () => {
  it("are the issue's pages, with a citation line on the first", async () => {
    const { result, out } = builds[0]!;
    for (const article of result.report.articles) {
      const pages = await readPdf(new Uint8Array(fs.readFileSync(path.join(out, "offprints", `${article.id}.pdf`))));
      expect(pages.length, article.id).toBe(article.lastPdfPage - article.firstPdfPage + 1);
      pages.forEach((page, i) => {
        const issuePage = issuePages[article.firstPdfPage - 1 + i]!;
        const lines = page.lines.map((l) => l.text);
        // The first page adds the citation line above everything the issue prints.
        const own = i === 0 ? lines.slice(1) : lines;
        expect(own, `${article.id} page ${i + 1}`).toEqual(issuePage.lines.map((l) => l.text));
        expect(folioOf(page)).toBe(String(article.firstFolio + i));
      });
      const citation = pages[0]!.lines[0]!.text;
      const folios = `${article.firstFolio}–${article.lastFolio}`;
      expect(citation).toContain(`Meridian Quarterly, Vol. 14, No. 3 (Autumn 2026), ${folios}.`);
      const entry = result.report.offprints.find((o) => o.id === article.id)!;
      expect(entry.citation.replace(/\s+/g, " ")).toBe(citation);
    }
    const caspian = result.report.offprints.find((o) => o.id === "caspian-legal-status")!;
    expect(caspian.citation).toMatch(/ https:\/\/doi\.org\/10\.5555\/mq\.2026\.14\.3\.01$/);
    const mekong = result.report.offprints.find((o) => o.id === "mekong-commission")!;
    expect(mekong.citation).not.toContain("doi.org");
  });

  it("link the DOI of the citation line to its address", async () => {
    const { getDocument } = await loadPdfjs();
    const file = path.join(builds[0]!.out, "offprints", "caspian-legal-status.pdf");
    const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0, isEvalSupported: false }).promise;
    try {
      const annotations = (await (await doc.getPage(1)).getAnnotations()) as { subtype: string; url?: string }[];
      expect(annotations.filter((a) => a.subtype === "Link").map((a) => a.url)).toEqual(["https://doi.org/10.5555/mq.2026.14.3.01"]);
    } finally {
      await doc.destroy();
    }
  });

  it("carry their article's metadata, labels and headings", async () => {
    const { out } = builds[0]!;
    const read = await describePdf(path.join(out, "offprints", "caspian-legal-status.pdf"));
    expect(read.info.Title).toBe("A Sea by Agreement: The Aktau Convention and the Unfinished Delimitation of the Caspian Seabed");
    expect(read.info.Author).toBe("Gülşən Ağayeva; Aruzhan Tleuberdina");
    expect(read.info.Keywords).toBe("Caspian Sea; Aktau Convention; maritime delimitation; seabed resources; Iran; energy pipelines");
    expect(read.lang).toBe("en");
    expect(read.xmp!.get("dc:title")).toBe(read.info.Title);
    expect(read.xmp!.get("dc:subject")).toContain("Aktau Convention");
    expect(read.labels).toEqual(["9", "10", "11", "12", "13", "14", "15", "16", "17"]);
    expect(read.outline).toHaveLength(1);
    expect((read.outline[0]!.items as Read["outline"]).map((h) => h.title)).toContain("Bilateralism as Method and as Risk");
  });

  it("are set in the template's own faces", async () => {
    const { out } = builds[0]!;
    const { listFonts } = await import("../../src/verify/fonts.js");
    const { PDFDocument } = await import("pdf-lib");
    for (const name of fs.readdirSync(path.join(out, "offprints"))) {
      const doc = await PDFDocument.load(fs.readFileSync(path.join(out, "offprints", name)));
      for (const font of listFonts(doc)) {
        expect(font.embedded, `${name}: ${font.name}`).toBe(true);
        expect(font.name).toMatch(/^[A-Z]{6}\+(SourceSerif4|SourceSans3|NotoSansMath)/);
      }
    }
  });
});
