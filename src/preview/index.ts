/**
 * The live preview: the issue composed as a build composes it, served to
 * a browser that lays each document out with Paged.js in a frame of its
 * own, and composed again on every change to a manuscript, figure,
 * issue.yaml or the template (the watcher watch mode uses). The viewer
 * lays out again only the documents whose content key changed, and shows
 * the manuscripts' messages over the pages.
 */
import path from "node:path";
import { z } from "zod";
import { assetsDir, projectRoot, templatesDir as defaultTemplatesDir } from "../paths.js";
import { oneAtATime, watchFolders } from "../watch.js";
import { DEFAULT_HOST, DEFAULT_PORT } from "./defaults.js";
import { startServer } from "./server.js";
import { PreviewSession } from "./session.js";

const folder = z.string().min(1).transform((p) => path.resolve(p));

export const PreviewOptionsSchema = z.strictObject({
  issueDir: folder,
  templatesDir: folder.default(defaultTemplatesDir),
  /** Where the composed documents are written; the build's output folder by default. */
  outDir: folder,
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65_535).default(DEFAULT_PORT),
  /** The loopback address unless the designer asks for more. */
  host: z.string().min(1).default(DEFAULT_HOST),
  log: z.custom<(line: string) => void>((value) => typeof value === "function", "must be a function"),
});

export type PreviewInput = z.input<typeof PreviewOptionsSchema>;

export interface PreviewHandle {
  url: string;
  close(): Promise<void>;
}

export async function startPreview(input: PreviewInput): Promise<PreviewHandle> {
  const options = PreviewOptionsSchema.parse(input);
  const { issueDir, templatesDir, outDir, log } = options;
  const workDir = path.join(outDir, ".preview", path.basename(issueDir));
  const session = new PreviewSession({ issueDir, templatesDir, workDir });
  const first = await session.refresh();
  report(first.messages.length, first.documents.length, log);

  const server = await startServer({
    host: options.host,
    port: options.port,
    allowedPaths: [projectRoot, issueDir, assetsDir, workDir, templatesDir],
    state: () => session.current,
  });

  if (!["127.0.0.1", "::1", "localhost"].includes(options.host)) {
    log(`preview: listening on ${options.host}: anyone who can reach this machine can read the issue`);
  }

  // One refresh at a time; changes made during one start another when it ends.
  const refresh = oneAtATime(async () => {
    const started = performance.now();
    const before = new Map(session.current.documents.map((d) => [d.id, d.key]));
    const state = await session.refresh();
    const changed = state.documents.filter((d) => before.get(d.id) !== d.key).length;
    log(`preview: ${changed} of ${state.documents.length} documents changed, ${state.messages.length} messages (${Math.round(performance.now() - started)} ms)`);
    server.broadcast();
  });
  const watcher = watchFolders([issueDir, templatesDir], outDir, log, (files) => {
    log(`preview: ${path.relative(process.cwd(), files.at(-1)!)} changed`);
    void refresh();
  });

  return {
    url: server.url,
    close: async () => {
      await watcher.close();
      await refresh.idle();
      await server.close();
    },
  };
}

function report(messages: number, documents: number, log: (line: string) => void): void {
  log(`preview: ${documents} documents${messages ? `, ${messages} messages (shown over the pages)` : ""}`);
}
