/**
 * Reading and rewriting page content streams for the press file: each
 * page's streams decoded, a tokenizer for content-stream syntax, and a
 * walk through a page's drawing (its form XObjects included) that keeps
 * the graphics state the press checks need: the transformation, the fill
 * and stroke colours, the line width.
 */
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFDocument, type PDFPage } from "pdf-lib";
import { contentText, formRefs, pageContentRefs, replaceStreamData } from "../postprocess/streams.js";

/** A content stream of a page, decoded, and a way to put it back changed. */
export interface ContentStream {
  text: string;
  replace(text: string): void;
}

/** The page's own content streams (not its forms'). */
export function pageStreams(doc: PDFDocument, page: PDFPage): ContentStream[] {
  return pageContentRefs(page).flatMap((ref) => streamAt(doc, ref));
}

/** Every form XObject the document holds, decoded. */
export function formStreams(doc: PDFDocument): ContentStream[] {
  return formRefs(doc).flatMap((ref) => streamAt(doc, ref));
}

function streamAt(doc: PDFDocument, ref: PDFRef): ContentStream[] {
  const stream = doc.context.lookup(ref);
  if (!(stream instanceof PDFRawStream)) return [];
  const text = contentText(stream);
  return [
    {
      text,
      replace(changed: string) {
        replaceStreamData(doc.context, ref, stream, Buffer.from(changed, "latin1"));
      },
    },
  ];
}

export type Operand = number | string | Operand[] | { name: string } | null;

export interface Operation {
  operator: string;
  operands: Operand[];
}

const DELIMITERS = "()<>[]{}/%";
const isSpace = (c: string) => c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\f" || c === "\0";

/** The operations of a content stream, in order; strings come back as their raw text. */
export function operations(text: string): Operation[] {
  const ops: Operation[] = [];
  let operands: Operand[] = [];
  const stack: Operand[][] = [];
  let i = 0;
  const push = (value: Operand) => (stack.length ? stack.at(-1)!.push(value) : operands.push(value));
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
    } else if (c === "%") {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if (c === "(") {
      const start = i;
      i = literalEnd(text, i);
      push(text.slice(start, i));
    } else if (c === "<" && text[i + 1] === "<") {
      // A dictionary operand (BDC's, an inline image's): skipped whole.
      let depth = 0;
      while (i < text.length) {
        if (text.startsWith("<<", i)) {
          depth++;
          i += 2;
        } else if (text.startsWith(">>", i)) {
          i += 2;
          if (--depth === 0) break;
        } else if (text[i] === "<") {
          i = text.indexOf(">", i) + 1 || text.length;
        } else if (text[i] === "(") {
          i = literalEnd(text, i);
        } else {
          i++;
        }
      }
      push(null);
    } else if (c === "<") {
      const end = text.indexOf(">", i);
      push(text.slice(i, end + 1));
      i = end + 1;
    } else if (c === "[") {
      stack.push([]);
      i++;
    } else if (c === "]") {
      const array = stack.pop() ?? [];
      push(array);
      i++;
    } else if (c === "/") {
      let j = i + 1;
      while (j < text.length && !isSpace(text[j]!) && !DELIMITERS.includes(text[j]!)) j++;
      push({ name: text.slice(i + 1, j) });
      i = j;
    } else {
      let j = i;
      while (j < text.length && !isSpace(text[j]!) && !DELIMITERS.includes(text[j]!)) j++;
      if (j === i) j++;
      const word = text.slice(i, j);
      i = j;
      const number = Number(word);
      if (word !== "" && !Number.isNaN(number)) {
        push(number);
      } else if (word === "ID") {
        // Inline image data runs to EI: skipped.
        const end = text.indexOf("EI", i);
        i = end < 0 ? text.length : end + 2;
        ops.push({ operator: "BI", operands: [] });
        operands = [];
      } else {
        ops.push({ operator: word, operands });
        operands = [];
      }
    }
  }
  return ops;
}

/** Just past the literal string that opens at `start`: parentheses nest, a backslash escapes. */
function literalEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i + 1;
  }
  return text.length;
}

export type Matrix = [number, number, number, number, number, number];
export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/** A colour as set: its space (DeviceCMYK, DeviceRGB, DeviceGray, or a resource name) and components. */
export interface Colour {
  space: string;
  values: number[];
}

export interface GraphicsState {
  /** The resources names are looked up in: the page's, or the form's being drawn. */
  resources: PDFDict | undefined;
  ctm: Matrix;
  fill: Colour;
  stroke: Colour;
  lineWidth: number;
}

/** What the walk reports: every glyph show, stroke, filled rectangle and XObject drawn. */
export interface Drawing {
  onText?(state: GraphicsState): void;
  onStroke?(state: GraphicsState): void;
  onRectangleFill?(state: GraphicsState, width: number, height: number): void;
  /** Any fill, rectangle or not. */
  onFill?(state: GraphicsState): void;
  onImage?(state: GraphicsState, name: string, image: PDFRawStream): void;
}

/** Walks the page's drawing, forms included, calling `drawing` with the state at each mark made. */
export function walkPage(doc: PDFDocument, page: PDFPage, drawing: Drawing): void {
  const text = pageStreams(doc, page).map((s) => s.text).join("\n");
  const resources = page.node.Resources();
  walk(doc, text, resources, { resources, ctm: IDENTITY, fill: BLACK_GRAY, stroke: BLACK_GRAY, lineWidth: 1 }, drawing, 0);
}

const BLACK_GRAY: Colour = { space: "DeviceGray", values: [0] };
const SPACES: Record<string, string> = { g: "DeviceGray", G: "DeviceGray", rg: "DeviceRGB", RG: "DeviceRGB", k: "DeviceCMYK", K: "DeviceCMYK" };

function walk(doc: PDFDocument, text: string, resources: PDFDict | undefined, start: GraphicsState, drawing: Drawing, depth: number): void {
  const saved: GraphicsState[] = [];
  let state: GraphicsState = { ...start };
  let rectangles: [number, number][] = [];
  const nums = (operands: Operand[]) => operands.filter((o): o is number => typeof o === "number");
  const xobject = (name: string) => {
    const dict = resources?.lookup(PDFName.of("XObject"));
    const ref = dict instanceof PDFDict ? dict.get(PDFName.of(name)) : undefined;
    const object = ref ? doc.context.lookup(ref) : undefined;
    return object instanceof PDFRawStream ? object : undefined;
  };
  for (const { operator, operands } of operations(text)) {
    switch (operator) {
      case "q":
        saved.push({ ...state });
        break;
      case "Q":
        state = saved.pop() ?? state;
        break;
      case "cm":
        state.ctm = multiply(nums(operands) as Matrix, state.ctm);
        break;
      case "w":
        state.lineWidth = nums(operands)[0] ?? state.lineWidth;
        break;
      case "g": case "rg": case "k":
        state.fill = { space: SPACES[operator]!, values: nums(operands) };
        break;
      case "G": case "RG": case "K":
        state.stroke = { space: SPACES[operator]!, values: nums(operands) };
        break;
      case "cs":
        state.fill = { space: (operands[0] as { name: string })?.name ?? "?", values: [] };
        break;
      case "CS":
        state.stroke = { space: (operands[0] as { name: string })?.name ?? "?", values: [] };
        break;
      case "sc": case "scn":
        state.fill = { ...state.fill, values: nums(operands) };
        break;
      case "SC": case "SCN":
        state.stroke = { ...state.stroke, values: nums(operands) };
        break;
      case "re": {
        const [, , w = 0, h = 0] = nums(operands);
        rectangles.push([w, h]);
        break;
      }
      case "S": case "s": case "B": case "B*": case "b": case "b*":
        drawing.onStroke?.(state);
        rectangles = [];
        break;
      case "f": case "F": case "f*":
        drawing.onFill?.(state);
        for (const [w, h] of rectangles) drawing.onRectangleFill?.(state, w, h);
        rectangles = [];
        break;
      case "n":
        rectangles = [];
        break;
      case "Tj": case "TJ": case "'": case '"':
        drawing.onText?.(state);
        break;
      case "Do": {
        const name = (operands[0] as { name: string })?.name ?? "";
        const object = xobject(name);
        if (!object) break;
        const subtype = object.dict.get(PDFName.of("Subtype"));
        if (subtype === PDFName.of("Image")) drawing.onImage?.(state, name, object);
        else if (subtype === PDFName.of("Form") && depth < 8) {
          const matrix = object.dict.lookup(PDFName.of("Matrix"));
          const m = matrix instanceof PDFArray ? (matrix.asArray().map((v) => Number(v.toString())) as Matrix) : IDENTITY;
          const own = object.dict.lookup(PDFName.of("Resources"));
          const content = contentText(object);
          const inner = own instanceof PDFDict ? own : resources;
          walk(doc, content, inner, { ...state, resources: inner, ctm: multiply(m, state.ctm) }, drawing, depth + 1);
        }
        break;
      }
    }
  }
}
