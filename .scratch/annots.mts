import { PDFDocument, PDFName } from "pdf-lib";
const d = await PDFDocument.create(); const p = d.addPage([300,300]); p.node.set(PDFName.of("Annots"), d.context.obj([]));
const l = await PDFDocument.load(await d.save()); const q = l.getPage(0); q.node.delete(PDFName.of("Annots")); console.log(q.node.get(PDFName.of("Annots")), q.node.Annots?.());
