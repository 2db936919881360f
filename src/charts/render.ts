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
import { installTextMetrics } from "./metrics.js";
import { chartRows } from "./rows.js";
import { DATA_NAME, loadChartSpec, type ChartSpec } from "./spec.js";
import { baseConfig, fontConfig, mergeDeep } from "./theme.js";
import { cached } from "../cache/store.js";
import { facesDigest } from "../cache/font-digest.js";

/** Whole points: the type area is 442.2 pt wide; the chart must not be wider. */
export const CHART_WIDTH = Math.floor(CHART.width);
export const DEFAULT_HEIGHT = 220;

interface Compiled {
  readonly chart: ChartSpec;
  /** vega's parsed runtime: reusable by any number of Views. */
  readonly runtime: vega.Runtime;
}

/** vega-scenegraph's reset of its SVG clip/gradient id counters; missing from vega's type declarations. */
const resetSVGDefIds = (vega as unknown as { resetSVGDefIds: () => void }).resetSVGDefIds;

export function createChartRenderer(templatesDir: string, fonts: FontProfile, display: (file: string) => string): ChartRenderer {
  installTextMetrics(fonts);
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

  return (name: string, dataset: Dataset, region: Region): Promise<ChartFigure> =>
    oneAtATime(() => {
      installTextMetrics(fonts); // another renderer in this process may have installed its profile since
      return renderChart(spec(name), () => compiled(spec(name)), { family, faces: facesDigest(chartFaces) }, dataset, region, drawn);
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

type Picture = { svg: string; width: number; height: number };

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
): Promise<ChartFigure> {
  const { rows, unit } = chartRows(chart, dataset, region);
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
    caption: chart.meta.caption.replaceAll("{year}", String(dataset.year)).replaceAll("{region}", region.name),
    ...(unit ? { unit } : {}),
    ...picture,
  };
}

async function drawChart({ chart, runtime }: Compiled, rows: ReturnType<typeof chartRows>["rows"]): Promise<Picture> {
  const messages: string[] = [];
  const view = new vega.View(runtime, { renderer: "none", logger: collectingLogger(messages) });
  let svg: string;
  try {
    view.data(DATA_NAME, rows);
    await fitToSize(view);
    resetSVGDefIds(); // clip ids restart per chart: same input, same string
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  // An empty layer (no highlighted region in the province report) warns "Infinite extent": harmless.
  const serious = messages.filter((m) => !/^Infinite extent/.test(m));
  if (serious.length > 0) {
    throw new UserError(serious.map((m) => ({ file: chart.display, message: `vega: ${m}` })));
  }
  svg = roundCoordinates(svg);
  return { svg, ...svgSize(svg, chart.display) };
}

/**
 * vega's autosize "fit" shrinks the plot once, by the overflow measured at the previous plot size
 * (vega-view-transforms ViewLayout: one adjustment per pulse). A label at the end of a bar moves
 * with the scale, so after that one step it can still stick out of the SVG (and be clipped in the
 * PDF). Re-running the layout is a fixed-point iteration that converges fast (the overflow changes
 * by less than the width does); stop when the plot size no longer changes.
 */
async function fitToSize(view: vega.View): Promise<void> {
  await view.runAsync();
  for (let i = 0; i < 8; i++) {
    const [w, h] = [view.width(), view.height()];
    await view.resize().runAsync();
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
