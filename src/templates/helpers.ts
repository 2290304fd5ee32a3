/**
 * Every Handlebars helper a template may use, registered in one place.
 * Helpers format values; they never read files or decide layout.
 */
import Handlebars from "handlebars";

/** Handlebars' own helpers a template may call, then Galley's. */
export const HELPERS = ["if", "unless", "each", "with", "lookup", "join"];

export function createHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper("join", (items: unknown, separator: unknown) =>
    Array.isArray(items) ? items.map(String).join(typeof separator === "string" ? separator : ", ") : "",
  );
  return hbs;
}
