/**
 * The page flow as pagination's measure (paginate.ts `Measure`): where each block's lines fall, from the
 * presentation stage's own line layout — no renderer in the loop. One function per font profile, so that
 * pagination recognises its earlier results (paginate.ts `resume`).
 */
import type { FontProfile } from "../../fonts/profile.js";
import type { Measure } from "../paginate.js";
import { layOutPages } from "./flow.js";

const measures = new WeakMap<FontProfile, Measure>();

export function pagesMeasure(fonts: FontProfile): Measure {
  let measure = measures.get(fonts);
  if (!measure) measures.set(fonts, (measure = async (doc, pages) => layOutPages(doc, fonts, pages === undefined ? {} : { pages }).blocks));
  return measure;
}
