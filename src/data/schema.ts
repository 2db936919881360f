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
            /** Row heading in published tables (全省, 黔西南州); the short name when absent. */
            table: z.string().min(1).optional(),
            level: z.enum(["province", "prefecture"]),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "write the date as \"YYYY-MM-DD\" in quotes, e.g. \"2021-06-09\"");

export const documentSchema = z
  .object({
    year: z.number().int().min(1990).max(2100),
    title: z.string().min(1),
    docNumber: z
      .object({
        issuerCode: z.string().min(1),
        year: z.number().int(),
        serial: z.number().int().positive(),
      })
      .strict(),
    issuers: z.array(z.string().min(1)).min(1),
    date: isoDate,
    keywords: z.array(z.string()).default([]),
    sources: z.record(z.object({ title: z.string().min(1), publisher: z.string().optional() }).strict()),
  })
  .strict();
