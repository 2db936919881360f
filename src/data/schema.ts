import { z } from "zod";

/** Schemas of the YAML files in data/. The CSV indicator files are checked row by row in indicators.ts. */

export const regionsSchema = z
  .object({
    regions: z
      .array(
        z
          .object({
            code: z.string().regex(/^\d{6}$/, "a region code has six digits, e.g. \"520300\" (quote it)"),
            name: z.string().min(1),
            short: z.string().min(1),
            level: z.enum(["province", "prefecture"]),
            /** Row heading in published tables (全省, 贵阳市, 黔西南州); templates: `{{attr this "table"}}`. */
            table: z.string().min(1).optional(),
          })
          // More attributes may be added (text): templates read them with `attr` (src/template/regions.ts).
          .catchall(z.string().min(1)),
      )
      .min(1),
  })
  .strict();

/** Fields that were the bulletin's and are now each report kind's own (templates/<kind>/<year>/document.yaml). */
const moved = z
  .unknown()
  .refine((v) => v === undefined, { message: "moved to templates/<kind>/<year>/document.yaml: each report kind has its own metadata" })
  .optional();

/** 成文日期 `YYYY-MM-DD` that is a real day (used by the report kinds' document.yaml, src/template/kinds.ts). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "write the date as \"YYYY-MM-DD\" in quotes, e.g. \"2021-06-09\"")
  .superRefine((s, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return; // the regex has said it
    // The format alone lets 2021-13-45 through, and new Date() then throws "Invalid time value" later.
    const [y, m, d] = s.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (!(date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${s}" is not a date (month 01–12, day within the month)` });
    }
  });

/** data/<year>/document.yaml: the year's data — its sources (and keywords); no report's metadata. */
export const documentSchema = z
  .object({
    year: z.number().int().min(1990).max(2100),
    keywords: z.array(z.string()).default([]),
    sources: z.record(z.object({ title: z.string().min(1), publisher: z.string().optional() }).strict()),
    title: moved,
    docNumber: moved,
    issuers: moved,
    date: moved,
  })
  .strict();
