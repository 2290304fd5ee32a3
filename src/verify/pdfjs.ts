/**
 * pdfjs-dist, loaded on first use. Its legacy build (the one meant for
 * Node) bundles core-js, which on Node 20's V8 replaces Array.prototype.push
 * for the whole process with a JavaScript version: measured, reading an
 * issue's PDFs back took 40 % longer with it, and every other push in the
 * build paid too. The polyfill only fixes arrays longer than 2³² items
 * (https://github.com/zloirock/core-js/issues/1360), so the native push is
 * put back once both halves of pdfjs are loaded. The worker half is loaded
 * here too, so pdfjs finds it on globalThis and runs it in this thread
 * instead of importing it later, after the push was put back.
 */
type Pdfjs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

let loading: Promise<Pdfjs> | null = null;

export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    const nativePush = Array.prototype.push;
    try {
      const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
      await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
      return pdfjs;
    } finally {
      Object.defineProperty(Array.prototype, "push", { value: nativePush, writable: true, configurable: true, enumerable: false });
    }
  })();
  return loading;
}
