/**
 * Watch mode: one build session kept warm (browser running, layouts
 * cached, laid-out pages kept open), rebuilt whenever a manuscript, the
 * issue file or the template changes. Rebuilds run one at a time; changes
 * made during a build start one more when it ends.
 */
import path from "node:path";
import chokidar from "chokidar";
import { BuildSession, type BuildInput, type BuildResult } from "./build.js";

export interface WatchHandle {
  /** Resolves when the first build has finished, passed or failed. */
  ready: Promise<void>;
  /** Stops watching and closes the browser. */
  close(): Promise<void>;
}

export function watchIssue(
  input: BuildInput,
  onBuild: (result: BuildResult | null, error: unknown) => void,
): WatchHandle {
  const session = new BuildSession({ ...input, keepPages: true });
  const { options } = session;
  let running: Promise<void> | null = null;
  let again = false;

  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          onBuild(await session.build(), null);
        } catch (error) {
          onBuild(null, error);
        }
      } while (again);
    })().finally(() => (running = null));
    return running;
  };

  const watcher = chokidar.watch([options.issueDir, options.templatesDir], {
    ignoreInitial: true,
    ignored: (file) => file.startsWith(options.outDir),
    awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 },
  });
  watcher.on("error", (error) => options.log(`watch: ${(error as Error).message}`));
  let timer: NodeJS.Timeout | undefined;
  watcher.on("all", (_event, file) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      options.log(`watch: ${path.relative(process.cwd(), file)} changed`);
      void run();
    }, 60);
  });

  return {
    ready: run(),
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
      await running;
      await session.close();
    },
  };
}
