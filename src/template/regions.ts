/**
 * Helpers that select and compare regions, so a template writes one row for all of them instead of one
 * per region (docs/data-and-templates.md, "Regions in templates"). Regions come in the dataset's order:
 * the province first, then the prefectures in code order (data/regions.yaml).
 */
import type { HelperOptions } from "handlebars";
import { UserError } from "../errors.js";
import type { Dataset, Region } from "../data/types.js";

type Options = HelperOptions & { loc?: { start: { line: number } } };

function fail(options: Options, message: string, hint?: string): never {
  const data = options.data as { bulletin: { template: string } };
  throw new UserError({ file: data.bulletin.template, line: options.loc?.start.line, message, hint });
}

function regionsOf(options: Options): readonly Region[] {
  return (options.data as { bulletin: { dataset: Dataset } }).bulletin.dataset.regions;
}

/** A region by code, full name or short name (520300, 遵义市, 遵义), or the region object itself. */
export function findRegion(query: unknown, options: Options): Region {
  if (query && typeof query === "object" && "code" in query) return query as Region;
  const q = String(query);
  const found = regionsOf(options).find((r) => r.code === q || r.name === q || r.short === q);
  if (!found) fail(options, `unknown region "${q}": not a code or name in data/regions.yaml`, `use one of ${regionsOf(options).map((r) => `${r.code} ${r.name}`).join(", ")}`);
  return found;
}

export const regionHelpers: Record<string, (...args: unknown[]) => unknown> = {
  /**
   * `(regionsOf "prefectures")`: a list of regions — "all" (province first), "province", "prefectures",
   * or codes/names separated by commas, kept in data order.
   */
  regionsOf(which: unknown, options: unknown) {
    const all = regionsOf(options as Options);
    const w = String(which);
    if (w === "all") return all;
    if (w === "province" || w === "prefectures") return all.filter((r) => r.level === (w === "province" ? "province" : "prefecture"));
    const picked = new Set(w.split(",").map((s) => findRegion(s.trim(), options as Options).code));
    return all.filter((r) => picked.has(r.code));
  },
  /** `(region "520300")`: one region, to read its attributes (`(region "520300").table` via `attr`). */
  region(query: unknown, options: unknown) {
    return findRegion(query, options as Options);
  },
  /**
   * `{{attr this "table"}}`: a region's attribute from data/regions.yaml; an attribute a region lacks
   * falls back to `fallback=` (another attribute's name, default "name").
   */
  attr(query: unknown, name: unknown, options: unknown) {
    const o = options as Options;
    const r = findRegion(query, o) as unknown as Record<string, unknown>;
    const key = String(name);
    if (typeof r[key] === "string") return r[key];
    const fallback = String((o.hash as { fallback?: unknown }).fallback ?? "name");
    if (typeof r[fallback] === "string") return r[fallback];
    return fail(o, `region ${String(r.code)} has no attribute "${key}" (nor "${fallback}")`, `add ${key}: to it in data/regions.yaml, or give fallback="name"`);
  },
  isProvince(query: unknown, options: unknown) {
    return findRegion(query, options as Options).level === "province";
  },
  /** `(eq a b)`: equal values; regions compare by code, so `(eq this ../region)` works. */
  eq(a: unknown, b: unknown) {
    return key(a) === key(b);
  },
  ne(a: unknown, b: unknown) {
    return key(a) !== key(b);
  },
  not(a: unknown) {
    return !a;
  },
  and(...args: unknown[]) {
    return args.slice(0, -1).every(Boolean);
  },
  or(...args: unknown[]) {
    return args.slice(0, -1).some(Boolean);
  },
};

/** Regions by code; Markdown a helper marked (literal.ts markdown()) by its text. */
function key(v: unknown): unknown {
  if (v && typeof v === "object" && "code" in v) return (v as Region).code;
  if (v && typeof (v as { toHTML?: unknown }).toHTML === "function") return (v as { toHTML(): string }).toHTML();
  return v;
}
