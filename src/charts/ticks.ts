/**
 * Value-axis ticks a reader can use: 4 to 6 labelled ticks at round values.
 *
 * vega's own ticks (d3-array `ticks`, steps 1-2-5 × 10^k) take `tickCount` as a hint only: depending on the
 * data the same hint gives 3 to 8 ticks, and when the labels then collide vega hides every other one
 * (图3 of the 2020 bulletin showed only 0, 40000, 80000). This picks the step from the data's domain instead:
 * among the steps m × 10^k (m = 1, 2, 5, else 2.5) the one giving 4–6 ticks inside the domain, preferring
 * 1-2-5 steps, then 5 ticks, then fewer. A step ladder whose neighbours differ by at most 2× (1, 2, 2.5, 5)
 * always has such a step.
 *
 * Specs use it as `"axis": {"values": {"expr": "roundTicks(domain('x'))"}}` with `"scale": {"nice": false}`,
 * so that the domain is the data's and the ticks stop at the last round value inside it.
 */
import * as vega from "vega";

export const TICK_FUNCTION = "roundTicks";
export const MIN_TICKS = 4;
export const MAX_TICKS = 6;

const PREFERRED = [1, 2, 5];
const FALLBACK = [2.5];

/** Round tick values inside [lo, hi] (either order); one value for an empty span. */
export function roundTicks(domain: readonly number[]): number[] {
  const values = domain.map(Number).filter(Number.isFinite);
  if (values.length === 0) return [];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const top = Math.floor(Math.log10(span));
  let best: { step: number; count: number; score: number } | undefined;
  for (const [rank, ladder] of [PREFERRED, FALLBACK].entries()) {
    for (let k = top - 2; k <= top + 1; k++) {
      for (const m of ladder) {
        const step = m * 10 ** k;
        const count = Math.floor(hi / step + 1e-9) - Math.ceil(lo / step - 1e-9) + 1;
        if (count < MIN_TICKS || count > MAX_TICKS) continue;
        const score = rank * 10 + (count === 5 ? 0 : count === 4 ? 1 : 2);
        if (!best || score < best.score) best = { step, count, score };
      }
    }
  }
  if (!best) return [lo, hi]; // unreachable for a finite span (see above); never throw inside vega
  const first = Math.ceil(lo / best.step - 1e-9);
  return Array.from({ length: best.count }, (_, i) => clean((first + i) * best.step));
}

/** `0.30000000000000004` → `0.3`: tick values are printed as labels. */
function clean(v: number): number {
  return Number(v.toPrecision(12)) || 0;
}

let registered = false;

/**
 * Registers `roundTicks` as a vega expression function (process-wide, like the text metrics; vega 6
 * `expressionFunction`), before any spec using it is parsed. Idempotent.
 */
export function installTickFunction(): void {
  if (registered) return;
  registered = true;
  vega.expressionFunction(TICK_FUNCTION, roundTicks);
}
