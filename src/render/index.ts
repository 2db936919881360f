/**
 * The renderers, one folder each, all with the same shape: (model, fonts, options) → bytes.
 * They are peers: none imports another, and all read only the document model.
 * Adding a format means adding a folder and a line here (html/ is the third).
 */
import type { DocModel } from "../model/types.js";
import type { FontProfile } from "../fonts/profile.js";
import type { Format } from "../build/options.js";
import { warmUpModel } from "./warm-up.js";

export interface RenderOptions {
  /** The date written into the output's metadata (SOURCE_DATE_EPOCH or the documented default). */
  readonly date: Date;
}

export type Renderer = (model: DocModel, fonts: FontProfile, options: RenderOptions) => Promise<Buffer>;

/** A renderer module, as the render pool and workers use it. */
interface RendererModule {
  readonly render: Renderer;
  /** What it can do once before its first document (render-worker.ts), if anything beyond rendering one. */
  readonly warmUp: (fonts: FontProfile) => Promise<void>;
  /** What it can prepare from a report's text alone, before its model (render-pool.ts hint). */
  readonly prepareText: (fonts: FontProfile, text: string) => void;
}

/** Each renderer is loaded on first use: a render worker loads only the formats it is given. */
const MODULES: Readonly<Record<Format, () => Promise<RendererModule>>> = {
  pdf: async () => {
    const m = await import("./pdf/index.js");
    return { render: m.renderPdf, warmUp: async (fonts) => void (await m.renderPdf(warmUpModel(fonts), fonts, { date: new Date(0) })), prepareText: m.prepareText };
  },
  docx: async () => {
    const m = await import("./docx/index.js");
    return { render: m.renderDocx, warmUp: m.prepareDocx, prepareText: () => undefined };
  },
  // Strings only: nothing to load or warm up; fonts are the reader's (a font stack), not the profile's.
  html: async () => {
    const m = await import("./html/index.js");
    return { render: (model) => m.renderHtml(model), warmUp: async () => undefined, prepareText: () => undefined };
  },
};

export async function preloadRenderer(format: Format): Promise<void> {
  await MODULES[format]();
}

export const RENDERERS: Readonly<Record<Format, Renderer>> = {
  pdf: async (model, fonts, options) => (await MODULES.pdf()).render(model, fonts, options),
  docx: async (model, fonts, options) => (await MODULES.docx()).render(model, fonts, options),
  html: async (model, fonts, options) => (await MODULES.html()).render(model, fonts, options),
};

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
