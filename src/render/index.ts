/**
 * The renderers, one folder each, all with the same shape: (what the format takes, fonts, options) → bytes.
 * They are peers: none imports another, and all read only what the presentation stage made (src/present/):
 * this module presents the model once per thread and model (presentOnce; for a page format, paginate with
 * the presentation stage's own page flow as the measure, then the pages laid out once: src/present/pages/),
 * and hands the result to the format's renderer.
 * Adding a format means adding a folder and an entry in the format table (src/formats.ts).
 */
import type { DocModel } from "../model/types.js";
import { presentOnce } from "../present/present.js";
import { paginate } from "../present/paginate.js";
import { paged } from "../present/pages/index.js";
import { pagesMeasure } from "../present/pages/measure.js";
import type { PresentedDocument } from "../present/types.js";
import type { FontProfile } from "../fonts/profile.js";
import { FORMATS, formatSpec, type Format, type RendererModule } from "../formats.js";
import { warmUpModel } from "./warm-up.js";

export interface RenderOptions {
  /** The date written into the output's metadata (SOURCE_DATE_EPOCH or the documented default). */
  readonly date: Date;
  /**
   * The preview's pages: each block says which template file and line it came from (HTML `data-source`, the
   * hover of ARCHITECTURE.md "Preview"). Never set by a build: the page a webmaster uploads does not carry it.
   * PDF and DOCX have no place for it. Part of a document's cache key (cache/documents.ts).
   */
  readonly sources?: boolean;
}

export type Renderer = (model: DocModel, fonts: FontProfile, options: RenderOptions) => Promise<Buffer>;

/** Each renderer is loaded on first use (the format table's loader): a render worker loads only the formats it is given. */
const LOADED = new Map<Format, Promise<RendererModule>>();

function loaded(format: Format): Promise<RendererModule> {
  let m = LOADED.get(format);
  if (!m) LOADED.set(format, (m = formatSpec(format).load()));
  return m;
}

export async function preloadRenderer(format: Format): Promise<void> {
  await loaded(format);
}

/** The model rendered as the format takes it: laid out into pages, or presented only. */
async function renderWith(m: RendererModule, model: DocModel, fonts: FontProfile, options: RenderOptions): Promise<Buffer> {
  return m.input === "pages" ? m.render(paged(await presented(model, fonts), fonts), fonts, options) : m.render(presentOnce(model, fonts), fonts, options);
}

export const RENDERERS: Readonly<Record<Format, Renderer>> = Object.fromEntries(
  FORMATS.map((format) => [format, async (model: DocModel, fonts: FontProfile, options: RenderOptions) => renderWith(await loaded(format), model, fonts, options)]),
) as Record<Format, Renderer>;

/** Presented and paginated once per model and fonts in a process (a thread rendering both formats shares it). */
const PRESENTED = new WeakMap<DocModel, { fonts: FontProfile; doc: Promise<PresentedDocument> }>();

export function presented(model: DocModel, fonts: FontProfile): Promise<PresentedDocument> {
  const hit = PRESENTED.get(model);
  if (hit && hit.fonts === fonts) return hit.doc;
  const doc = paginate(presentOnce(model, fonts), pagesMeasure(fonts));
  PRESENTED.set(model, { fonts, doc });
  return doc;
}

/**
 * The report's pages as `--emit layout` writes them: every line with its text, place, size and the spacing it got,
 * every picture's box, why each page ends, and what pagination did (its log). Paginated again here, in the thread
 * that asks (the main thread: the render workers keep theirs), with the same result.
 */
export async function layoutOf(model: DocModel, fonts: FontProfile): Promise<string> {
  const fixes: string[] = [];
  const doc = await paginate(presentOnce(model, fonts), pagesMeasure(fonts), (f) => fixes.push(f));
  const { pages } = paged(doc, fonts);
  const r = (n: number): number => Math.round(n * 100) / 100;
  const out = {
    title: pages.meta.title,
    page: pages.page,
    pagination: fixes,
    pages: pages.pages.map((p) => ({
      number: p.number,
      end: { ...p.end, empty: r(p.end.empty) },
      items: p.items.flatMap((x): object[] =>
        x.kind === "line"
          ? [{ kind: x.kind, role: x.role, block: x.block, text: x.text, x: r(x.x), top: r(x.top), baseline: r(x.baseline), size: x.size, added: r(x.added), perGap: r(x.perGap), ends: x.ends, segments: x.segments.map((s) => ({ text: s.text, face: `${s.face.role}${s.face.bold ? " bold" : ""}`, x: r(s.x), spacing: r(s.spacing) })) }]
          : x.kind === "picture"
            ? [{ kind: x.kind, role: x.role, block: x.block, x: r(x.x), top: r(x.top), width: r(x.width), height: r(x.height), alt: x.alt }]
            : [],
      ),
    })),
    outline: pages.outline.map((o) => ({ ...o, top: r(o.top) })),
  };
  return `${JSON.stringify(out, null, 1)}
`;
}

/**
 * What each renderer does once before its first document, while a render worker would otherwise wait for
 * the main thread to compose (render-worker.ts). Nothing it leaves behind changes a later byte.
 * - pdf: renders a short document with one block of each kind (warm-up.ts): code compiled, font tables
 *   parsed, the common characters shaped;
 * - docx: starts harfbuzz (WebAssembly) and makes the chart fonts' first subsets for the PNG fallbacks. A
 *   whole warm-up document would cost more CPU than it saves while the main thread composes.
 */
export async function warmUp(format: Format, fonts: FontProfile): Promise<void> {
  const m = await loaded(format);
  const model = warmUpModel(fonts);
  if (m.input === "pages") await m.warmUp?.(fonts, async () => paged(await presented(model, fonts), fonts));
  else await m.warmUp?.(fonts, async () => presentOnce(model, fonts));
}
