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
  const run = oneAtATime(async () => {
    try {
      onBuild(await session.build(), null);
    } catch (error) {
      onBuild(null, error);
    }
  });

  const changes = watchFolders([options.issueDir, options.templatesDir], options.outDir, options.log, (files) => {
    options.log(`watch: ${path.relative(process.cwd(), files.at(-1)!)} changed`);
    void run();
  });

  return {
    ready: run(),
    close: async () => {
      await changes.close();
      await run.idle();
      await session.close();
    },
  };
}

/**
 * `work` run one at a time: a call while it runs asks for one more run
 * when it ends (however many calls came), and waits for that. `idle()`
 * waits for whatever is running.
 */
export function oneAtATime(work: () => Promise<void>): { (): Promise<void>; idle(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await work();
      } while (again);
    })().finally(() => (running = null));
    return running;
  };
  return Object.assign(run, { idle: async () => void (await running) });
}

/**
 * Calls `onChange` with the files changed, once a burst of changes under
 * `folders` has settled (60 ms of quiet), ignoring anything under `ignore`
 * (the build's own output). Watch mode and the preview both use it.
 */
export function watchFolders(
  folders: string[],
  ignore: string,
  log: (line: string) => void,
  onChange: (files: string[]) => void,
): { close(): Promise<void> } {
  const watcher = chokidar.watch(folders, {
    ignoreInitial: true,
    ignored: (file) => file.startsWith(ignore),
    awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 },
  });
  watcher.on("error", (error) => log(`watch: ${(error as Error).message}`));
  let timer: NodeJS.Timeout | undefined;
  let changed: string[] = [];
  watcher.on("all", (_event, file) => {
    clearTimeout(timer);
    if (!changed.includes(file)) changed.push(file);
    timer = setTimeout(() => {
      const files = changed;
      changed = [];
      onChange(files);
    }, 60);
  });
  return {
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
