/**
 * `::chart{spec="name"}` → ChartFigure: templates/charts/<name>.vl.json (vega-lite) → vega → SVG, no
 * browser and no canvas (STACK.md "Charts"): `new vega.View(vega.parse(spec), { renderer: "none" }).toSVG()`.
 *
 * Per process and spec, cached: reading and validating the file, completing it (size, house style,
 * fonts), compiling vega-lite → vega and parsing the vega runtime — none of it depends on the data,
 * which arrives at render time as the named data set "indicators" (rows.ts). Per call: the rows, a
 * View, the SVG.
 */
import { join } from "node:path";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ChartRenderer } from "../compose.js";
import type { Dataset, Region } from "../data/types.js";
import { UserError } from "../errors.js";
import type { FontProfile } from "../fonts/profile.js";
import { CHART } from "../model/layout.js";
import type { ChartFigure } from "../model/parse.js";
import type { ChartMark } from "../model/types.js";
import { installTextMetrics } from "./metrics.js";
import { chartRows } from "./rows.js";
import { DATA_NAME, loadChartSpec, type ChartSpec } from "./spec.js";
import { chartTable } from "./table.js";
import { ROW_FIELDS } from "./sandbox.js";
import { baseConfig, fontConfig, mergeDeep } from "./theme.js";
import { installTickFunction } from "./ticks.js";
import { installMarkRefs, takeMarks } from "./marks.js";
import { svgProblem, watchBudget, type Budget } from "./budget.js";
import { cached } from "../cache/store.js";
import { facesDigest } from "../cache/font-digest.js";

/** Whole points: the type area is 442.2 pt wide; the chart must not be wider. */
export const CHART_WIDTH = Math.floor(CHART.width);
export const DEFAULT_HEIGHT = 220;
/** Rows a chart may receive: a chart of every indicator × region of a bulletin is a few hundred at most. */
export const MAX_CHART_ROWS = 2000;
/** Time a chart may take to lay out and draw (each one takes 10–100 ms). Checked before each of vega's operators (budget.ts). */
export const CHART_TIME_LIMIT_MS = 10_000;

/**
 * vega's loader, refusing every load: a chart reads the rows it is given and nothing else — no file, no URL
 * (an image mark, a data url that slipped past sandbox.ts). vega 6 View option `loader`.
 */
const refusingLoader = {
  load: (uri: string) => Promise.reject(new Error(`charts load nothing (asked for ${uri})`)),
  sanitize: (uri: string) => Promise.reject(new Error(`charts load nothing (asked for ${uri})`)),
  http: (uri: string) => Promise.reject(new Error(`charts load nothing (asked for ${uri})`)),
  file: (uri: string) => Promise.reject(new Error(`charts load nothing (asked for ${uri})`)),
} as unknown as vega.Loader;

interface Compiled {
  readonly chart: ChartSpec;
  /** vega's parsed runtime: reusable by any number of Views. */
  readonly runtime: vega.Runtime;
}

/** vega-scenegraph's reset of its SVG clip/gradient id counters; missing from vega's type declarations. */
const resetSVGDefIds = (vega as unknown as { resetSVGDefIds: () => void }).resetSVGDefIds;

export function createChartRenderer(templatesDir: string, fonts: FontProfile, display: (file: string) => string): ChartRenderer {
  installTextMetrics(fonts);
  installTickFunction(); // specs' value axes call roundTicks (ticks.ts)
  installMarkRefs(); // which elements show which figure (marks.ts)
  const family = fonts.roles.chart.regular.family;
  const chartsDir = join(templatesDir, "charts");
  const specs = new Map<string, ChartSpec>();
  const cache = new Map<string, Compiled>();
  const drawn = new Map<string, Picture>();
  // The spec is read for every chart; it is compiled only when its SVG is not in the artefact cache.
  const spec = (name: string): ChartSpec => {
    let c = specs.get(name);
    if (!c) {
      c = loadChartSpec(chartsDir, name, display);
      specs.set(name, c);
    }
    return c;
  };
  const compiled = (chart: ChartSpec): Compiled => {
    let c = cache.get(chart.name);
    if (!c) {
      c = compileChart(chart, family);
      cache.set(chart.name, c);
    }
    return c;
  };
  const chartFaces = [...new Set([fonts.roles.chart.regular, fonts.roles.chart.bold])];

  return (name: string, dataset: Dataset, region: Region, indicator?: string): Promise<ChartFigure> =>
    oneAtATime(() => {
      installTextMetrics(fonts); // another renderer in this process may have installed its profile since
      return renderChart(spec(name), () => compiled(spec(name)), { family, faces: facesDigest(chartFaces) }, dataset, region, drawn, indicator);
    });
}

// One chart at a time in the process: the text metrics and vega's SVG id counters are process-wide,
// and the parser asks for all of a document's figures at once. Rendering is CPU-bound: nothing is lost.
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job);
  queue = run.catch(() => undefined);
  return run;
}

/** The spec as vega-lite will see it: our size and style, the spec's own config, then our fonts. */
export function completeSpec(chart: ChartSpec, family: string): TopLevelSpec {
  const own = (chart.spec.config ?? {}) as Record<string, unknown>;
  return {
    ...chart.spec,
    width: CHART_WIDTH,
    height: (chart.spec.height as number | undefined) ?? DEFAULT_HEIGHT,
    // "fit" + "padding": the SVG is exactly width × height, axes and legend included.
    autosize: { type: "fit", contains: "padding" },
    config: mergeDeep(mergeDeep(baseConfig(), own), fontConfig(family)),
  } as unknown as TopLevelSpec;
}

function compileChart(chart: ChartSpec, family: string): Compiled {
  const messages: string[] = [];
  const logger = collectingLogger(messages);
  let spec: vega.Spec;
  try {
    spec = compile(completeSpec(chart, family), { logger }).spec;
  } catch (e) {
    throw new UserError({ file: chart.display, message: `not a valid vega-lite spec: ${(e as Error).message}`, hint: "see https://vega.github.io/vega-lite/docs/" });
  }
  // vega-lite only warns about, e.g., a field or channel it drops: the chart would be silently wrong.
  if (messages.length > 0) {
    throw new UserError(messages.map((m) => ({ file: chart.display, message: `vega-lite: ${m}` })));
  }
  if (!(spec.data ?? []).some((d) => d.name === DATA_NAME)) {
    throw new UserError({ file: chart.display, message: `the compiled chart does not read the data set "${DATA_NAME}"` });
  }
  return { chart, runtime: vega.parse(spec) };
}

type Picture = { svg: string; width: number; height: number; marks: ChartMark[] };

/**
 * @param drawn SVGs this renderer already drew, by chart and data rows: most charts of a prefecture report
 *   show the province (no highlight), so they are the same in every report of a batch; spec and rows are
 *   the whole input.
 */
async function renderChart(
  chart: ChartSpec,
  compiled: () => Compiled,
  fonts: { readonly family: string; readonly faces: string },
  dataset: Dataset,
  region: Region,
  drawn: Map<string, Picture>,
  indicator?: string,
): Promise<ChartFigure> {
  const { rows, unit } = chartRows(chart, dataset, region, indicator);
  const key = `${chart.display}\0${JSON.stringify(rows)}`;
  let picture = drawn.get(key);
  if (!picture) {
    // The artefact cache (src/cache/): the spec as read, the rows, the chart faces and the code are the whole input.
    const stored = await cached("chart", [JSON.stringify(chart.spec), JSON.stringify(rows), fonts.family, fonts.faces], async () =>
      Buffer.from(JSON.stringify(await drawChart(compiled(), rows))),
    );
    picture = JSON.parse(stored.toString("utf8")) as Picture;
    drawn.set(key, picture);
  }
  return {
    chart: chart.name,
    // {label}: the indicator's label, for a spec drawn per indicator (`indicator="…"`)
    caption: chart.meta.caption.replaceAll("{year}", String(dataset.year)).replaceAll("{region}", region.name).replaceAll("{label}", rows[0]!.label),
    ...(unit ? { unit } : {}),
    ...picture,
    data: chartTable(chart.meta, rows, unit),
  };
}

async function drawChart({ chart, runtime }: Compiled, rows: ReturnType<typeof chartRows>["rows"]): Promise<Picture> {
  const messages: string[] = [];
  if (rows.length > MAX_CHART_ROWS) {
    throw new UserError({ file: chart.display, path: "usermeta.bulletin.indicators", message: `the chart has ${rows.length} data rows, more than the limit of ${MAX_CHART_ROWS}`, hint: "split it into several charts" });
  }
  const bad = rows.find((r) => !Number.isFinite(r.value));
  if (bad) {
    throw new UserError({ file: chart.display, path: "usermeta.bulletin.indicators", line: chart.lineOf(bad.id), message: `${bad.id} for ${bad.region} is not a finite number (${bad.text}): its mark would vanish`, hint: "check the value in data/ (at most 15 significant digits)" });
  }
  const view = new vega.View(runtime, { renderer: "none", logger: collectingLogger(messages), loader: refusingLoader });
  let svg: string;
  try {
    // time, rows and text checked before each of vega's operators (budget.ts)
    const budget = watchBudget(view, chart.display, CHART_TIME_LIMIT_MS);
    view.data(DATA_NAME, rows);
    await fitToSize(view, budget);
    if (!(view.width() > 0 && view.height() > 0)) {
      throw new UserError({ file: chart.display, message: `the chart leaves its plot no room (${Math.round(view.width())} × ${Math.round(view.height())} points): padding, offsets and labels take all of it`, hint: "make the padding, offsets and label sizes smaller" });
    }
    resetSVGDefIds(); // clip ids restart per chart: same input, same string
    svg = await view.toSVG();
    budget.check();
  } finally {
    view.finalize();
  }
  // "Infinite extent" comes from an empty layer (no highlighted region in the province report: harmless)
  // or from a field no row has a number for (every growth unpublished: an empty chart). Only the second
  // is an error; a field a transform makes cannot be told apart and is let through.
  const serious = messages.filter((m) => {
    const field = /^Infinite extent for field "([^"]+)"/.exec(m)?.[1];
    if (field === undefined) return true;
    if (!(ROW_FIELDS as readonly string[]).includes(field)) return false;
    return rows.length > 0 && !rows.some((r) => Number.isFinite((r as unknown as Record<string, unknown>)[field]));
  });
  if (serious.length > 0) {
    throw new UserError(serious.map((m) => ({ file: chart.display, message: `vega: ${m}` })));
  }
  // The SVG as vega draws it, and which of its elements show which figure (marks.ts).
  const { svg: drawn, marks } = takeMarks(roundCoordinates(svg), rows);
  const size = svgSize(drawn, chart.display);
  const drawnBadly = svgProblem(drawn, size.width, size.height);
  if (drawnBadly) throw new UserError({ file: chart.display, message: `the chart cannot be drawn: ${drawnBadly}`, hint: "make its offsets (dx, dy, offset, padding) smaller, and give every field drawn as a size a scale (not \"scale\": null)" });
  return { svg: drawn, ...size, marks };
}

/**
 * vega's autosize "fit" shrinks the plot once, by the overflow measured at the previous plot size
 * (vega-view-transforms ViewLayout: one adjustment per pulse). A label at the end of a bar moves
 * with the scale, so after that one step it can still stick out of the SVG (and be clipped in the
 * PDF). Re-running the layout is a fixed-point iteration that converges fast (the overflow changes
 * by less than the width does); stop when the plot size no longer changes.
 */
async function fitToSize(view: vega.View, budget: Budget): Promise<void> {
  await view.runAsync();
  budget.check();
  for (let i = 0; i < 8; i++) {
    const [w, h] = [view.width(), view.height()];
    await view.resize().runAsync();
    budget.check();
    if (view.width() === w && view.height() === h) return;
  }
}

/**
 * Geometry to 0.01 pt (`93.05999999999999` → `93.06`): invisible at any print resolution, and it keeps the
 * SVG short and its snapshots readable. Only geometric attributes: text and aria labels stay as they are.
 */
export function roundCoordinates(svg: string): string {
  return svg.replace(/\s(d|transform|x|y|x1|x2|y1|y2|dx|dy|width|height)="([^"]*)"/g, (_, name: string, value: string) => {
    const v = value.replace(/-?\d*\.\d{3,}/g, (n) => String(Math.round(Number(n) * 100) / 100 || 0));
    return ` ${name}="${v}"`;
  });
}

/** The SVG root's own size (what the document must reserve), not what we asked for. */
function svgSize(svg: string, display: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const attr = (name: string): number => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(root)?.[1]);
  const width = attr("width");
  const height = attr("height");
  if (!(width > 0 && height > 0)) throw new Error(`${display}: vega produced an SVG without a size`);
  return { width, height };
}

/** A vega logger that keeps warnings and errors (vega's default prints them and carries on). */
function collectingLogger(into: string[]): vega.LoggerInterface {
  let level = vega.Warn;
  const keep =
    (min: number) =>
    (...args: readonly unknown[]): vega.LoggerInterface => {
      if (level >= min) into.push(args.map(String).join(" "));
      return logger;
    };
  const logger: vega.LoggerInterface = {
    level(_?: number) {
      if (_ === undefined) return level;
      level = _;
      return logger;
    },
    error: keep(vega.Error),
    warn: keep(vega.Warn),
    info: () => logger,
    debug: () => logger,
  } as vega.LoggerInterface;
  return logger;
}
