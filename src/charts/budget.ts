/**
 * The budget a chart has while vega runs: time, rows and text, checked before every operator of the
 * dataflow — not only between vega's passes, where one pass could already make millions of rows (a
 * `flatten` of long arrays) or take minutes.
 *
 * vega-dataflow's evaluation loop (vega-dataflow 6, src/dataflow/run.js `evaluate`) runs each operator as
 * `op.run(df._getPulse(op, encode))`; the View's `_getPulse` is wrapped on this one View, so the pulse every
 * operator is about to receive is measured first. An error thrown there ends the evaluation (the loop's
 * `catch` clears the queue and logs it); `check()` then throws it as the UserError it is. `_getPulse` is
 * internal: `watchBudget` refuses to run without it, so an upgrade of vega that renames it fails every chart
 * test rather than silently losing the budget.
 *
 * What one operator can make from its input is bounded before the run (expressions.ts, numbers.ts), so
 * stopping between operators bounds the whole run.
 */
import type * as vega from "vega";
import { UserError } from "../errors.js";

/** Rows (tuples, or scenegraph items) a pulse may carry: 5 × the rows a chart may receive (rows of a fold, marks per row). */
export const MAX_RUN_ROWS = 10_000;
/** Array elements inside the rows of a pulse (what a `flatten` would turn into rows). */
export const MAX_RUN_ELEMENTS = 20_000;
/** Characters of text in the rows of a pulse (the bulletin's charts have a few thousand). */
export const MAX_RUN_TEXT = 1_000_000;

interface Pulse {
  readonly add?: readonly object[];
  readonly mod?: readonly object[];
  readonly source?: readonly object[];
}
type GetPulse = (op: unknown, encode: unknown) => Pulse;

export interface Budget {
  /** Throws the UserError that stopped the run, if one did. */
  check(): void;
}

/**
 * @param limitMs the time the whole chart may take, from now
 */
export function watchBudget(view: vega.View, display: string, limitMs: number): Budget {
  const flow = view as unknown as { _getPulse?: GetPulse };
  const getPulse = flow._getPulse;
  if (typeof getPulse !== "function") throw new Error("vega's View has no _getPulse (vega-dataflow run.js): the chart budget (src/charts/budget.ts) cannot be enforced");
  const t0 = performance.now();
  let stopped: UserError | undefined;
  const stop = (message: string, hint: string): never => {
    stopped = new UserError({ file: display, message, hint });
    throw stopped;
  };
  flow._getPulse = function (this: unknown, op, encode) {
    if (stopped) throw stopped;
    const ms = performance.now() - t0;
    if (ms > limitMs) stop(`the chart took ${Math.round(ms)} ms to lay out, more than the limit of ${limitMs} ms`, "simplify its transforms and layers");
    const pulse = getPulse.call(this, op, encode);
    const rows = Math.max(pulse.add?.length ?? 0, pulse.source?.length ?? 0);
    if (rows > MAX_RUN_ROWS) stop(`a step of the chart makes ${rows} rows, more than the limit of ${MAX_RUN_ROWS}`, "a transform (flatten, fold, a calculate making lists) multiplies the rows: remove it, or split the chart");
    let elements = 0;
    let text = 0;
    for (const list of [pulse.add, pulse.mod]) {
      for (const row of list ?? []) {
        for (const v of Object.values(row)) {
          if (Array.isArray(v)) elements += v.length;
          else if (typeof v === "string") text += v.length;
        }
      }
    }
    if (elements > MAX_RUN_ELEMENTS) stop(`a step of the chart holds lists of ${elements} items in its rows, more than the limit of ${MAX_RUN_ELEMENTS}`, "a calculate making lists (split, an array) and a flatten multiply the rows: make shorter lists, or remove the flatten");
    if (text > MAX_RUN_TEXT) stop(`a step of the chart holds ${text} characters of text in its rows, more than the limit of ${MAX_RUN_TEXT}`, "a calculate joins texts again and again: simplify it");
    return pulse;
  };
  return {
    check() {
      if (stopped) throw stopped;
    },
  };
}

/** Largest font size the SVG may hold, points (numbers.ts allows 72 in a spec). */
const SVG_FONT_SIZE = 100;

/**
 * The drawn SVG checked before anything rasterises it: the spec's numbers are range-checked (numbers.ts), but
 * a data field drawn without a scale (`"scale": null`) puts a figure straight into a size, and offsets that
 * are each in range can add up. resvg (src/render/docx/png.ts) aborts the whole process — a Rust panic, not an
 * exception — on drawings like these (a 10⁶-point font; a plot pushed a thousand points off its canvas), so
 * the SVG must stay within its own canvas: every coordinate within twice the chart's larger side.
 * Returns why the SVG is refused, or undefined.
 */
export function svgProblem(svg: string, width: number, height: number): string | undefined {
  for (const m of svg.matchAll(/font-size(?:="|:\s*)([-\d.e+]+)/g)) {
    const size = Number(m[1]);
    if (!(size >= 0 && size <= SVG_FONT_SIZE)) return `it draws text at ${m[1]} points, more than ${SVG_FONT_SIZE}`;
  }
  const bound = 2 * Math.max(width, height);
  for (const m of svg.matchAll(/\s(?:d|transform|x|y|x1|x2|y1|y2|dx|dy|width|height|r|stroke-width)="([^"]*)"/g)) {
    for (const n of m[1]!.matchAll(/-?[\d.]+(?:e[-+]?\d+)?/gi)) {
      if (!(Math.abs(Number(n[0])) <= bound)) return `it draws at ${n[0]} points, outside its ${width} × ${height} canvas`;
    }
  }
  return undefined;
}
