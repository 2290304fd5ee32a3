/**
 * What the preview shows, made again on every change: the issue prepared
 * and composed exactly as a build does (prepareIssue, composeDocuments),
 * but not laid out here: each document's HTML is handed to the viewer,
 * where Paged.js lays it out in the designer's own browser. Each document
 * keeps the content key the build gives it, so the viewer lays out again
 * only the documents whose key changed.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { collectMessages, formatMessage } from "../diagnostics.js";
import { prepareIssue } from "../prepare.js";
import type { RenderedBody } from "../model/documents.js";
import { composeDocuments } from "../templates/compose.js";
import { previewHtml } from "./rewrite.js";

export interface PreviewDocument {
  id: string;
  kind: "front" | "article" | "back";
  title: string;
  /** Changes whenever the document's HTML or its template does. */
  key: string;
  html: string;
}

export interface PreviewMessage {
  severity: "error" | "warning" | "info";
  /** file:line:column: severity: message [rule], as `npm run check` prints it. */
  text: string;
}

export interface PreviewState {
  /** Counts the states made, so the viewer can tell a new one. */
  version: number;
  title: string;
  /** The issue ends on a multiple of this many pages (issue.yaml's print.pad-to). */
  padTo: number;
  /** The last documents that composed without errors: kept while a manuscript has one. */
  documents: PreviewDocument[];
  /** The messages of the last run; the overlay shows them. */
  messages: PreviewMessage[];
}

export interface PreviewSessionOptions {
  issueDir: string;
  templatesDir: string;
  /** Where the composed HTML and rasterised figures are written. */
  workDir: string;
}

export class PreviewSession {
  private readonly memo = new Map<string, RenderedBody>();
  private state: PreviewState = { version: 0, title: "", padTo: 1, documents: [], messages: [] };

  constructor(private readonly options: PreviewSessionOptions) {}

  get current(): PreviewState {
    return this.state;
  }

  /** Prepares and composes the issue again; on errors, keeps the documents of the last good run. */
  async refresh(): Promise<PreviewState> {
    const { issueDir, templatesDir, workDir } = this.options;
    const quiet = () => undefined;
    const version = this.state.version + 1;
    try {
      const { prepared, template, files } = await prepareIssue(issueDir, {
        log: quiet,
        imagesDir: path.join(workDir, "images"),
        templatesDir,
        memo: this.memo,
      });
      const messages = collectMessages(files).map((m) => ({ severity: m.severity, text: formatMessage(m) }));
      if (!prepared) {
        this.state = { ...this.state, version, messages };
        return this.state;
      }
      const composed = await composeDocuments(prepared, template, workDir, template.fingerprint);
      const documents = await Promise.all(
        [composed.front, ...composed.parts].map(async (plan) => ({
          id: plan.id,
          kind: plan.kind,
          title: plan.title,
          key: plan.key,
          html: previewHtml(await fs.readFile(plan.htmlPath, "utf8"), plan.id),
        })),
      );
      const { meta } = prepared.issue;
      this.state = { version, title: `${meta.journal} ${meta.volume}.${meta.number}`, padTo: prepared.issue.padTo, documents, messages };
    } catch (error) {
      // A template that fails while composing (a helper given a bad value,
      // a missing partial) is shown like a manuscript's problem.
      const text = `${path.relative(process.cwd(), templatesDir) || templatesDir}: error: ${error instanceof Error ? error.message : String(error)}`;
      this.state = { ...this.state, version, messages: [{ severity: "error", text }] };
    }
    return this.state;
  }
}
