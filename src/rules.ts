/**
 * Every diagnostic rule Galley reports, with its severity and what it
 * means. `report()` accepts only these ids, with the severity given here;
 * docs/manuscripts.md prints `rulesTable()` (a unit test keeps the two
 * the same).
 */
export interface Rule {
  /** An error stops the build; a warning is a likely defect; info says what Galley decided. */
  severity: "error" | "warning" | "info";
  /** One line for production editors, in Markdown. */
  description: string;
}

export const RULES = {
  "missing-issue-file": { severity: "error", description: "The folder has no `issue.yaml`." },
  "cover-left-out": {
    severity: "info",
    description: "The cover has room for only some of the articles: it lists those that fit, in order (or those `cover: featured:` names), and this names the others.",
  },
  "pullquote-left-out": {
    severity: "warning",
    description: "A pull quote found no place at least a page from the article's other pull quotes before its text ran out, so it was left out: cut it, or move it earlier in the manuscript.",
  },
  "file-too-large": {
    severity: "error",
    description: "issue.yaml, template.yaml or a manuscript is bigger than Galley reads (256 KB for YAML files, 1 MB for a manuscript).",
  },
  "not-utf8": { severity: "error", description: "A file is not UTF-8 text; placed at the first byte that is not. Save it as UTF-8." },
  "control-character": {
    severity: "error",
    description: "A control character (NUL, U+0001–U+001F other than tab and line ends, U+007F–U+009F), shown as its code: it prints as nothing or as a box.",
  },
  "bidi-control": {
    severity: "error",
    description: "A bidirectional override, embedding or isolate (U+202A–U+202E, U+2066–U+2069): it reorders the letters on the page unseen.",
  },
  "yaml-syntax": {
    severity: "error",
    description: "The YAML in issue.yaml or a front-matter block cannot be read (including a key given twice). A quote left open is placed at the quote; a value starting with `*` (`title: *Tides*`) is a YAML alias: quote it.",
  },
  "unknown-key": { severity: "error", description: "A key that is not allowed there, with a suggestion when one is close." },
  "missing-field": { severity: "error", description: "A required key is absent (e.g. `title`, `volume`)." },
  "invalid-field": {
    severity: "error",
    description: "A value of the wrong kind: empty or too long text, text instead of a number, an unknown `lang`, a file not ending `.md`, a section without articles.",
  },
  "duplicate-file": { severity: "error", description: "A file is listed twice in issue.yaml (under any spelling, or through a link)." },
  "file-outside-issue": { severity: "error", description: "A file listed in issue.yaml is outside the issue folder." },
  "link-outside": {
    severity: "error",
    description: "A symbolic link (a manuscript, an image, a template file, or a folder on its way) leads outside the issue folder, or for `assets/` and templates outside the project.",
  },
  "missing-file": { severity: "error", description: "A file listed in issue.yaml does not exist, or is a folder." },
  "missing-front-matter": {
    severity: "error",
    description: "A listed file does not start with a `---` front-matter block, or opens one and never closes it. A byte-order mark before the `---` is fine.",
  },
  "unlisted-file": { severity: "warning", description: "A `.md` file in the folder is not listed and will not be printed." },
  "running-head-too-long": {
    severity: "warning",
    description: "The title (with no `short-title`), or the `short-title`, is longer than the 60 characters a running head holds: set or shorten `short-title`.",
  },
  "footnote-in-abstract": { severity: "error", description: "A footnote call in an abstract: abstracts have no notes; it would print as typed." },
  "unknown-template": { severity: "error", description: "`template` names no folder with a `template.yaml` under `templates/`." },
  "template-invalid": {
    severity: "error",
    description: "The template's `template.yaml` (placed at the line) or its files are broken: a message for the designer.",
  },
  "template-missing-partial": {
    severity: "error",
    description: "A `.hbs` file of the template calls a partial (`{{> name}}`) that neither the template nor the one it extends has in `partials/`.",
  },
  "template-unknown-variable": {
    severity: "error",
    description: "A `.hbs` file of the template uses a field its context does not have (docs/templates.md lists every field), placed at the line and column.",
  },
  "template-unknown-helper": {
    severity: "error",
    description: "A `.hbs` file of the template calls a helper that does not exist (the helpers are `if`, `unless`, `each`, `with`, `lookup` and `join`).",
  },
  "template-page-size": {
    severity: "error",
    description: "A template stylesheet sets a page `size`: the trim is given once, in template.yaml, and the `@page` size is made from it.",
  },
  "glyph-missing": {
    severity: "error",
    description: "A character the text face lacks (first place in the file, with a count). Characters in comments are not counted.",
  },
  "heading-level-1": { severity: "error", description: "A `#` heading in a body." },
  "heading-skip": { severity: "warning", description: "A heading more than one level below the one before it." },
  "html-refused": { severity: "error", description: "An HTML tag that could run code or load something (`<script>`, `<iframe>`, `<style>`…)." },
  "html-unsupported": {
    severity: "error",
    description: "An HTML tag that cannot be printed (`<details>`, `<summary>`, `<dialog>`): its folded text would run into the text around it.",
  },
  "html-event-handler": { severity: "error", description: "An `on…` attribute in HTML." },
  "html-remote-url": { severity: "error", description: "A remote or unsafe address in HTML." },
  "footnote-undefined": { severity: "error", description: "A call to a note that is not defined; the call is left out." },
  "footnote-duplicate": { severity: "error", description: "A note label defined twice (the first is used)." },
  "footnote-nested": { severity: "error", description: "A note calling another note." },
  "footnote-empty": { severity: "error", description: "A note with no text." },
  "footnote-unsupported": {
    severity: "error",
    description: "A table, image, code block, heading, block quotation or rule inside a note: a note is set as running text at the foot of its page.",
  },
  "footnote-in-pullquote": {
    severity: "error",
    description: "A footnote call inside a pull quote: the quote repeats the text, so the call belongs there; it is left out.",
  },
  "footnote-unused": { severity: "warning", description: "A note that is never called; it is not printed." },
  "pullquote-empty": { severity: "error", description: "A `:::pullquote` block with nothing in it." },
  "pullquote-not-closed": {
    severity: "error",
    description: "A `:::pullquote` with no closing `:::` line: it would swallow the rest of the article.",
  },
  "directive-not-closed": { severity: "error", description: "Another `:::name` block with no closing `:::` line." },
  "pullquote-not-in-text": { severity: "warning", description: "The pull quote's words are not found in the article." },
  "unknown-directive": { severity: "error", description: "A `:::name` block other than `:::pullquote`." },
  "doi-invalid": {
    severity: "error",
    description: "An article's `doi:` is not a DOI: it must read `10.` then a registrant code, a slash and a suffix (`10.1234/mq.2026.014`), without `https://doi.org/`.",
  },
  "image-remote": { severity: "error", description: "The image is a web address." },
  "image-outside": { severity: "error", description: "The image is outside the issue folder and `assets/`." },
  "image-missing": { severity: "error", description: "The image does not exist." },
  "image-unsupported": { severity: "error", description: "The image is not `.png`, `.jpg`, `.jpeg`, `.svg` or `.webp`." },
  "image-corrupt": {
    severity: "error",
    description: "The image cannot be decoded in full (a truncated or damaged file), has no size, or its contents do not match its extension.",
  },
  "press-image-resolution": {
    severity: "error",
    description: "Press file (`--press`): an image is below 150 ppi at the size it is placed: it prints blurred or blocky. Supply a larger image or place it smaller.",
  },
  "press-image-resolution-low": {
    severity: "warning",
    description: "Press file: an image is below 300 ppi at the size it is placed (but not below 150): it may print soft.",
  },
  "press-font-not-embedded": { severity: "error", description: "Press file: a font is not embedded; the printer would substitute another." },
  "press-rgb": { severity: "error", description: "Press file: RGB colour is left on a page (text, a fill, a rule or an image) after the conversion to CMYK." },
  "press-ink": { severity: "error", description: "Press file: somewhere on the page the four inks together exceed 300 %: the paper cannot take it (set-off, drying)." },
  "press-hairline": { severity: "error", description: "Press file: a line or rule thinner than 0.25 pt, which may not print." },
  "press-page-count": { severity: "error", description: "Press file: the page count is not a multiple of 4, so the pages do not fold into whole sheets." },
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;
export type SeverityOf<R extends RuleId> = (typeof RULES)[R]["severity"];

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}

/** The rules table of docs/manuscripts.md, one rule a row. */
export function rulesTable(): string {
  const rows = Object.entries(RULES).map(([id, rule]) => `| \`${id}\` | ${rule.severity} | ${rule.description} |`);
  return ["| rule | severity | meaning |", "|---|---|---|", ...rows].join("\n");
}
