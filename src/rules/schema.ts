/**
 * data/<year>/rules.yaml: named consistency rules kept as data beside the figures, in the manner of
 * statistical offices' validation rules (Statistics Netherlands' `validate`, Eurostat's VTL): a total
 * against the sum of its parts, figures within a range, a value against last year's value and the
 * published change. A failed rule is a warning (the figures are published as they are, 未作机械调整),
 * an error only with --strict. The format is in docs/data-and-templates.md.
 */
import { z } from "zod";

const id = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, "an indicator id, e.g. hr_market.agencies");
const region = z.string().regex(/^(\d{6}|all)$/, 'a six-digit region code (quote it, "520000") or all');

const common = {
  /** What the rule says, shown in warnings and validation.csv. Unique in the file. */
  name: z.string().min(1),
  /** Why the rule is there, or why a known difference is accepted. */
  note: z.string().optional(),
  /** Default "520000" (the province); "all": every region with the figures. */
  region: region.optional(),
};

export const sumRule = z
  .object({
    ...common,
    check: z.literal("sum"),
    total: id,
    parts: z.array(id).min(2),
    /**
     * Allowed |sum of parts − total|. Default: the rounding of the published digits (half a unit of the
     * last digit of the total and of each part, added up). 0 for counts that are not rounded.
     */
    tolerance: z.number().nonnegative().optional(),
  })
  .strict();

export const rangeRule = z
  .object({
    ...common,
    check: z.literal("range"),
    /** The figures: by id, or every indicator with one of these units. */
    ids: z.array(id).min(1).optional(),
    units: z.array(z.string().min(1)).min(1).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict(); // either ids or units, and min, max or both: checked in load.ts (a discriminated union takes no refinements)

export const changeRule = z
  .object({
    ...common,
    check: z.literal("change"),
    /** The figures whose value, last year's value and published growth (or delta) must agree; "all" or ids. */
    ids: z.union([z.literal("all"), z.array(id).min(1)]),
  })
  .strict();

export const rulesSchema = z
  .object({
    rules: z.array(z.discriminatedUnion("check", [sumRule, rangeRule, changeRule])),
  })
  .strict();

export type SumRule = z.infer<typeof sumRule>;
export type RangeRule = z.infer<typeof rangeRule>;
export type ChangeRule = z.infer<typeof changeRule>;
export type Rule = SumRule | RangeRule | ChangeRule;
