// pdfjs-dist ships no types for its worker half; Galley only loads it.
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs";
