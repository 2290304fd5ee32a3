import { PDFDocument, PDFName } from "pdf-lib";
import { prepareSheets } from "../src/press/sheet.ts";
import { printGeometry, MM } from "../src/model/print.ts";
const g = printGeometry({ trim: null, bleed: 3, marks: false, pdfx: "x4" }, { width: 170 * MM, height: 240 * MM });
const d = await PDFDocument.create(); const p = d.addPage([300,300]); p.node.set(PDFName.of("Annots"), d.context.obj([]));
const s = await prepareSheets(await d.save(), { geometry: g, marks: false });
console.log(s.getPage(0).node.get(PDFName.of("Annots")));
const s2 = await prepareSheets(await d.save(), { geometry: g, marks: true });
console.log(s2.getPage(0).node.get(PDFName.of("Annots")));
