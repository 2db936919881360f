/**
 * Which elements of a chart's SVG show a figure, and whose (model ChartMark): each bar, point, rule or label
 * vega draws from a row of rows.ts carries the row as its scenegraph item's `datum`, whose `id` and `region`
 * name the figure in data/. The provenance goes into the HTML page (data-ref, data-region: the preview's hover)
 * while the SVG stays byte for byte what vega draws, so the PDF and DOCX embed the same chart as before.
 *
 * How: vega-scenegraph's SVG string renderer (vega 6.4 ships vega-scenegraph 5.3) writes every mark item as one
 * element whose attributes come from `attr(scene, item, attrs, tag)` — `tag` is the element's name for an
 * item, and null or a role ("bgrect", "bgfore") for a group's own paths. A subclass adds `data-ref` and
 * `data-region` there, and is made the headless renderer of vega's "svg" render module (the public
 * `renderModule`), the one `view.toSVG()` uses. `takeMarks` then takes the attributes out again and keeps
 * their places. The subclass is installed for the whole process (as metrics.ts installs text metrics); it only
 * adds attributes, which `takeMarks` removes from every SVG the chart renderer keeps.
 */
import * as vega from "vega";
import type { ChartMark } from "../model/types.js";
import { mapStartTags } from "../model/chart-marks.js";

type Attributes = Record<string, unknown>;
interface SvgStringRenderer {
  attr(scene: unknown, item: { datum?: Record<string, unknown> } | null, attrs: unknown, tag?: string | null): Attributes;
}
type RendererClass = new (loader?: unknown) => SvgStringRenderer;
interface RenderModule {
  readonly renderer?: unknown;
  readonly headless?: RendererClass;
  readonly handler?: unknown;
}

const scenegraph = vega as unknown as { SVGStringRenderer: RendererClass; renderModule: (name: string, module?: RenderModule) => RenderModule };

let installed = false;

/** Makes vega's toSVG write each figure's indicator and region on its element. Idempotent. */
export function installMarkRefs(): void {
  if (installed) return;
  const Base = scenegraph.SVGStringRenderer;
  if (typeof Base?.prototype?.attr !== "function") {
    throw new Error(`vega ${vega.version}: SVGStringRenderer.attr is gone (written for vega 6.4 / vega-scenegraph 5.3); see src/charts/marks.ts`);
  }
  class MarkRefRenderer extends Base {
    override attr(scene: unknown, item: { datum?: Record<string, unknown> } | null, attrs: unknown, tag?: string | null): Attributes {
      const out = super.attr(scene, item, attrs, tag);
      const datum = item?.datum;
      if (tag && tag !== "bgrect" && tag !== "bgfore" && typeof datum?.id === "string" && typeof datum.region === "string") {
        out["data-ref"] = datum.id;
        out["data-region"] = datum.region;
      }
      return out;
    }
  }
  scenegraph.renderModule("svg", { ...scenegraph.renderModule("svg"), headless: MarkRefRenderer });
  installed = true;
}

const REF = / data-ref="([^"]*)" data-region="([^"]*)"/;

/**
 * The SVG as vega draws it (the attributes taken out) and the marks: the elements that named a figure of
 * `rows` (a spec's transform may make a field `id` of its own: such an element is not a mark).
 */
export function takeMarks(svg: string, rows: readonly { readonly id: string; readonly region: string }[]): { svg: string; marks: ChartMark[] } {
  const figures = new Set(rows.map((r) => `${r.id}\0${r.region}`));
  const marks: ChartMark[] = [];
  const plain = mapStartTags(svg, (tag, _name, at) => {
    const m = REF.exec(tag);
    if (!m) return tag;
    if (figures.has(`${m[1]}\0${m[2]}`)) marks.push({ element: at, ref: m[1]!, region: m[2]! });
    return tag.replace(REF, "");
  });
  return { svg: plain, marks };
}
