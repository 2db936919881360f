/**
 * Every number a chart spec writes is range-checked before vega and resvg see it (sandbox.ts calls this
 * for each one, with its JSON path). vega takes any number: `tickCount: 1e7` makes ten million ticks inside one
 * step of its dataflow, and resvg (src/render/docx/png.ts) panics on a drawing it cannot rasterise
 * (`padding: 1e5`, `fontSize: 1e6`). A chart is at most the type area wide (442 pt) and 600 pt high, so:
 *
 * - figures in the data's own units (a scale's domain, axis values, a filter's bounds, a datum): any finite number;
 * - counts (ticks, bins, columns, rows a window or sample takes): whole numbers within COUNTS;
 * - font sizes: 1 to MAX_FONT_SIZE points;
 * - everything else is a length, an angle, an opacity or an offset on the page: within ±MAX_LENGTH.
 *
 * A property that must be a number is also refused as an expression (`{"expr": …}`), which would escape the
 * check: only the properties in EXPR_REF_KEYS (values in the data's units, colours) may be computed.
 */

/** Longest length, points: a chart is at most 442 × 600 pt; this leaves room for offsets, not for a poster. */
export const MAX_LENGTH = 1000;
/** Largest font size, points (初号 is 42 pt). */
export const MAX_FONT_SIZE = 72;

/** Most bins a binned field may have. */
export const MAX_BINS = 200;

/** Properties counted in whole numbers, with their largest value. */
const COUNTS: Readonly<Record<string, number>> = {
  tickCount: 50,
  nice: 50,
  columns: 50,
  symbolLimit: 50,
  maxbins: MAX_BINS,
  labelLimit: MAX_LENGTH,
  sample: 2000,
  frame: 2000,
};

/** Properties in the data's own units. */
const DATA_KEYS = new Set(["domain", "domainMin", "domainMax", "domainMid", "domainRaw", "values", "datum", "equal", "lt", "lte", "gt", "gte", "oneOf", "extent", "anchor", "tickMinStep", "base", "divide", "minstep"]);

/** Properties that may be given as an expression: their value is in the data's units, or a colour. */
export const EXPR_REF_KEYS = new Set(["values", "domain", "domainMin", "domainMax", "domainMid", "color", "fill", "stroke"]);

type Path = readonly (string | number)[];

/** The nearest property name of a path (array indices skipped). */
function property(path: Path): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === "string") return path[i] as string;
  return undefined;
}

/** Why a number at `path` is out of range, with the range, or undefined. */
export function numberProblem(path: Path, value: number): string | undefined {
  const key = property(path) ?? "";
  if (!Number.isFinite(value)) return `${value} is not a finite number`;
  // a filter's range ([lo, hi]) is in the data's units; a scale's range is on the page
  if (DATA_KEYS.has(key) || (key === "range" && !path.includes("scale")) || (key === "value" && path.includes("params"))) return undefined;
  if (Object.hasOwn(COUNTS, key)) {
    const max = COUNTS[key]!;
    return Number.isInteger(value) && value >= 0 && value <= max ? undefined : `${key} is a whole number from 0 to ${max} (it is ${value})`;
  }
  if (/fontSize$/i.test(key)) return value >= 1 && value <= MAX_FONT_SIZE ? undefined : `${key} is a font size from 1 to ${MAX_FONT_SIZE} points (it is ${value})`;
  return Math.abs(value) <= MAX_LENGTH ? undefined : `${key || "the number"} is at most ${MAX_LENGTH} either way (it is ${value}): a chart is at most 442 × 600 points`;
}
