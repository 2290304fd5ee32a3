/**
 * Synthetic issues, written deterministically from a seed: the plain one for
 * tests and benchmarks (synthetic.ts), and varied ones that explore the
 * shapes real issues take (varied.ts).
 */
export { generateIssue, type GenerateOptions } from "./synthetic.js";
export { generateVariedIssue, type VariedOptions, type VariedSummary } from "./varied.js";
