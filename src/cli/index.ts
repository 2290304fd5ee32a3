/**
 * The command line: turns argv into options for the library and prints
 * what comes back. All the work is done in the stage modules. `main`
 * returns the exit code instead of exiting, so tests can run it in-process.
 */
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { z } from "zod";
import { DiagnosticsError, errorCount, formatReport } from "../diagnostics.js";
import { defaultIssueDir, defaultOutDir } from "../paths.js";
import { prepareIssue } from "../prepare.js";
import { generateIssue, generateVariedIssue } from "../generate/index.js";
import { DEFAULT_HOST, DEFAULT_PORT } from "../preview/defaults.js";

export interface CliIo {
  /** Progress and reports: stderr for the real command. */
  log: (line: string) => void;
}

const WholeNumber = z.coerce.number().int().min(1, "must be a whole number of 1 or more");

/** Commander's parser for a whole-number flag: the flag's value through zod. */
function positiveInt(value: string): number {
  const parsed = WholeNumber.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]!.message);
  return parsed.data;
}

const PortNumber = z.coerce.number().int().min(0, "must be a port number, 0 to 65535").max(65_535, "must be a port number, 0 to 65535");

function port(value: string): number {
  const parsed = PortNumber.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]!.message);
  return parsed.data;
}

const Pdfx = z.enum(["x4", "x1a"], { error: "must be x4 or x1a" });

/** Commander's parser for --pdfx. */
function pdfxFlavour(value: string): "x4" | "x1a" {
  const parsed = Pdfx.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]!.message);
  return parsed.data;
}

/** The build command's flags, as commander hands them over. */
const BuildFlags = z.strictObject({
  out: z.string(),
  concurrency: WholeNumber.optional(),
  timeout: WholeNumber.optional(),
  cache: z.boolean(),
  watch: z.boolean().optional(),
  strict: z.boolean().optional(),
  template: z.string().optional(),
  offprints: z.boolean().optional(),
  press: z.boolean().optional(),
  pdfx: Pdfx.optional(),
  proof: z.boolean().optional(),
  lineNumbers: z.boolean().optional(),
});

export async function main(argv: string[], io: CliIo = { log: (line) => process.stderr.write(`${line}\n`) }): Promise<number> {
  const { log } = io;
  let exitCode = 0;

  const program = new Command("galley")
    .description("Typesets a journal issue from Markdown manuscripts into a verified print PDF.")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => log(text.trimEnd()), writeErr: (text) => log(text.trimEnd()) });

  program
    .command("build", { isDefault: true })
    .description("build the issue's PDF and report")
    .argument("[issue-folder]", "folder holding issue.yaml", defaultIssueDir)
    .option("--out <dir>", "where to write <issue>.pdf and <issue>.json", defaultOutDir)
    .option("--concurrency <n>", "documents laid out at once (default: number of cores)", positiveInt)
    .option("--timeout <seconds>", "longest one document's layout may take", positiveInt)
    .option("--no-cache", "lay out every document afresh, ignoring earlier builds")
    .option("--watch", "keep the browser warm and rebuild whenever a manuscript or the template changes")
    .option("--strict", "refuse the PDF for findings on the pages' finish (holes, widows, hyphens…), not only warn")
    .option("--template <name>", "set the issue in this template instead of the one issue.yaml names")
    .option("--offprints", "also write offprints/<article>.pdf: each article's pages from the issue, with a citation line")
    .option("--press", "also write <issue>.press.pdf: CMYK PDF/X for the printer, preflighted")
    .option("--pdfx <flavour>", "the press file's PDF/X: x4 or x1a (default: issue.yaml's print: pdfx:, else x4)", pdfxFlavour)
    .option("--proof", "also write <issue>.proof.pdf: watermarked, with crop marks")
    .option("--line-numbers", "number the proof's lines in the margin, from 1 on each page (implies --proof)")
    .action(async (issueFolder: string, flags: unknown) => {
      const options = BuildFlags.parse(flags);
      const buildOptions = {
        issueDir: issueFolder,
        outDir: options.out,
        concurrency: options.concurrency,
        timeoutMs: options.timeout ? options.timeout * 1000 : null,
        cache: options.cache,
        strict: options.strict ?? false,
        template: options.template ?? null,
        offprints: options.offprints ?? false,
        press: options.press ?? false,
        pdfx: options.pdfx ?? null,
        proof: options.proof ?? false,
        lineNumbers: options.lineNumbers ?? false,
        log,
      };
      // Imported here so that `check` never loads the browser, pdf-lib or pdfjs.
      const { buildIssue } = await import("../build.js");
      if (options.watch) {
        const { watchIssue } = await import("../watch.js");
        const handle = watchIssue(buildOptions, (result, error) => {
          if (result) {
            const report = formatReport(result.files);
            if (report) log(report);
          } else {
            fail(error, log);
          }
          log("watch: waiting for changes (Ctrl-C to stop)");
        });
        await handle.ready;
        // Runs until interrupted; the render stage's exit hook closes the browsers on Ctrl-C.
        await new Promise<never>(() => undefined);
      }
      try {
        const result = await buildIssue(buildOptions);
        const report = formatReport(result.files);
        if (report) log(report);
      } catch (error) {
        exitCode = 1;
        fail(error, log);
      }
    });

  program
    .command("check")
    .description("check the manuscripts without laying anything out")
    .argument("[issue-folder]", "folder holding issue.yaml", defaultIssueDir)
    .option("--template <name>", "check against this template instead of the one issue.yaml names")
    .action(async (issueFolder: string, flags: { template?: string }) => {
      const { files } = await prepareIssue(path.resolve(issueFolder), { log, template: flags.template ?? null });
      const report = formatReport(files);
      if (report) log(report);
      if (errorCount(files) > 0) exitCode = 1;
      else log("check: no errors");
    });

  program
    .command("preview")
    .description("serve the issue's pages as Paged.js lays them out, laid out again as files change")
    .argument("[issue-folder]", "folder holding issue.yaml", defaultIssueDir)
    .option("--port <n>", `port to listen on (0: any free one)`, port, DEFAULT_PORT)
    .option("--host <address>", `address to listen on; only this machine unless widened`, DEFAULT_HOST)
    .option("--templates <dir>", "folder holding the templates (default: the project's templates/)")
    .option("--out <dir>", "where the preview's working files go, under .preview/", defaultOutDir)
    .action(async (issueFolder: string, flags: { port: number; host: string; templates?: string; out: string }) => {
      const { startPreview } = await import("../preview/index.js");
      let handle;
      try {
        handle = await startPreview({ issueDir: issueFolder, templatesDir: flags.templates, outDir: flags.out, port: flags.port, host: flags.host, log });
      } catch (error) {
        const code = (error as { code?: string }).code;
        log(code === "EADDRINUSE" ? `preview: port ${flags.port} is in use: choose another with --port` : `preview failed: ${(error as Error).message}`);
        exitCode = 1;
        return;
      }
      log(`preview: ${handle.url} (Ctrl-C to stop)`);
      // Serves until interrupted.
      await new Promise<never>(() => undefined);
    });

  program
    .command("generate")
    .description("write a synthetic issue folder, for tests and benchmarks")
    .argument("<out-folder>", "folder to create")
    .option("--articles <n>", "number of articles", positiveInt, 6)
    .option("--seed <n>", "seed; the same seed gives the same issue", positiveInt, 1)
    .option("--paragraphs <n>", "paragraphs per article", positiveInt, 24)
    .option("--varied", "an issue of varied shapes drawn from the seed (ignores --articles and --paragraphs)")
    .option("--max-pages <n>", "with --varied: longest article, in pages", positiveInt)
    .action(async (outFolder: string, options: { articles: number; seed: number; paragraphs: number; varied?: boolean; maxPages?: number }) => {
      const dir = path.resolve(outFolder);
      const written = options.varied
        ? await generateVariedIssue(dir, { seed: options.seed, maxPages: options.maxPages })
        : await generateIssue(dir, options);
      log(`generate: ${written.articles} articles in ${path.relative(process.cwd(), written.dir) || "."}`);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    // Commander has already printed usage problems through configureOutput.
    const { code, exitCode: commanderExit } = error as { code?: string; exitCode?: number };
    if (typeof code === "string" && code.startsWith("commander.") && typeof commanderExit === "number") return commanderExit;
    // Anything else is a fault of Galley's own: say so, never exit silently.
    log(`galley: internal error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.GALLEY_DEBUG && error instanceof Error) log(error.stack ?? "");
    return 1;
  }
  return exitCode;
}

function fail(error: unknown, log: (line: string) => void): void {
  const isVerificationError = (e: unknown): e is Error & { failedPdf: string } => e instanceof Error && e.name === "VerificationError";
  if (error instanceof Error && error.name === "PressError") {
    log(error.message);
    log("build failed: the press file did not pass the preflight; the screen PDF and report were written");
    return;
  }
  if (error instanceof DiagnosticsError) {
    log(formatReport(error.files));
    log(`build failed: ${error.message}`);
  } else if (isVerificationError(error)) {
    log(error.message);
    log(
      `build failed: the PDF did not pass verification. The previous PDF and report, if any, were left as they were; ` +
        `the failed PDF is ${path.relative(process.cwd(), error.failedPdf)} for inspection`,
    );
  } else if (error instanceof Error) {
    log(`build failed: ${error.message}`);
    if (process.env.GALLEY_DEBUG) log(error.stack ?? "");
  } else {
    log(`build failed: ${String(error)}`);
  }
}

