/**
 * The two kinds of page object this writer draws (GB/T 33190-2016 §9 graphics, §11 text), as XML, each with its own
 * id. Coordinates come in page millimetres; an object's content is written relative to its Boundary's origin (§8.2:
 * an object's box is its own coordinate space), its Boundary the box of what it draws.
 */
import type { Ids } from "./ids.js";
import { abbreviated, bounds, type Matrix, type Segment } from "./path.js";
import { box, esc, num } from "./units.js";

export interface PathStyle {
  /** Stroke colour (`r g b`) and line width in mm; none: not stroked. */
  readonly stroke?: string;
  readonly lineWidth?: number;
  /** Fill colour; none: not filled. */
  readonly fill?: string;
  /** 0–1; 1 unless given. */
  readonly strokeAlpha?: number;
  readonly fillAlpha?: number;
  /** Dash lengths in mm. */
  readonly dash?: readonly number[];
}

const alpha = (a: number | undefined): string => (a === undefined || a >= 1 ? "" : ` Alpha="${Math.round(Math.max(0, a) * 255)}"`);

/**
 * A PathObject (§9.3 table 35). Stroke and Fill are always written: the standard's defaults (stroke yes, fill no)
 * are not what every reader assumes (ofd.js fills only where Fill is given).
 */
export function pathObject(ids: Ids, segments: readonly Segment[], style: PathStyle): string | undefined {
  const b = bounds(segments);
  if (!b || (!style.stroke && !style.fill)) return undefined;
  const pad = style.stroke ? (style.lineWidth ?? 0.353) / 2 : 0;
  const x = b.x0 - pad, y = b.y0 - pad;
  const attrs = [
    `ID="${ids.next()}"`,
    `Boundary="${box(x, y, b.x1 - b.x0 + 2 * pad, b.y1 - b.y0 + 2 * pad)}"`,
    ...(style.stroke ? [`LineWidth="${num(style.lineWidth ?? 0.353)}"`] : []),
    ...(style.dash?.length ? [`DashPattern="${style.dash.map(num).join(" ")}"`] : []),
    `Stroke="${style.stroke ? "true" : "false"}"`,
    `Fill="${style.fill ? "true" : "false"}"`,
  ];
  const colours = [
    ...(style.fill ? [`<ofd:FillColor Value="${style.fill}"${alpha(style.fillAlpha)}/>`] : []),
    ...(style.stroke ? [`<ofd:StrokeColor Value="${style.stroke}"${alpha(style.strokeAlpha)}/>`] : []),
  ];
  return `<ofd:PathObject ${attrs.join(" ")}>${colours.join("")}<ofd:AbbreviatedData>${abbreviated(segments, x, y)}</ofd:AbbreviatedData></ofd:PathObject>`;
}

export interface TextRun {
  /** Font resource id (PublicRes) and size in mm. */
  readonly font: number;
  readonly size: number;
  /** Bold face: Weight 700 too, for a reader that picks the face by weight (ofd.js asks the browser by family and weight). */
  readonly bold: boolean;
  /** The characters (code points) and each one's x on the page; the baseline's y. */
  readonly chars: readonly string[];
  readonly xs: readonly number[];
  readonly baseline: number;
  /** The run's box on the page (mm): x, y, width, height. */
  readonly box: readonly [number, number, number, number];
  /** `r g b`; black unless given. */
  readonly fill?: string;
  readonly fillAlpha?: number;
  /** Turned text (§8.2): xs and baseline are in the text's own space, this matrix takes it into the box's. */
  readonly ctm?: Matrix;
}

/**
 * A TextObject with one TextCode (§11.3 table 45, §11.4 table 46): X and Y (the baseline) of the first character,
 * DeltaX the distance from each character to the next — the advance and spacing the layout gave it, taken between
 * positions rounded to a micrometre, so the error does not add up along a line. Runs of equal distances are
 * written `g n d` (§11.4: repeat d n times).
 */
export function textObject(ids: Ids, run: TextRun): string {
  const [bx, by, bw, bh] = run.box;
  const [ox, oy] = run.ctm ? [0, 0] : [bx, by];
  const at = run.xs.map((x) => Math.round((x - ox) * 1000) / 1000);
  const deltas = at.slice(1).map((x, i) => num(x - at[i]!));
  const attrs = [`ID="${ids.next()}"`, `Boundary="${box(bx, by, bw, bh)}"`, `Font="${run.font}"`, `Size="${num(run.size)}"`, ...(run.ctm ? [`CTM="${run.ctm.map(num).join(" ")}"`] : []), ...(run.bold ? [`Weight="700"`] : [])];
  const delta = deltas.length ? ` DeltaX="${compress(deltas)}"` : "";
  const fill = `<ofd:FillColor Value="${run.fill ?? "0 0 0"}"${alpha(run.fillAlpha)}/>`;
  return `<ofd:TextObject ${attrs.join(" ")}>${fill}<ofd:TextCode X="${num(at[0] ?? 0)}" Y="${num(run.baseline - oy)}"${delta}>${esc(run.chars.join(""))}</ofd:TextCode></ofd:TextObject>`;
}

function compress(values: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j < values.length && values[j] === values[i]) j++;
    if (j - i >= 3) out.push(`g ${j - i} ${values[i]}`);
    else out.push(...values.slice(i, j));
    i = j;
  }
  return out.join(" ");
}
