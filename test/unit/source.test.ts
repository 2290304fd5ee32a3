/**
 * Reading input files: bounded in size, strictly UTF-8, with control and
 * bidi characters reported by code, never as raw bytes.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadIssue } from "../../src/manuscripts/load.js";
import { codePointName, firstInvalidUtf8 } from "../../src/manuscripts/source.js";
import { messagesOf, removeDir, tempDir } from "./support.js";

const ISSUE = "journal: J\nvolume: 1\nnumber: 1\nsections:\n  - title: A\n    articles:\n      - a.md\n";
const ARTICLE = "---\ntitle: Tides\n---\n\nThe harbour master kept a ledger.\n";

async function load(files: Record<string, string | Buffer>) {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  try {
    const result = await loadIssue(dir);
    return { issue: result.issue, messages: result.files.flatMap((f) => messagesOf(f).map((m) => ({ file: path.basename(f.path), ...m }))) };
  } finally {
    removeDir(dir);
  }
}

describe("file size", () => {
  it("refuses a 5 MB issue.yaml at once, without reading it", async () => {
    const started = Date.now();
    const { issue, messages } = await load({ "issue.yaml": ISSUE + `theme: "${"x".repeat(5 * 1024 * 1024)}"\n`, "a.md": ARTICLE });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(issue).toBeNull();
    expect(messages).toEqual([
      { file: "issue.yaml", line: 1, column: 1, severity: "error", rule: "file-too-large", reason: "This file is 5.0 MB; Galley reads at most 256 KB here" },
    ]);
  });

  it("refuses a manuscript over 1 MB, and reads nothing of it", async () => {
    const { messages } = await load({ "issue.yaml": ISSUE, "a.md": ARTICLE + "word ".repeat(250_000) });
    expect(messages.map((m) => [m.file, m.rule, m.line])).toEqual([["a.md", "file-too-large", 1]]);
  });
});

describe("UTF-8", () => {
  it("finds the first byte that is not UTF-8", () => {
    expect(firstInvalidUtf8(Buffer.from("plain ascii"))).toBeNull();
    expect(firstInvalidUtf8(Buffer.from("café – naïve 😀"))).toBeNull();
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe9, 0x62]))).toBe(1); // Latin-1 é
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong "/"
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a UTF-16 surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x80]))).toBe(2); // cut short at the end
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
  });

  it("places a bad byte in issue.yaml at its line and column, and goes no further", async () => {
    const latin1 = Buffer.concat([Buffer.from("journal: Caf"), Buffer.from([0xe9]), Buffer.from("\nvolume: 1\n")]);
    const { issue, messages } = await load({ "issue.yaml": Buffer.concat([Buffer.from("# Autumn\n"), latin1]) });
    expect(issue).toBeNull();
    expect(messages).toEqual([
      { file: "issue.yaml", line: 2, column: 13, severity: "error", rule: "not-utf8", reason: "This file is not UTF-8 text (byte 0xE9 here is not UTF-8); save it as UTF-8" },
    ]);
  });

  it("drops a byte-order mark, so that offsets stay true", async () => {
    const { issue, messages } = await load({ "issue.yaml": ISSUE, "a.md": "\ufeff" + ARTICLE });
    expect(messages).toEqual([]);
    expect(String(issue!.sections[0]!.articles[0]!.file.value.slice(0, 3))).toBe("---");
  });
});

describe("characters that cannot be shown", () => {
  it("names them by code point, never raw", () => {
    expect(codePointName(0)).toBe("U+0000 (NUL)");
    expect(codePointName(0x1b)).toBe("U+001B (ESCAPE)");
    expect(codePointName(0x9b)).toBe("U+009B");
    expect(codePointName(0x202e)).toBe("U+202E (RIGHT-TO-LEFT OVERRIDE)");
  });

  it("reports each at its first place, with a count, and allows tab and line ends", async () => {
    const body = "---\ntitle: Tides\n---\r\n\r\nA\tledger\u0007 of \u2066names\u2069.\u0007\n";
    const { messages } = await load({ "issue.yaml": ISSUE, "a.md": body });
    expect(messages.map(({ line, column, rule, reason }) => ({ line, column, rule, reason }))).toEqual([
      { line: 5, column: 9, rule: "control-character", reason: "Control character U+0007 (BEL) cannot be printed; delete it (2 times in this file)" },
      { line: 5, column: 14, rule: "bidi-control", reason: "Bidirectional control U+2066 (LEFT-TO-RIGHT ISOLATE) reorders the text around it unseen; delete it" },
      { line: 5, column: 20, rule: "bidi-control", reason: "Bidirectional control U+2069 (POP DIRECTIONAL ISOLATE) reorders the text around it unseen; delete it" },
    ]);
    for (const m of messages) expect(m.reason).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe("listed paths that are not files", () => {
  it("says a listed folder is a folder", async () => {
    const dir = tempDir({ "issue.yaml": ISSUE.replace("a.md", "folder.md") });
    fs.mkdirSync(path.join(dir, "folder.md"));
    const { files } = await loadIssue(dir);
    expect(messagesOf(files[0]!).map((m) => [m.rule, m.reason])).toEqual([["missing-file", "`folder.md` is a folder, not a file"]]);
    removeDir(dir);
  });
});
