/**
 * The layout queue: how a document gets a tab to be laid out in, what
 * happens to it after, and what a crash or a failure does to the rest.
 * schedule.ts decides which documents go in and with what work.
 */
import fs from "node:fs";
import pLimit from "p-limit";
import type { DocumentPlan } from "../model/documents.js";
import type { LayoutEngine } from "./engine.js";
import type { KeptPages } from "./kept-pages.js";
import { LayoutCrashError, type LaidOutDocument } from "./types.js";

export interface QueueOptions {
  concurrency: number;
  /** Fixed layout time limit per document; by default it scales with size. */
  timeoutMs?: number;
  log: (line: string) => void;
  kept?: KeptPages;
}

export interface AttemptOptions {
  /** Kept open after `work`: the front matter, printed once every folio is known. */
  printLater?: boolean;
  /** In the late queue: see LayoutQueue.attempt. */
  late?: boolean;
}

/**
 * A document's layout time limit: a minute, plus a second for every 4 KB
 * of HTML (about a page). Normal layouts take a second or two per article.
 */
export function scaledTimeout(htmlBytes: number): number {
  return 60_000 + Math.ceil(htmlBytes / 4096) * 1000;
}

export class LayoutQueue {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly lateLimit: ReturnType<typeof pLimit>;
  /** Documents laid out and not closed yet. */
  private readonly open = new Set<LaidOutDocument>();
  /** The first document's failure: queued work then ends at once instead of starting. */
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly engine: LayoutEngine,
    private readonly options: QueueOptions,
  ) {
    const slots = Math.max(1, options.concurrency);
    this.limit = pLimit(slots);
    this.lateLimit = pLimit(slots);
  }

  /** Records `error` as the build's failure unless one came first, and returns the first. */
  fail(error: unknown): unknown {
    this.failure ??= { error };
    return this.failure.error;
  }

  /**
   * Lays out `plan`, then runs `work` on it (waiting for its folios,
   * printing), retrying both once in a new browser after a crash. A queued
   * task holds one of `concurrency` slots throughout, so at most that many
   * tabs are busy in the first queue: tasks are queued in document order,
   * and each waits only for documents ahead of it. (Letting a document
   * laid out before the one ahead of it give up its slot while it waits
   * for its folios took 4 % off a cold 160-page build and added 100–130 MB
   * to its peak memory, measured: left out.) A late task (a cached layout
   * whose PDF for its new folios is missing) has a queue of its own: in
   * the first one it would wait behind documents that wait for it, and
   * unqueued, an edit that moves fifty articles would open fifty tabs at
   * once. Its folios are placed before it starts, so nothing waits for it.
   * The document is closed after `work` unless it is a kept page (watch
   * mode) or `printLater` asks for it.
   */
  attempt<T>(plan: DocumentPlan, work: (doc: LaidOutDocument) => Promise<T>, options: AttemptOptions = {}): Promise<T> {
    const queued = async (): Promise<T> => {
      if (this.failure) throw this.failure.error;
      for (let tries = 1; ; tries++) {
        let doc: LaidOutDocument | undefined;
        let keepOpen = options.printLater ?? false;
        try {
          doc = await this.engine.layout(plan.id, plan.htmlPath, this.timeoutFor(plan));
          this.open.add(doc);
          return await work(doc);
        } catch (error) {
          keepOpen = false;
          await this.retries(plan, error, tries);
        } finally {
          if (doc && !keepOpen) await this.close(plan, doc);
        }
      }
    };
    return (options.late ? this.lateLimit : this.limit)(queued);
  }

  /** Closes every document still open, but kept pages (watch mode). */
  async closeAll(): Promise<void> {
    const { kept } = this.options;
    await Promise.all([...this.open].filter((doc) => !kept?.includes(doc)).map((doc) => doc.dispose()));
  }

  private timeoutFor(plan: DocumentPlan): number {
    return this.options.timeoutMs ?? scaledTimeout(fs.statSync(plan.htmlPath).size);
  }

  /** A crash is retried once, in a new browser (after this returns); anything else stops the build. */
  private async retries(plan: DocumentPlan, error: unknown, tries: number): Promise<void> {
    if (!(error instanceof LayoutCrashError) || tries > 1) {
      this.fail(error);
      throw error;
    }
    this.options.log(`render: ${plan.id}: ${error.message}; retrying once in a new browser`);
    await this.engine.recover(error.generation);
  }

  private async close(plan: DocumentPlan, doc: LaidOutDocument): Promise<void> {
    if (this.options.kept?.isKeptAs(plan.key, doc)) return;
    this.open.delete(doc);
    await doc.dispose();
  }
}
