/** template.yaml: one schema for a template's own settings. */
import { z } from "zod";

const length = z.string().regex(/^\d+(\.\d+)?mm$/, "must be a length in mm, like 170mm");

export const TemplateConfigSchema = z.strictObject({
  name: z.string().min(1),
  trim: z.strictObject({ width: length, height: length }),
  zones: z.strictObject({ head: length, foot: length }),
  stylesheets: z.array(z.string().min(1)).min(1),
  fonts: z
    .array(
      z.strictObject({
        family: z.string().min(1),
        package: z.string().regex(/^@fontsource\/[a-z0-9-]+$/, "must be an @fontsource package"),
        weights: z.array(z.number().int().min(100).max(900)).min(1),
        styles: z.array(z.enum(["normal", "italic"])).min(1),
        subsets: z.array(z.string().min(1)).min(1),
      }),
    )
    .min(1),
});

export type TemplateConfig = z.infer<typeof TemplateConfigSchema>;

export const MM_TO_PT = 72 / 25.4;

export function mmToPt(value: string): number {
  return Number.parseFloat(value) * MM_TO_PT;
}
