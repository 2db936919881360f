/**
 * pdfkit deflates every stream of every document (PDFReference.finalize: zlib.deflateSync) — the font
 * subsets, the charts, each page's content — ~20 ms a bulletin. A report rendered again after an edit (the
 * preview), or a prefecture's pages that match another's, has mostly the same streams: the deflated bytes
 * are kept per process by the SHA-256 of what goes in (zlib's output depends only on its input and options,
 * and pdfkit calls it with the defaults, as here), at most `KEEP_BYTES` of them (8 MiB: a bulletin PDF is ~0.3 MiB), the oldest dropped first.
 * Encrypted documents (not made here) are left to pdfkit.
 *
 * Relies on pdfkit 0.19's PDFReference (buffer, compress, finalize), reached through a throwaway document
 * since pdfkit does not export the class.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { deflateSync } from "node:zlib";

const require = createRequire(import.meta.url);
const KEEP_BYTES = 8 * 1024 * 1024;
const deflated = new Map<string, Buffer>();
let kept = 0;
let installed = false;

interface Reference {
  compress: boolean;
  buffer: Uint8Array[];
  readonly document: { readonly _security?: unknown };
  finalize(): void;
}

function deflate(raw: Buffer): Buffer {
  const key = createHash("sha256").update(raw).digest("base64");
  const hit = deflated.get(key);
  if (hit) {
    // Most recently used last: Map keeps insertion order, so the oldest go first below.
    deflated.delete(key);
    deflated.set(key, hit);
    return hit;
  }
  const out = deflateSync(raw);
  deflated.set(key, out);
  kept += out.length;
  for (const [k, v] of deflated) {
    if (kept <= KEEP_BYTES) break;
    deflated.delete(k);
    kept -= v.length;
  }
  return out;
}

/** Patches pdfkit's PDFReference; call after font-cache.ts's shareFontkitFonts (this loads pdfkit). */
export function installStreamCache(): void {
  if (installed) return;
  installed = true;
  const PDFDocument = require("pdfkit") as new (options: object) => { ref(): Reference };
  const proto = Object.getPrototypeOf(new PDFDocument({ autoFirstPage: false }).ref()) as Reference;
  const finalize = proto.finalize;
  proto.finalize = function (this: Reference) {
    if (this.compress && this.buffer.length > 0 && !this.document._security) {
      // What finalize would deflate, deflated here; it then writes it as it is (its Filter is already set).
      this.buffer = [deflate(Buffer.concat(this.buffer))];
      this.compress = false;
    }
    finalize.call(this);
  };
}
