/**
 * Outlines as OFD draws them: SVG path data (SVG 1.1 §8.3: M L H V C S Q T A Z, absolute and relative) read into
 * absolute segments, moved through an affine matrix, and written as OFD's abbreviated path data (GB/T 33190-2016
 * §9.3.2 table 36: `M x y` move, `L x y` line, `B x1 y1 x2 y2 x3 y3` cubic Bézier, `Q x1 y1 x2 y2` quadratic,
 * `A rx ry angle large sweep x y` arc, `C` close), operators and numbers separated by single spaces (ofd.js splits
 * on one space).
 */
import { num } from "./units.js";

/** An affine matrix [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f (SVG's and OFD's CTM). */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m·n: n applied first, then m. */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]];
}

export const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** Whether a matrix only scales and moves (no rotation or skew): text can then be placed without a CTM. */
export const axisAligned = (m: Matrix): boolean => m[1] === 0 && m[2] === 0;

export type Segment =
  | { readonly op: "M" | "L"; readonly x: number; readonly y: number }
  | { readonly op: "B"; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly x: number; readonly y: number }
  | { readonly op: "Q"; readonly x1: number; readonly y1: number; readonly x: number; readonly y: number }
  | { readonly op: "A"; readonly rx: number; readonly ry: number; readonly angle: number; readonly large: 0 | 1; readonly sweep: 0 | 1; readonly x: number; readonly y: number }
  | { readonly op: "C" };

const ARGS: Readonly<Record<string, number>> = { M: 2, L: 2, H: 1, V: 1, C: 6, S: 4, Q: 4, T: 2, A: 7, Z: 0 };

/** SVG path data → absolute segments. Malformed data is a bug of the chart library: an Error saying where. */
export function parsePath(d: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  const skip = () => {
    while (i < d.length && /[\s,]/.test(d[i]!)) i++;
  };
  const number = (): number => {
    skip();
    const m = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(d.slice(i));
    if (!m) throw new Error(`OFD: SVG path data ${JSON.stringify(d)}: a number expected at ${i}`);
    i += m[0].length;
    return Number(m[0]);
  };
  // An arc's flags are single digits that may touch what follows (`a1,1 0 011,1`).
  const flag = (): 0 | 1 => {
    skip();
    const c = d[i++];
    if (c !== "0" && c !== "1") throw new Error(`OFD: SVG path data ${JSON.stringify(d)}: an arc flag expected at ${i - 1}`);
    return c === "1" ? 1 : 0;
  };
  let x = 0, y = 0, startX = 0, startY = 0;
  // The last control point, for S and T (their first control point mirrors it).
  let cx = 0, cy = 0, last = "";
  let op = "";
  for (skip(); i < d.length; skip()) {
    if (/[A-Za-z]/.test(d[i]!)) op = d[i++]!;
    else if (op === "" || op === "Z" || op === "z") throw new Error(`OFD: SVG path data ${JSON.stringify(d)}: a command expected at ${i}`);
    const up = op.toUpperCase();
    if (!(up in ARGS)) throw new Error(`OFD: SVG path command ${op} not understood`);
    const rel = op !== up;
    const ox = rel ? x : 0, oy = rel ? y : 0;
    switch (up) {
      case "M":
      case "L": {
        x = ox + number(); y = oy + number();
        out.push({ op: up === "M" ? "M" : "L", x, y });
        if (up === "M") { startX = x; startY = y; op = rel ? "l" : "L"; }
        break;
      }
      case "H": x = ox + number(); out.push({ op: "L", x, y }); break;
      case "V": y = oy + number(); out.push({ op: "L", x, y }); break;
      case "C":
      case "S": {
        const [x1, y1] = up === "C" ? [ox + number(), oy + number()] : last === "C" || last === "S" ? [2 * x - cx, 2 * y - cy] : [x, y];
        const x2 = ox + number(), y2 = oy + number();
        x = ox + number(); y = oy + number();
        out.push({ op: "B", x1, y1, x2, y2, x, y });
        cx = x2; cy = y2;
        break;
      }
      case "Q":
      case "T": {
        const [x1, y1] = up === "Q" ? [ox + number(), oy + number()] : last === "Q" || last === "T" ? [2 * x - cx, 2 * y - cy] : [x, y];
        x = ox + number(); y = oy + number();
        out.push({ op: "Q", x1, y1, x, y });
        cx = x1; cy = y1;
        break;
      }
      case "A": {
        const rx = Math.abs(number()), ry = Math.abs(number()), angle = number(), large = flag(), sweep = flag();
        x = ox + number(); y = oy + number();
        out.push({ op: "A", rx, ry, angle, large, sweep, x, y });
        break;
      }
      case "Z": x = startX; y = startY; out.push({ op: "C" }); break;
    }
    last = up;
  }
  return out;
}

/**
 * Segments moved through a matrix. An arc keeps its shape under a move and a uniform scale (what vega gives its
 * arcs: a translate); under a rotation its angle turns with it; a non-uniform scale or a skew of an arc is not drawn
 * by any chart of this project and is refused rather than drawn wrong.
 */
export function transform(segments: readonly Segment[], m: Matrix): Segment[] {
  const scale = Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
  const turn = (Math.atan2(m[1], m[0]) * 180) / Math.PI;
  return segments.map((s) => {
    switch (s.op) {
      case "M":
      case "L": { const [x, y] = apply(m, s.x, s.y); return { op: s.op, x, y }; }
      case "B": {
        const [x1, y1] = apply(m, s.x1, s.y1), [x2, y2] = apply(m, s.x2, s.y2), [x, y] = apply(m, s.x, s.y);
        return { op: "B", x1, y1, x2, y2, x, y };
      }
      case "Q": { const [x1, y1] = apply(m, s.x1, s.y1), [x, y] = apply(m, s.x, s.y); return { op: "Q", x1, y1, x, y }; }
      case "A": {
        if (Math.abs(Math.hypot(m[0], m[1]) - Math.hypot(m[2], m[3])) > 1e-9 || Math.abs(m[0] * m[2] + m[1] * m[3]) > 1e-9) throw new Error("OFD: an arc under a non-uniform scale or skew");
        const [x, y] = apply(m, s.x, s.y);
        // A reflection (negative determinant) turns the sweep direction round.
        const sweep = (m[0] * m[3] - m[1] * m[2] < 0 ? 1 - s.sweep : s.sweep) as 0 | 1;
        return { ...s, rx: s.rx * scale, ry: s.ry * scale, angle: s.angle + turn, sweep, x, y };
      }
      case "C": return s;
    }
  });
}

/** The box holding every point of the segments (control points and an arc's full radius included: a box may be larger, never smaller). */
export function bounds(segments: readonly Segment[]): { x0: number; y0: number; x1: number; y1: number } | undefined {
  const xs: number[] = [], ys: number[] = [];
  let px = 0, py = 0;
  for (const s of segments) {
    if (s.op === "C") continue;
    if (s.op === "B") xs.push(s.x1, s.x2), ys.push(s.y1, s.y2);
    if (s.op === "Q") xs.push(s.x1), ys.push(s.y1);
    if (s.op === "A") {
      const r = 2 * Math.max(s.rx, s.ry);
      xs.push(px - r, px + r, s.x - r, s.x + r), ys.push(py - r, py + r, s.y - r, s.y + r);
    }
    xs.push(s.x), ys.push(s.y);
    px = s.x; py = s.y;
  }
  if (xs.length === 0) return undefined;
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** OFD abbreviated data, each point taken relative to (ox, oy): the object's Boundary origin. */
export function abbreviated(segments: readonly Segment[], ox: number, oy: number): string {
  const p = (x: number, y: number) => `${num(x - ox)} ${num(y - oy)}`;
  return segments
    .map((s) => {
      switch (s.op) {
        case "M":
        case "L": return `${s.op} ${p(s.x, s.y)}`;
        case "B": return `B ${p(s.x1, s.y1)} ${p(s.x2, s.y2)} ${p(s.x, s.y)}`;
        case "Q": return `Q ${p(s.x1, s.y1)} ${p(s.x, s.y)}`;
        case "A": return `A ${num(s.rx)} ${num(s.ry)} ${num(s.angle)} ${s.large} ${s.sweep} ${p(s.x, s.y)}`;
        case "C": return "C";
      }
    })
    .join(" ");
}
