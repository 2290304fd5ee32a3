/**
 * The page stylesheet the build writes from issue.yaml's `print:` settings
 * and added after the template's own: the sheet's size with its bleed, and
 * what runs into the bleed (the template's edge-touching backgrounds, and
 * full-bleed figures). Paged.js then prints each page as the trim with the
 * bleed around it; the merge sets the PDF's boxes from the same geometry.
 */
import { SHEET_SLACK_MM, type PrintGeometry } from "../model/print.js";
import type { TemplateConfig } from "./config.js";

const mm = (value: number) => `${Number(value.toFixed(3))}mm`;

export function geometryCss(geometry: PrintGeometry, bleeding: TemplateConfig["bleed"]): string {
  const { trim, bleed } = geometry.mm;
  const b = mm(bleed);
  const rules = [
    `/* Written by the build from issue.yaml's print settings: do not edit. */`,
    // The size is given again so that Paged.js takes the bleed (it sets the
    // sheet's size only when a rule names one).
    `@page { size: ${mm(trim.width)} ${mm(trim.height)}; bleed: ${b} ${b} ${mm(bleed + SHEET_SLACK_MM)} ${b}; marks: none; }`,
    `:root { --galley-bleed: ${b}; }`,
  ];
  for (const { selector, edges, background } of bleeding) {
    // The element's background colour drawn again outside its border box,
    // as copies of the box moved into the bleed on the edges it touches
    // (and the corners between them). An outer shadow is drawn only outside
    // the box, with the box's background, so it changes neither the layout
    // nor the order things are painted, and prints as a plain fill.
    const xs = [0, ...(edges.includes("left") ? [-1] : []), ...(edges.includes("right") ? [1] : [])];
    const ys = [0, ...(edges.includes("top") ? [-1] : []), ...(edges.includes("bottom") ? [1] : [])];
    const offset = (k: number) => (k === 0 ? "0" : `calc(${k} * var(--galley-bleed))`);
    const shadows = xs.flatMap((x) => ys.filter((y) => x !== 0 || y !== 0).map((y) => `${offset(x)} ${offset(y)} 0 0 ${background}`));
    rules.push(`${selector} { box-shadow: ${shadows.join(", ")}; }`);
  }
  // A full-bleed figure spans the sheet from edge to edge: the page's
  // margins and the bleed on either side.
  const outer = (side: "left" | "right") => `calc(-1 * (var(--pagedjs-margin-${side}) + var(--galley-bleed)))`;
  const inner = (side: "left" | "right") => `calc(var(--pagedjs-margin-${side}) + var(--galley-bleed))`;
  rules.push(`.figure.full-bleed { margin-left: ${outer("left")}; margin-right: ${outer("right")}; }`);
  rules.push(`.figure.full-bleed img { width: 100%; max-width: none; max-height: none; }`);
  rules.push(`.figure.full-bleed figcaption { padding-left: ${inner("left")}; padding-right: ${inner("right")}; }`);
  return rules.join("\n") + "\n";
}
