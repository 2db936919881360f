/**
 * The renderers, one folder each, all with the same shape: (presented document, fonts, options) → bytes.
 * They are peers: none imports another, and all read only the presented document (src/present/):
 * this module presents the model once per thread and model (presentOnce, then paginate with the
 * PDF typesetter's measure, the one place the PDF renderer's layout is lent to the presentation stage),
 * and hands the result to the format's renderer.
 * Adding a format means adding a folder and a line here.
 */
import type { DocModel } from "../model/types.js";
import { presentOnce } from "../present/present.js";
import { paginate } from "../present/paginate.js";
import type { PresentedDocument } from "../present/types.js";
import type { FontProfile } from "../fonts/profile.js";
import type { Format } from "../options/flags.js";
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

/** What a format's module exports: it draws a presented document. */
type DrawPresented = (doc: PresentedDocument, fonts: FontProfile, options: RenderOptions) => Promise<Buffer>;

/** A renderer module, as the render pool and workers use it. */
interface RendererModule {
  readonly render: DrawPresented;
  /** What it can do once before its first document (render-worker.ts), if anything beyond rendering one. */
  readonly warmUp: (fonts: FontProfile) => Promise<void>;
  /** What it can prepare from a report's text alone, before its model (render-pool.ts hint). */
  readonly prepareText: (fonts: FontProfile, text: string) => void;
}

/** Each renderer is loaded on first use: a render worker loads only the formats it is given. */
const MODULES: Readonly<Record<Format, () => Promise<RendererModule>>> = {
  pdf: async () => {
    const m = await import("./pdf/index.js");
    return { render: m.renderPdf, warmUp: async (fonts) => void (await m.renderPdf(await presented(warmUpModel(fonts), fonts), fonts, { date: new Date(0) })), prepareText: m.prepareText };
  },
  docx: async () => {
    const m = await import("./docx/index.js");
    return { render: m.renderDocx, warmUp: m.prepareDocx, prepareText: () => undefined };
  },
  // Strings only: nothing to load or warm up; fonts are the reader's (a font stack), not the profile's.
  html: async () => {
    const m = await import("./html/index.js");
    return { render: (doc, _fonts, options) => m.renderHtml(doc, { sources: options.sources === true }), warmUp: async () => undefined, prepareText: () => undefined };
  },
};

export async function preloadRenderer(format: Format): Promise<void> {
  await MODULES[format]();
}

export const RENDERERS: Readonly<Record<Format, Renderer>> = {
  pdf: async (model, fonts, options) => (await MODULES.pdf()).render(await presented(model, fonts), fonts, options),
  // Word and LibreOffice paginate a DOCX themselves (with the keep rules the presentation stage sets), so it
  // gets the document unpaginated, like HTML: the PDF's page flow (paginate.ts, ~1 s of layout a bulletin)
  // would only move floats there, and Word places them by its own measure (issue 12 note: no fewer holes).
  docx: async (model, fonts, options) => (await MODULES.docx()).render(presentOnce(model, fonts), fonts, options),
  // A web page scrolls: presented, not paginated (floats stay where the text refers to them).
  html: async (model, fonts, options) => (await MODULES.html()).render(presentOnce(model, fonts), fonts, options),
};

/** Presented and paginated once per model and fonts in a process (a thread rendering both formats shares it). */
const PRESENTED = new WeakMap<DocModel, { fonts: FontProfile; doc: Promise<PresentedDocument> }>();

export function presented(model: DocModel, fonts: FontProfile): Promise<PresentedDocument> {
  const hit = PRESENTED.get(model);
  if (hit && hit.fonts === fonts) return hit.doc;
  const doc = (async () => {
    const { measurePdf } = await import("./pdf/measure.js");
    return paginate(presentOnce(model, fonts), measurePdf(fonts));
  })();
  PRESENTED.set(model, { fonts, doc });
  return doc;
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
  await (await MODULES[format]()).warmUp(fonts);
}

/** What a renderer prepares from a report's text alone, before its model (render-pool.ts hint). */
export async function prepareText(format: Format, fonts: FontProfile, text: string): Promise<void> {
  (await MODULES[format]()).prepareText(fonts, text);
}
