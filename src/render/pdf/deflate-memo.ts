/**
 * A PDF's compressed streams, kept from one document to the next in a thread, by their content's SHA-256: after
 * a template edit the preview's render thread writes the same report again, and most of its streams — the font
 * subsets, the pages the edit did not reach, the metadata — are the bytes of the last document. pdfkit 0.19
 * compresses every stream with `zlib.deflateSync(bytes)` and zlib's defaults
 * (PDFReference.finalize); the same call on the same bytes gives the same result, so one kept is the one that
 * would be made. Bounded: MAX_BYTES of compressed streams, the least recently used dropped first.
 */
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";

/** Streams shorter than this are compressed each time: a hash costs about what their compression does. */
const MIN_BYTES = 1024;
/** The compressed streams kept, in bytes: the bulletin's whole PDF is ~0.4 MB, all ten reports' ~1.2 MB. */
const MAX_BYTES = 8 * 1024 * 1024;

const kept = new Map<string, Buffer>();
let keptBytes = 0;

/** zlib.deflateSync(data), as pdfkit calls it, from the memo when the same bytes were compressed before. */
export function deflateKept(data: Buffer): Buffer {
  if (data.length < MIN_BYTES) return deflateSync(data);
  const key = createHash("sha256").update(data).digest("base64");
  let out = kept.get(key);
  if (out) {
    kept.delete(key); // most recently used last
  } else {
    out = deflateSync(data);
    keptBytes += out.length;
    for (const [k, v] of kept) {
      if (keptBytes <= MAX_BYTES) break;
      kept.delete(k);
      keptBytes -= v.length;
    }
  }
  kept.set(key, out);
  return out;
}
