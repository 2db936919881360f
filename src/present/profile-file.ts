/**
 * A page profile of a report kind's own (templates/<kind>/report.yaml `page: <file>`): a YAML (or JSON) file in
 * the kind's folder that gives the fields it changes of the default profile (gbt9704.profile.json) — e.g. other
 * margins, another grid, other sizes. The file's fields go over the default's (objects field by field, a list as
 * a whole); a field the default does not have, or a value of the wrong kind, is a UserError at its line.
 */
import { z } from "zod";
import { loadYaml } from "../data/yaml.js";
import { UserError } from "../errors.js";
import type { Confinement } from "../io/read.js";
import { DEFAULT_PROFILE_DATA, type ProfileData } from "./profile.js";

const length = z.number().positive();
const nonNegative = z.number().nonnegative();
const size = z.union([z.string().min(1), length]);
const text = z
  .object({
    face: z.enum(["title", "body", "heading1", "heading2", "chart"]),
    size,
    linePitch: length,
    pitchFactor: length,
    firstLineIndentChars: nonNegative,
    rightIndentChars: nonNegative,
    spaceBefore: nonNegative,
    spaceBeforeLines: nonNegative,
    spaceAfterLines: nonNegative,
    belowTypeArea: nonNegative,
    insetChars: nonNegative,
  })
  .partial()
  .strict();
const box = <K extends string>(...keys: K[]) => z.object(Object.fromEntries(keys.map((k) => [k, length])) as Record<K, typeof length>).partial().strict();
const units = z.array(z.string().min(1));

const schema = z
  .object({
    $comment: z.string(),
    name: z.string().min(1),
    page: box("width", "height"),
    margin: box("top", "left", "right", "bottom"),
    typeArea: box("width", "height"),
    grid: z.object({ lines: z.number().int().positive(), chars: z.number().int().positive() }).partial().strict(),
    sizes: z.record(length),
    text: z.object(Object.fromEntries(Object.keys(DEFAULT_PROFILE_DATA.text).map((k) => [k, text])) as Record<keyof ProfileData["text"], typeof text>).partial().strict(),
    table: z.object({ cellPadding: z.object({ vertical: nonNegative, horizontal: nonNegative }).partial().strict(), rule: nonNegative, aroundLines: nonNegative }).partial().strict(),
    figure: z.object({ aroundLines: nonNegative, chartFontSize: length }).partial().strict(),
    keep: z.object(Object.fromEntries(Object.keys(DEFAULT_PROFILE_DATA.keep).map((k) => [k, k === "$comment" ? z.string() : nonNegative]))).partial().strict(),
    lines: z.object({ $comment: z.string(), stretchMax: nonNegative, shrinkMax: nonNegative, looseEm: nonNegative, retrackMax: nonNegative, compressLineStart: z.boolean(), joinMax: nonNegative, units }).partial().strict(),
    noBreakUnits: units,
  })
  .partial()
  .strict()
  .required({ name: true });

/**
 * The profile `file` describes: the default's data with the file's fields over it. `display` names the file in
 * messages; `where` confines the read to the project (src/io/read.ts).
 */
export function loadPageProfile(file: string, display: string, where: Confinement): ProfileData {
  const own = loadYaml(file, display, schema, where);
  const merged = over(DEFAULT_PROFILE_DATA, own) as ProfileData;
  // A size named by 字号 must be one of the profile's sizes.
  for (const [kind, spec] of Object.entries(merged.text) as [string, { size?: string | number }][]) {
    if (typeof spec.size === "string" && !(spec.size in merged.sizes)) {
      throw new UserError({ file: display, path: `text.${kind}.size`, message: `unknown size "${spec.size}"`, hint: `use one of ${Object.keys(merged.sizes).join(", ")} (the profile's sizes) or a number of points` });
    }
  }
  // The type area must fit on the page inside the margins (the default's rule, GB/T 9704 §5.2).
  for (const [axis, a, b] of [["width", "left", "right"], ["height", "top", "bottom"]] as const) {
    const sum = merged.margin[a] + merged.typeArea[axis] + merged.margin[b];
    if (Math.abs(sum - merged.page[axis]) > 0.5) {
      throw new UserError({ file: display, path: `typeArea.${axis}`, message: `margin.${a} + typeArea.${axis} + margin.${b} is ${sum} mm, the page is ${merged.page[axis]} mm`, hint: `make them add up to page.${axis}` });
    }
  }
  return merged;
}

/** `base` with `top`'s fields over it: objects field by field, anything else (a number, a list) replaced. */
function over(base: unknown, top: unknown): unknown {
  if (!isObject(base) || !isObject(top)) return top === undefined ? base : top;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(top)) out[k] = over(base[k], v);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
