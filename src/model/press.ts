/**
 * What the JSON report says of the press file (`--press`): its name, the
 * PDF/X it is, the profile of its output intent, and the preflight's
 * findings, each with its rule and page.
 */
import type { RuleId } from "../rules.js";

export interface PressFinding {
  rule: RuleId;
  severity: "error" | "warning";
  /** 1-based; null for the whole file. */
  page: number | null;
  detail: string;
}

export interface PressReport {
  pdf: string;
  pdfx: "x4" | "x1a";
  outputIntent: string;
  passed: boolean;
  findings: PressFinding[];
}
