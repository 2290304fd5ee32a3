/**
 * A whole build, as the list of its stages: prepare → compose → render →
 * proof each document → assemble → verify the issue → write. Each step is
 * one call into its stage; see docs/architecture.md for what each hands
 * the next.
 *
 * A BuildSession keeps what makes the next build of the same issue fast:
 * the renderer (browser, layout cache, pages kept open in watch mode) and
 * each document's proof. `buildIssue` is one session, one build.
 */
import path from "node:path";
import type { VFile } from "vfile";
import { collectMessages, DiagnosticsError } from "./diagnostics.js";
import { allManuscripts } from "./model/issue.js";
import { contentKey, type RenderedBody, type RenderedDocument, type RenderedIssue } from "./model/documents.js";
import { resolveBuildOptions, type BuildInput, type BuildOptions } from "./options.js";
import { writeIssue, type WrittenIssue } from "./output.js";
import { printGeometry } from "./model/print.js";
import { ensureGhostscript, pressIssue, pressPath, pressReport, pressSummary, writePress } from "./press/index.js";
import { writeProof } from "./press/proof.js";
import { assetsDir, projectRoot } from "./paths.js";
import { assemble, type PageRecord } from "./postprocess/index.js";
import { issueDate } from "./postprocess/metadata.js";
import { makeOffprints } from "./postprocess/offprints.js";
import { prepareIssue } from "./prepare.js";
import { engineFingerprint, ensureBrowser, findBrowser, Renderer, reportLeftOut, reportLeftOutQuotes } from "./render/index.js";
import { composeDocuments } from "./templates/compose.js";
import { finishSummary, ProofCache, verifyIssue, type CheckResult } from "./verify/index.js";

export type { BuildInput, BuildOptions } from "./options.js";
export type { BuildReport } from "./output.js";

export interface BuildResult extends WrittenIssue {
  files: VFile[];
  /** The page map: what each page of the PDF is (cover, opening, blank…). */
  pages: PageRecord[];
  /** With `--press`: `<issue>.press.pdf`. */
  pressPath?: string;
  /** With `--proof` or `--line-numbers`: `<issue>.proof.pdf`. */
  proofPath?: string;
}

/** One build, start to finish. */
export async function buildIssue(input: BuildInput): Promise<BuildResult> {
  const session = new BuildSession(input);
  try {
    return await session.build();
  } finally {
    await session.close();
  }
}

export class BuildSession {
  readonly options: BuildOptions;
  private readonly renderer: Renderer;
  private readonly proofs = new ProofCache();
  /** Bodies rendered by earlier builds: see PrepareOptions.memo. */
  private readonly bodies = new Map<string, RenderedBody>();

  constructor(input: BuildInput) {
    this.options = resolveBuildOptions(input);
    const { buildDir, cache, keepPages, concurrency, timeoutMs, afterLayout, log } = this.options;
    this.renderer = new Renderer({ cacheDir: cache ? path.join(buildDir, "cache") : null, keepPages, concurrency, timeoutMs, afterLayout, log });
  }

  async build(): Promise<BuildResult> {
    const { options, renderer } = this;
    const { log } = options;
    const clock = new Stopwatch();
    const allowedPaths = [projectRoot, options.issueDir, assetsDir, options.buildDir, options.templatesDir];
    // Chromium starts while the manuscripts are read (half a second) when
    // it is there already; one that must be installed waits for a clean check.
    const foundBrowser = findBrowser();
    if (foundBrowser) void renderer.start(foundBrowser, allowedPaths);
    // Its version line is a process of its own, run beside the Markdown stage.
    const foundEngine = foundBrowser ? engineFingerprint(foundBrowser) : null;
    // Read when the documents are composed; a build stopped before that never asks.
    foundEngine?.catch(() => undefined);

    const { prepared, template, files } = await prepareIssue(options.issueDir, {
      log,
      imagesDir: path.join(options.buildDir, "cache", "images"),
      templatesDir: options.templatesDir,
      template: options.template,
      memo: this.bodies,
    });
    if (!prepared) throw new DiagnosticsError("The issue has errors; nothing was laid out.", files);
    // A press file needs Ghostscript: said before anything is laid out.
    if (options.press) ensureGhostscript(log);
    const browserPath = foundBrowser ?? ensureBrowser(log);
    // The test-only hook changes layouts, so it is part of their key.
    const layoutKey = contentKey(template.fingerprint, await (foundEngine ?? engineFingerprint(browserPath)), options.afterLayout ?? "");
    const geometry = printGeometry(prepared.issue.print, template.trim);
    const composed = await composeDocuments(prepared, template, options.buildDir, layoutKey, geometry);
    log(`templates: ${template.name}: ${composed.parts.length + 1} documents (prepared in ${clock.lap()})`);

    if (!foundBrowser) void renderer.start(browserPath, allowedPaths);
    const proofs = this.proofs.forBuild(charactersOf(files), { left: geometry.bleed, top: geometry.bleed, ...geometry.trim });
    const rendered = await renderer.render(composed, proofs.start);
    reportLeftOut(prepared.issue.file, rendered.front, composed.parts);
    reportLeftOutQuotes(allManuscripts(prepared.issue), rendered.parts);
    const reuse = reuseOf(rendered);
    log(`render: ${composed.parts.length + 1} documents: ${reuse.layout} laid out, ${reuse.reprint} printed again, ${reuse.cache} from the cache (${clock.lap()})`);

    const documents = await proofs.all(rendered);
    const { issue } = prepared;
    const { padTo } = issue;
    const date = issueDate({ sourceDateEpoch: process.env.SOURCE_DATE_EPOCH, date: issue.meta.date, year: issue.meta.year });
    const unnumbered = template.config["page-labels"].unnumbered;
    const assembled = await assemble(documents, {
      geometry,
      metadata: composed.metadata,
      padTo,
      date,
      unnumbered,
      outline: { sections: issue.sections.map((s) => ({ title: s.title, ids: s.articles.map((a) => a.id) })), contents: prepared.labels.contents },
    });
    log(`postprocess: ${assembled.pages.length} pages assembled (${clock.lap()})`);

    const verification = await verifyIssue({ assembled, documents, template, geometry, padTo, strict: options.strict });
    log(`verify: ${verification.checks.map(checkLine).join(", ")} (${clock.lap()})`);
    for (const check of verification.checks) for (const why of check.undecided ?? []) log(`verify: warning: ${check.name}: ${why}`);
    log(`finish: ${finishSummary(verification.finish)}${verification.finish.findings.length ? ` (${options.strict ? "errors" : "warnings"}; each with its page in the report)` : ""}`);

    // Offprints and the press file are made from the verified PDF only.
    const offprints =
      options.offprints && verification.passed
        ? await makeOffprints({
            pdf: assembled.pdf,
            issue,
            labels: prepared.labels,
            pages: assembled.pages,
            documents: assembled.documents,
            layout: new Map(documents.map((d) => [d.plan.id, d.pages])),
            fonts: template.config.fonts,
            date,
            unnumbered,
          })
        : [];
    if (offprints.length > 0) log(`offprints: ${offprints.length} articles (${clock.lap()})`);
    const pressGeometry = options.pdfx ? { ...geometry, pdfx: options.pdfx } : geometry;
    const press = options.press && verification.passed ? await pressIssue(assembled.pdf, { geometry: pressGeometry, colours: template.config.colours, workDir: options.buildDir, log }) : null;
    if (press) log(`press: PDF/X (${press.flavour}), ${pressSummary(press.findings)} (${clock.lap()})`);

    const warnings = collectMessages(files).filter((m) => m.severity === "warning");
    const pressFile = press ? pressPath(options.outDir, options.slug, press.passed) : null;
    const report = {
      issue: options.slug,
      template: { name: template.name, zones: template.config.zones, labels: prepared.labels },
      reuse,
      verification,
      warnings,
      seconds: clock.total(),
      ...(press && pressFile ? { press: pressReport(press, pressFile) } : {}),
    };
    const written = await writeIssue(options.outDir, options.slug, assembled, report, offprints);
    log(`output: ${path.relative(process.cwd(), written.pdfPath)} (${assembled.pages.length} pages, ${written.report.seconds} s)`);
    const extra: Pick<BuildResult, "pressPath" | "proofPath"> = {};
    if (options.proof || options.lineNumbers) {
      const { outDir, slug, issueDir, lineNumbers } = options;
      extra.proofPath = await writeProof(assembled, { outDir, slug, issueDir, lineNumbers, zones: template.zones, geometry });
      log(`output: ${path.relative(process.cwd(), extra.proofPath)} (proof${options.lineNumbers ? ", lines numbered" : ""})`);
    }
    if (press) {
      extra.pressPath = await writePress(options.outDir, options.slug, press);
      log(`output: ${path.relative(process.cwd(), extra.pressPath)} (press, PDF/X ${press.flavour})`);
    }
    return { ...written, ...extra, files, pages: assembled.pages };
  }

  close(): Promise<void> {
    return this.renderer.close();
  }
}

function checkLine(check: CheckResult): string {
  return `${check.name} ${check.failures.length > 0 ? "FAILED" : check.undecided?.length ? "not checked" : "ok"}`;
}

/** How many documents were laid out, printed again, or taken from the cache. */
function reuseOf(rendered: RenderedIssue): Record<RenderedDocument["source"], number> {
  const reuse = { layout: 0, reprint: 0, cache: 0 };
  for (const doc of [rendered.front, ...rendered.parts]) reuse[doc.source]++;
  return reuse;
}

/** Seconds for the progress lines: since the last stage ended, and in all. */
class Stopwatch {
  private readonly started = performance.now();
  private lapStart = this.started;

  lap(): string {
    const now = performance.now();
    const text = `${((now - this.lapStart) / 1000).toFixed(1)} s`;
    this.lapStart = now;
    return text;
  }

  total(): number {
    return Math.round((performance.now() - this.started) / 100) / 10;
  }
}

/** Every code point the manuscripts use: the text-map repair depends on it. */
function charactersOf(files: readonly VFile[]): Set<number> {
  const used = new Set<number>();
  for (const file of files) for (const char of String(file.value ?? "")) used.add(char.codePointAt(0)!);
  return used;
}
