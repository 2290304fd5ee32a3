/** Reading a PDF back with pdfjs-dist, as verification does. */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { readPdf } from "../../src/verify/read.js";

async function pdfWithText(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([400, 600]);
  lines.forEach((text, i) => page.drawText(text, { x: 50, y: 500 - i * 20, size: 12, font }));
  return doc.save();
}

describe("readPdf", () => {
  it("reads each line's text and places it from the top of the page", async () => {
    const [page] = await readPdf(await pdfWithText(["First line", "Second line"]));
    expect(page!.lines.map((l) => l.text)).toEqual(["First line", "Second line"]);
    expect(page!.lines[0]!.y).toBeCloseTo(100, 0);
    expect(page!.height).toBe(600);
  });

  it("leaves Node's Array.prototype.push native once pdfjs is loaded", () => {
    // pdfjs-dist's legacy build installs a slow JavaScript push from core-js
    // on Node 20. The test runner loads modules its own way, so this runs
    // in a plain Node process, as the galley command does.
    // core-js makes its functions print as native code: compare identities.
    const script = [
      `const native = Array.prototype.push;`,
      `const { readPdf } = await import(${JSON.stringify(path.resolve("src/verify/read.ts"))});`,
      `const { PDFDocument } = await import("pdf-lib");`,
      `const doc = await PDFDocument.create(); doc.addPage();`,
      `await readPdf(await doc.save());`,
      `process.stdout.write(String(Array.prototype.push === native));`,
    ].join("\n");
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(out).toBe("true");
  });
});
