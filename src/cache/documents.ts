/**
 * Rendered documents through the artefact cache (store.ts): a renderer reads the model, the font profile's
 * faces and the date, and nothing else (src/render/index.ts), so these and the code version are the key.
 */
import type { Format } from "../options/flags.js";
import type { FontProfile } from "../fonts/profile.js";
import type { DocModel } from "../model/types.js";
import { facesDigest } from "./font-digest.js";
import { artefactCache } from "./store.js";

export function documentKey(model: DocModel, format: Format, date: Date, fonts: FontProfile): string {
  return artefactCache().key("document", [format, String(date.getTime()), fonts.name, facesDigest(fonts.faces), JSON.stringify(model)]);
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
  date: Date,
  fonts: FontProfile,
  render: (model: DocModel, format: Format, date: Date) => Promise<Buffer>,
): Promise<Buffer> {
  const cache = artefactCache();
  const key = documentKey(model, format, date, fonts);
  asked.push(key);
  const hit = cache.get("document", key);
  if (hit) return hit;
  const made = await render(model, format, date);
  cache.put("document", key, made);
  return made;
}
