/**
 * The renderers, one folder each, all with the same shape: (model, fonts, options) → bytes.
 * They are peers: neither imports the other, and both read only the document model.
 * Adding a format (HTML later) means adding a folder and a line here.
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

/** Each renderer is loaded on first use: a render worker loads only the formats it is given. */
const LOADERS: Readonly<Record<Format, () => Promise<Renderer>>> = {
  pdf: async () => (await import("./pdf/index.js")).renderPdf,
  docx: async () => (await import("./docx/index.js")).renderDocx,
};

export function preloadRenderer(format: Format): Promise<Renderer> {
  return LOADERS[format]();
}

/** What a renderer can prepare from a report's text alone, before its model (render-pool.ts hint). */
export const TEXT_PREPARERS: Readonly<Record<Format, (fonts: FontProfile, text: string) => Promise<void>>> = {
  pdf: async (fonts, text) => (await import("./pdf/index.js")).prepareText(fonts, text),
  docx: async () => undefined,
};

export const RENDERERS: Readonly<Record<Format, Renderer>> = {
  pdf: async (model, fonts, options) => (await LOADERS.pdf())(model, fonts, options),
  docx: async (model, fonts, options) => (await LOADERS.docx())(model, fonts, options),
};

/**
 * What each renderer does once before its first document, while a render worker would otherwise wait for
 * the main thread to compose (render-worker.ts). Nothing it leaves behind changes a later byte.
 * - pdf: renders a short document with one block of each kind (warm-up.ts): code compiled, font tables
 *   parsed, the common characters shaped;
 * - docx: starts harfbuzz (WebAssembly) and makes the chart fonts' first subsets for the PNG fallbacks. A
 *   whole warm-up document would cost more CPU than it saves while the main thread composes.
 */
export const WARM_UPS: Readonly<Record<Format, (fonts: FontProfile) => Promise<void>>> = {
  pdf: async (fonts) => void (await RENDERERS.pdf(warmUpModel(fonts), fonts, { date: new Date(0) })),
  docx: async (fonts) => (await import("./docx/index.js")).prepareDocx(fonts),
};
