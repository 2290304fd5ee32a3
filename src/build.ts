/**
 * A whole build: prepare (manuscripts, markdown, images), compose
 * (templates), render (Paged.js), assemble (pdf-lib), verify (read the PDF
 * back), then write the PDF and its report. Each stage is its own module;
 * this one only passes one stage's result to the next.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { VFile } from "vfile";
import { collectMessages, DiagnosticsError, type FormattedMessage } from "./diagnostics.js";
import { allArticles, type Issue } from "./manuscripts/types.js";
import { prepareIssue } from "./prepare.js";
import { projectRoot, assetsDir } from "./paths.js";
import { assemble, type AssembledIssue } from "./postprocess/index.js";
import { ensureBrowser, LayoutEngine, renderDocuments } from "./render/index.js";
import { composeDocuments } from "./templates/compose.js";
import { loadTemplate, versoHead } from "./templates/index.js";
import { verifyIssue, VerificationError, type VerificationResult } from "./verify/index.js";
import { writeAtomic } from "./output.js";

export interface BuildOptions {
  issueDir: string;
  outDir: string;
  /** Documents laid out at once; defaults to the number of cores. */
  concurrency?: number;
  /** Longest one document's layout may take, in ms. */
  timeoutMs?: number;
  /** Folder holding the templates; the project's templates/ by default. */
  templatesDir?: string;
  /** For tests only: see EngineOptions.afterLayout. */
  afterLayout?: string;
  log: (line: string) => void;
}

export interface BuildReport {
  issue: string;
  pdf: string;
  pageCount: number;
  documents: AssembledIssue["documents"];
  articles: { id: string; title: string; firstFolio: number; lastFolio: number; firstPdfPage: number; lastPdfPage: number }[];
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

export async function buildIssue(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  let lapStart = started;
  /** Seconds since the last stage ended, for the progress lines. */
  const lap = () => {
    const now = performance.now();
    const seconds = ((now - lapStart) / 1000).toFixed(1);
    lapStart = now;
    return `${seconds} s`;
  };
  const { log } = options;
  const buildDir = path.join(options.outDir, ".build", path.basename(path.resolve(options.issueDir)));
  const { prepared, files } = await prepareIssue(options.issueDir, { log, rasterDir: path.join(buildDir, "images"), templatesDir: options.templatesDir });
  if (!prepared) throw new DiagnosticsError("The issue has errors; nothing was laid out.", files);
  const { issue } = prepared;

  const template = loadTemplate(issue.template, options.templatesDir);
  const composed = await composeDocuments(prepared, template, buildDir);
  log(`templates: ${template.name}: ${composed.parts.length + 1} documents (prepared in ${lap()})`);

  const browserPath = ensureBrowser(log);
  const engine = await LayoutEngine.start({
    browserPath,
    allowedPaths: [projectRoot, issue.dir, assetsDir, buildDir, template.dir],
    timeoutMs: options.timeoutMs ?? 120_000,
    afterLayout: options.afterLayout,
  });
  let assembled: AssembledIssue;
  try {
    const rendered = await renderDocuments(engine, composed.front, composed.parts, {
      concurrency: options.concurrency ?? os.availableParallelism(),
      timeoutMs: options.timeoutMs,
      log,
    });
    log(`render: ${composed.parts.length + 1} documents laid out and printed (${lap()})`);
    assembled = await assemble(rendered, { trim: template.trim, metadata: pdfMetadata(issue), characters: charactersOf(files) });
  } finally {
    await engine.close();
  }
  log(`postprocess: ${assembled.pages.length} pages assembled (${lap()})`);

  const pdfPath = path.join(options.outDir, `${issue.slug}.pdf`);
  const reportPath = path.join(options.outDir, `${issue.slug}.json`);
  const htmlPaths = new Map([composed.front, ...composed.parts].map((d) => [d.id, d.htmlPath]));
  const verification = await verifyIssue(assembled, prepared, template, htmlPaths);
  log(`verify: ${verification.checks.map((c) => `${c.name} ${c.failures.length === 0 ? "ok" : "FAILED"}`).join(", ")} (${lap()})`);

  const report: BuildReport = {
    issue: issue.slug,
    pdf: path.basename(pdfPath),
    pageCount: assembled.pages.length,
    documents: assembled.documents,
    articles: assembled.documents
      .filter((d) => d.kind === "article")
      .map(({ id, title, firstFolio, lastFolio, firstPdfPage, lastPdfPage }) => ({ id, title, firstFolio, lastFolio, firstPdfPage, lastPdfPage })),
    verification,
    warnings: collectMessages(files).filter((m) => m.severity === "warning"),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  if (!verification.passed) {
    // Keep the last good PDF; put the failed one beside it for inspection.
    const failedPath = path.join(options.outDir, `${issue.slug}.failed.pdf`);
    await writeAtomic(failedPath, assembled.pdf);
    await writeAtomic(path.join(options.outDir, `${issue.slug}.failed.json`), JSON.stringify(report, null, 2));
    throw new VerificationError(verification, failedPath);
  }
  await writeAtomic(pdfPath, assembled.pdf);
  await writeAtomic(reportPath, JSON.stringify(report, null, 2) + "\n");
  await fs.rm(path.join(options.outDir, `${issue.slug}.failed.pdf`), { force: true });
  await fs.rm(path.join(options.outDir, `${issue.slug}.failed.json`), { force: true });
  log(`output: ${path.relative(process.cwd(), pdfPath)} (${assembled.pages.length} pages, ${report.seconds} s)`);
  return { pdfPath, reportPath, report, files };
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
