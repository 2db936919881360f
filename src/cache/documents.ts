/**
 * Rendered documents through the artefact cache (store.ts): a renderer reads the model, the font profile's
 * faces and its options (the date; the preview's sources), and nothing else (src/render/index.ts), so these
 * and the code version are the key.
 */
import type { Format } from "../options/flags.js";
import type { FontProfile } from "../fonts/profile.js";
import type { DocModel } from "../model/types.js";
import type { RenderOptions } from "../render/index.js";
import { facesDigest } from "./font-digest.js";
import { artefactCache } from "./store.js";

/** Every option a renderer reads is in the key: the date, and the preview's `sources` when set. */
export function documentKey(model: DocModel, format: Format, options: RenderOptions, fonts: FontProfile): string {
  return artefactCache().key("document", [format, String(options.date.getTime()), fonts.name, facesDigest(fonts.faces), JSON.stringify(model), ...(options.sources ? ["sources"] : [])]);
}

/** The keys of the documents this process asked for since the last call (build-record.ts). */
const asked: string[] = [];
export function takeDocumentKeys(): string[] {
  return asked.splice(0);
}

/** The document from the cache, else `render`'s, stored. */
export async function cachedDocument(
  model: DocModel,
  format: Format,
  options: RenderOptions,
  fonts: FontProfile,
  render: (model: DocModel, format: Format, options: RenderOptions) => Promise<Buffer>,
): Promise<Buffer> {
  const cache = artefactCache();
  const key = documentKey(model, format, options, fonts);
  asked.push(key);
  const hit = cache.get("document", key);
  if (hit) return hit;
  const made = await render(model, format, options);
  cache.put("document", key, made);
  return made;
}
