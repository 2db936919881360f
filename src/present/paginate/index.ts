/**
 * Pagination from a measured layout: floats and keep rules, decided once and recorded in the presented
 * document (Flow on each block), so every format gets the same block order. A pure function of the document
 * and the measure (injected: this stage imports no renderer), apart from the results kept to resume from
 * (resume.ts).
 *
 * - driver.ts: the passes, the choices between two fixes (`settle`), the pass limit;
 * - rules/: one module per rule, each `(ctx, block) → Fix | undefined` — section-end.ts (a float at its section's
 *   end goes up its text's page), floats.ts (and a float under its heading), signature.ts, keep-with-next.ts,
 *   orphans.ts, widows.ts (after floats too), tables.ts; squeeze.ts (收行, a break's alternative,
 *   break-before.ts), loosen.ts (放行, once the rules hold);
 * - run.ts: one pagination's own state (origins of blocks, the signature rule's marks);
 * - measure-from.ts: laying out again from the page a fix can change; resume.ts: from an earlier result.
 *
 * Rule values come from the page profile's `keep`.
 */
export { paginate, MAX_PASSES, type PaginateOptions } from "./driver.js";
export type { BlockLayout, LaidLine, Measure, PaginationLog, RuleName } from "./types.js";
