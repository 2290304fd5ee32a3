/**
 * A whole build: prepare (manuscripts, markdown, images), compose
 * (templates), render (Paged.js), assemble (pdf-lib), verify (read the PDF
 * back), then write the PDF and its report. Each stage is its own module;
 * this one passes one stage's result to the next.
 *
 * A BuildSession keeps what makes the next build of the same issue fast:
 * the browser, the layout cache, pages kept open (in watch mode) and each
 * document's reading for verification. `buildIssue` is one session, one build.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { VFile } from "vfile";
import { collectMessages, DiagnosticsError, type FormattedMessage } from "./diagnostics.js";
import { allArticles, type Issue } from "./manuscripts/types.js";
import { writeAtomic } from "./output.js";
import { assetsDir, projectRoot, templatesDir } from "./paths.js";
import { assemble, repairDocument, type AssembledIssue } from "./postprocess/index.js";
import type { RenderedBody } from "./markdown/index.js";
import { prepareIssue } from "./prepare.js";
import {
  engineFingerprint,
  ensureBrowser,
  findBrowser,
  LayoutCache,
  LayoutEngine,
  renderDocuments,
  type LaidOutDocument,
  type RenderedDocument,
} from "./render/index.js";
import { composeDocuments } from "./templates/compose.js";
import { versoHead } from "./templates/index.js";
import { listFonts, type FontInfo } from "./verify/fonts.js";
import { verifyIssue, VerificationError, type VerificationResult } from "./verify/index.js";
import { pageFingerprints } from "./verify/pages.js";
import { readPdf, type PageText } from "./verify/read.js";

export interface BuildOptions {
  issueDir: string;
  outDir: string;
  /** Documents laid out at once; defaults to the number of cores. */
  concurrency?: number;
  /** Longest one document's layout may take, in ms; by default it scales with size. */
  timeoutMs?: number;
  /** Reuse layouts from earlier builds (kept under outDir/.build); on by default. */
  cache?: boolean;
  /**
   * Watch mode: keep the browser running and laid-out pages open between
   * builds, to print moved documents again without laying them out.
   */
  keepPages?: boolean;
  /** Folder holding the templates; the project's templates/ by default. */
  templatesDir?: string;
  /** For tests only: see EngineOptions.afterLayout. */
  afterLayout?: string;
  log: (line: string) => void;
}

export interface DocumentReport {
  id: string;
  title: string;
  firstFolio: number;
  lastFolio: number;
  firstPdfPage: number;
  lastPdfPage: number;
}

export interface BuildReport {
  issue: string;
  pdf: string;
  pageCount: number;
  documents: AssembledIssue["documents"];
  articles: DocumentReport[];
  /** How many documents were laid out, printed again, or taken from the cache. */
  reuse: Record<RenderedDocument["source"], number>;
  verification: VerificationResult;
  warnings: FormattedMessage[];
  seconds: number;
}

export interface BuildResult {
  pdfPath: string;
  reportPath: string;
  report: BuildReport;
  files: VFile[];
}

/** One build, start to finish. */
export async function buildIssue(options: BuildOptions): Promise<BuildResult> {
  const session = new BuildSession(options);
  try {
    return await session.build();
  } finally {
    await session.close();
  }
}

interface Reading {
  pages: PageText[];
  fonts: FontInfo[];
  pdf: Uint8Array;
  /** Each page's drawing, to match with the written PDF. */
  fingerprints: string[];
}

export class BuildSession {
  private engine: LayoutEngine | null = null;
  private starting: Promise<LayoutEngine> | null = null;
  private readonly cache: LayoutCache;
  private readonly keep: Map<string, LaidOutDocument> | undefined;
  private readonly bodies = new Map<string, RenderedBody>();
  private readonly concurrency: number;

  constructor(private readonly options: BuildOptions) {
    const slug = path.basename(path.resolve(options.issueDir));
    const cacheDir = path.join(options.outDir, ".build", slug, "cache");
    this.cache = new LayoutCache(options.cache === false ? null : cacheDir);
    this.keep = options.keepPages ? new Map() : undefined;
    this.concurrency = options.concurrency ?? os.availableParallelism();
  }

  async build(): Promise<BuildResult> {
    const { options } = this;
    const { log } = options;
    const started = performance.now();
    let lapStart = started;
    /** Seconds since the last stage ended, for the progress lines. */
    const lap = () => {
      const now = performance.now();
      const seconds = ((now - lapStart) / 1000).toFixed(1);
      lapStart = now;
      return `${seconds} s`;
    };

    const buildDir = path.join(options.outDir, ".build", path.basename(path.resolve(options.issueDir)));
    const allowedPaths = [projectRoot, path.resolve(options.issueDir), assetsDir, buildDir, path.resolve(options.templatesDir ?? templatesDir)];
    // Chromium starts while the manuscripts are read (half a second), when
    // it is there already; one that must be installed waits for a clean check.
    const foundBrowser = findBrowser();
    const early = foundBrowser ? this.startEngine(foundBrowser, allowedPaths) : null;
    early?.catch(() => undefined);
    const { prepared, files } = await prepareIssue(options.issueDir, {
      log,
      rasterDir: path.join(buildDir, "images"),
      templatesDir: options.templatesDir,
      memo: this.bodies,
    });
    if (!prepared) {
      await early?.catch(() => undefined);
      throw new DiagnosticsError("The issue has errors; nothing was laid out.", files);
    }
    const { issue, template } = prepared;

    const browserPath = foundBrowser ?? ensureBrowser(log);
    const characters = charactersOf(files);
    // The test-only hook changes layouts, so it is part of their key.
    const fingerprint = LayoutCache.key(template.fingerprint, engineFingerprint(browserPath), options.afterLayout ?? "");
    const composed = await composeDocuments(prepared, template, buildDir, fingerprint);
    log(`templates: ${template.name}: ${composed.parts.length + 1} documents (prepared in ${lap()})`);

    const engine = await (early ?? this.startEngine(browserPath, allowedPaths));
    // Each part is repaired and read back as soon as it is printed, while
    // the browser lays out the next ones.
    const readingsById = new Map<string, Promise<Reading>>();
    const rendered = await renderDocuments(engine, composed.front, composed.parts, {
      concurrency: this.concurrency,
      timeoutMs: options.timeoutMs,
      log,
      cache: this.cache,
      keep: this.keep,
      onPart: (doc) => {
        const reading = this.read(doc, characters);
        reading.catch(() => undefined);
        readingsById.set(doc.plan.id, reading);
      },
    });
    if (!this.keep) {
      // A one-off build needs the browser no more: free its memory before merging.
      await this.engine?.close();
      this.engine = null;
    }
    const keys = [composed.front, ...composed.parts].map((d) => d.key);
    await this.forgetPagesNotIn(keys);
    this.cache.retainOnly(keys);
    const all = [rendered.front, ...rendered.parts];
    const reuse = { layout: 0, reprint: 0, cache: 0 };
    for (const doc of all) reuse[doc.source]++;
    log(`render: ${all.length} documents: ${reuse.layout} laid out, ${reuse.reprint} printed again, ${reuse.cache} from the cache (${lap()})`);

    // Each document is repaired and read on its own, so unchanged ones are not read again.
    const readings = await Promise.all(all.map((doc) => readingsById.get(doc.plan.id) ?? this.read(doc, characters)));
    const assembled = await assemble(
      { front: { ...rendered.front, pdf: readings[0]!.pdf }, parts: rendered.parts.map((p, i) => ({ ...p, pdf: readings[i + 1]!.pdf })) },
      { trim: template.trim, metadata: pdfMetadata(issue) },
    );
    log(`postprocess: ${assembled.pages.length} pages assembled (${lap()})`);

    const pages = placeReadings(assembled, readings, template.trim);
    const fonts = readings.flatMap((r) => r.fonts);
    const htmlPaths = new Map([composed.front, ...composed.parts].map((d) => [d.id, d.htmlPath]));
    const pageFingerprintsById = new Map(all.map((doc, i) => [doc.plan.id, readings[i]!.fingerprints]));
    const verification = await verifyIssue({ assembled, prepared, template, htmlPaths, pages, fonts, pageFingerprints: pageFingerprintsById });
    log(`verify: ${verification.checks.map((c) => `${c.name} ${c.failures.length === 0 ? "ok" : "FAILED"}`).join(", ")} (${lap()})`);

    const pdfPath = path.join(options.outDir, `${issue.slug}.pdf`);
    const reportPath = path.join(options.outDir, `${issue.slug}.json`);
    const report: BuildReport = {
      issue: issue.slug,
      pdf: path.basename(pdfPath),
      pageCount: assembled.pages.length,
      documents: assembled.documents,
      articles: assembled.documents
        .filter((d) => d.kind === "article")
        .map(({ id, title, firstFolio, lastFolio, firstPdfPage, lastPdfPage }) => ({ id, title, firstFolio, lastFolio, firstPdfPage, lastPdfPage })),
      reuse,
      verification,
      warnings: collectMessages(files).filter((m) => m.severity === "warning"),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    if (!verification.passed) {
      // Keep the last good PDF and report; put the failed ones beside them.
      const failedPath = path.join(options.outDir, `${issue.slug}.failed.pdf`);
      await writeAtomic(failedPath, assembled.pdf);
      const failedReport = { ...report, pdf: path.basename(failedPath) };
      await writeAtomic(path.join(options.outDir, `${issue.slug}.failed.json`), JSON.stringify(failedReport, null, 2));
      throw new VerificationError(verification, failedPath);
    }
    await writeAtomic(pdfPath, assembled.pdf);
    await writeAtomic(reportPath, JSON.stringify(report, null, 2) + "\n");
    await fs.rm(path.join(options.outDir, `${issue.slug}.failed.pdf`), { force: true });
    await fs.rm(path.join(options.outDir, `${issue.slug}.failed.json`), { force: true });
    log(`output: ${path.relative(process.cwd(), pdfPath)} (${assembled.pages.length} pages, ${report.seconds} s)`);
    return { pdfPath, reportPath, report, files };
  }

  async close(): Promise<void> {
    // A browser still starting would otherwise be left running.
    await this.starting?.catch(() => undefined);
    await this.forgetPagesNotIn([]);
    await this.engine?.close();
    this.engine = null;
  }

  private startEngine(browserPath: string, allowedPaths: string[]): Promise<LayoutEngine> {
    this.starting = (async () => {
      if (this.engine?.isUsable(allowedPaths)) return this.engine;
      await this.engine?.close();
      this.engine = await LayoutEngine.start({
        browserPath,
        allowedPaths,
        timeoutMs: this.options.timeoutMs ?? 120_000,
        idleTabs: this.concurrency,
        afterLayout: this.options.afterLayout,
      });
      return this.engine;
    })();
    return this.starting;
  }

  private async forgetPagesNotIn(keys: string[]): Promise<void> {
    if (!this.keep) return;
    for (const [key, doc] of this.keep) {
      if (!keys.includes(key)) {
        this.keep.delete(key);
        await doc.dispose();
      }
    }
  }

  /** The document's PDF with its text mapping repaired, read back: cached per variant. */
  private read(doc: RenderedDocument, characters: ReadonlySet<number>): Promise<Reading> {
    const compute = async (): Promise<Reading> => {
      const pdf = await repairDocument(doc.pdf, characters);
      return { pdf, pages: await readPdf(pdf), fonts: await listFonts(pdf), fingerprints: await pageFingerprints(pdf) };
    };
    // The apostrophe repair depends on which modifier letters the issue uses.
    const repairs = [0x02bb, 0x02bc].filter((c) => characters.has(c)).join(",");
    return this.cache.derived(doc.plan.key, `${doc.variant}\0${repairs}`, "reading", compute);
  }
}

/** Every PDF page's reading, in issue order; blank versos read as empty. */
function placeReadings(assembled: AssembledIssue, readings: Reading[], trim: { width: number; height: number }): PageText[] {
  const pages: PageText[] = [];
  const byId = new Map(assembled.documents.map((d, i) => [d.id, readings[i]!]));
  for (const record of assembled.pages) {
    const doc = assembled.documents.find((d) => d.id === record.documentId)!;
    const reading = byId.get(doc.id)!;
    const within = record.index - (doc.firstPdfPage - 1);
    const page = within >= 0 ? reading.pages[within] : undefined;
    const blank = { index: record.index, width: trim.width, height: trim.height, runs: [], lines: [] };
    pages.push(page ? { ...page, index: record.index } : blank);
  }
  return pages;
}

function charactersOf(files: readonly VFile[]): Set<number> {
  const used = new Set<number>();
  for (const file of files) for (const char of String(file.value ?? "")) used.add(char.codePointAt(0)!);
  return used;
}

function pdfMetadata(issue: Issue) {
  const articles = allArticles(issue);
  return {
    title: versoHead(issue.meta),
    author: [...new Set(articles.flatMap((a) => a.authors.map((x) => x.name)))].join("; "),
    subject: issue.meta.theme ?? issue.meta.journal,
    keywords: [...new Set(articles.flatMap((a) => a.keywords))],
    lang: issue.meta.lang,
  };
}
