/**
 * Diagnostics are vfile messages, whichever stage finds them. This module
 * attaches them with a rule id and formats them as
 * `file:line:column: severity: reason [rule]`, all at once.
 */
import path from "node:path";
import { VFile } from "vfile";
import { location } from "vfile-location";
import type { RuleId, SeverityOf } from "./rules.js";

export type Severity = "error" | "warning" | "info";

export interface Place {
  line: number;
  column: number;
}

/**
 * Adds a message to `file`. Errors are marked fatal, warnings are not.
 * Only rules listed in src/rules.ts are accepted, each with its severity
 * there, so the list and the documentation cannot drift from the code.
 */
export function report<R extends RuleId>(
  file: VFile,
  severity: SeverityOf<R>,
  reason: string,
  rule: R,
  place?: Place | number | null,
): void {
  const point = typeof place === "number" ? offsetToPlace(file, place) : (place ?? undefined);
  const message = file.message(reason, { place: point, ruleId: rule, source: "galley" });
  // vfile's own marks: fatal for errors, false for warnings, unset for notes.
  message.fatal = severity === "error" ? true : severity === "warning" ? false : undefined;
}

export function offsetToPlace(file: VFile, offset: number): Place {
  const point = location(file).toPoint(offset);
  return point ? { line: point.line, column: point.column } : { line: 1, column: 1 };
}

export function errorCount(files: readonly VFile[]): number {
  return files.reduce((n, f) => n + f.messages.filter((m) => m.fatal === true).length, 0);
}


export interface FormattedMessage {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  reason: string;
  rule: string;
}

export function collectMessages(files: readonly VFile[], cwd = process.cwd()): FormattedMessage[] {
  const out: FormattedMessage[] = [];
  for (const file of files) {
    for (const m of file.messages) {
      out.push({
        file: file.path ? path.relative(cwd, file.path) || file.path : "<input>",
        line: m.line ?? 1,
        column: m.column ?? 1,
        severity: m.fatal === true ? "error" : m.fatal === false ? "warning" : "info",
        reason: m.reason,
        rule: m.ruleId ?? "galley",
      });
    }
  }
  return out.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}

export function formatMessage(m: FormattedMessage): string {
  return `${m.file}:${m.line}:${m.column}: ${m.severity}: ${m.reason} [${m.rule}]`;
}

/** The full report: one line per message, then a summary line. */
export function formatReport(files: readonly VFile[], cwd = process.cwd()): string {
  const messages = collectMessages(files, cwd);
  if (messages.length === 0) return "";
  const count = (severity: Severity, word: string) => {
    const n = messages.filter((m) => m.severity === severity).length;
    return n ? `${n} ${word}${n === 1 ? "" : "s"}` : "";
  };
  const summary = [count("error", "error"), count("warning", "warning"), count("info", "note")].filter(Boolean).join(", ");
  return [...messages.map(formatMessage), summary].join("\n");
}

/**
 * Thrown by a stage when the issue cannot go further. Carries the files so
 * the caller can print every message, not just the first.
 */
export class DiagnosticsError extends Error {
  constructor(
    message: string,
    readonly files: readonly VFile[],
  ) {
    super(message);
    this.name = "DiagnosticsError";
  }
}

export function newFile(filePath: string, value?: string): VFile {
  return new VFile({ path: filePath, value });
}
