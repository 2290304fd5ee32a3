/**
 * Page labels (/PageLabels): what a reader's page box shows for each page.
 * A page counts by its folio, printed or not (a blank verso keeps the
 * number it stands for), so the labels are the printed folios. A page
 * that stands outside the count, the cover, is labelled as the template
 * says: by its name ("Cover") or in small roman numerals.
 */
import { PDFHexString, PDFName, PDFNumber, type PDFDocument, type PDFObject } from "pdf-lib";

/** What labelling needs of a page (a PageRecord has it). */
export interface LabelledPage {
  /** 0-based page index. */
  index: number;
  folio: number;
  /** "cover" stands outside the folios' count. */
  role: string;
}

export type UnnumberedLabels = "named" | "roman";

/** One run of labels: from `start` (0-based page index) on. */
export interface LabelRange {
  start: number;
  style: "decimal" | "roman" | "named";
  /** The first number of the run (decimal and roman). */
  first: number;
  /** The label of a named page. */
  name?: string;
}

/** The runs of labels for `pages`, as few as the folios allow. */
export function labelRanges(pages: readonly LabelledPage[], unnumbered: UnnumberedLabels): LabelRange[] {
  const ranges: LabelRange[] = [];
  let romans = 0;
  let expected: { style: LabelRange["style"]; next: number } | null = null;
  for (const page of pages) {
    if (page.role === "cover") {
      romans++;
      if (unnumbered === "named") {
        ranges.push({ start: page.index, style: "named", first: 1, name: nameOf(page.role) });
        expected = null;
      } else if (expected?.style === "roman" && expected.next === romans) {
        expected.next++;
      } else {
        ranges.push({ start: page.index, style: "roman", first: romans });
        expected = { style: "roman", next: romans + 1 };
      }
      continue;
    }
    if (expected?.style === "decimal" && expected.next === page.folio) {
      expected.next++;
      continue;
    }
    ranges.push({ start: page.index, style: "decimal", first: page.folio });
    expected = { style: "decimal", next: page.folio + 1 };
  }
  return ranges;
}

/** The label a reader shows for each page of `ranges`, for tests and the report. */
export function labelTexts(ranges: readonly LabelRange[], pageCount: number): string[] {
  const labels: string[] = [];
  for (let index = 0; index < pageCount; index++) {
    const range = [...ranges].reverse().find((r) => r.start <= index);
    if (!range) throw new Error(`No page label for page ${index + 1}`);
    const n = range.first + index - range.start;
    labels.push(range.style === "named" ? range.name! : range.style === "roman" ? roman(n) : String(n));
  }
  return labels;
}

export function setPageLabels(doc: PDFDocument, ranges: readonly LabelRange[]): void {
  const { context } = doc;
  const nums: PDFObject[] = [];
  for (const range of ranges) {
    const dict =
      range.style === "named"
        ? context.obj({ P: PDFHexString.fromText(range.name!) })
        : context.obj({ S: PDFName.of(range.style === "roman" ? "r" : "D"), St: PDFNumber.of(range.first) });
    nums.push(PDFNumber.of(range.start), dict);
  }
  doc.catalog.set(PDFName.of("PageLabels"), context.obj({ Nums: nums }));
}

function nameOf(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

function roman(n: number): string {
  const numerals: [number, string][] = [[1000, "m"], [900, "cm"], [500, "d"], [400, "cd"], [100, "c"], [90, "xc"], [50, "l"], [40, "xl"], [10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
  let text = "";
  for (const [value, numeral] of numerals) for (; n >= value; n -= value) text += numeral;
  return text;
}
