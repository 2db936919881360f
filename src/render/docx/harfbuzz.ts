/**
 * Font subsets for the chart PNGs (png.ts), made by harfbuzz's hb-subset (harfbuzzjs 1.6.4, WebAssembly) with the
 * calls subset-font 2.9.0 makes for a TrueType font with its default options (node_modules/subset-font/index.js:
 * every layout feature kept, the text's code points), so a subset has the same bytes as subset-font's.
 *
 * Why not subset-font itself: it keeps one harfbuzz instance for the life of the process, and a WebAssembly
 * memory only grows — subsetting a 10 MB CJK face leaves ~40 MiB in it, through the peak of a build. Here each
 * call has an instance of its own (the compiled module is kept: instantiating is cheap), dropped when it
 * returns, so its memory goes with the next full garbage collection (png.ts asks for one once the subsets are made).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The part of hb-subset's exports used here (harfbuzz's C API, hb-subset.h, hb-blob.h, hb-face.h, hb-set.h). */
interface HarfBuzz {
  readonly memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(bytes: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;

let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiles harfbuzz (once per process): a warm-up before the first document needs a subset. */
export function compileHarfBuzz(): Promise<WebAssembly.Module> {
  const wasm = createRequire(import.meta.url).resolve("harfbuzzjs/dist/harfbuzz-subset.wasm");
  return (compiled ??= WebAssembly.compile(readFileSync(wasm)));
}

/** Subsets of TrueType fonts, each to the characters of its `text`, each the bytes subset-font would give. */
export async function subsetTrueType(requests: readonly { readonly font: Uint8Array; readonly text: string }[]): Promise<Buffer[]> {
  const instance = await WebAssembly.instantiate(await compileHarfBuzz(), {});
  const hb = instance.exports as unknown as HarfBuzz;
  hb._initialize();
  return requests.map(({ font, text }) => subsetOne(hb, font, text));
}

function subsetOne(hb: HarfBuzz, font: Uint8Array, text: string): Buffer {
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error("hb_subset_input_create_or_fail (harfbuzz) failed");
  const data = hb.malloc(font.byteLength);
  // The memory grows while harfbuzz works, which detaches earlier views: a fresh view at each use.
  new Uint8Array(hb.memory.buffer).set(font, data);
  const blob = hb.hb_blob_create(data, font.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  // Every layout feature (hb-subset's --layout-features=*), as subset-font keeps them.
  const features = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
  hb.hb_set_clear(features);
  hb.hb_set_invert(features);
  const unicodes = hb.hb_subset_input_unicode_set(input);
  for (const c of text) hb.hb_set_add(unicodes, c.codePointAt(0)!);
  let subset: number;
  try {
    subset = hb.hb_subset_or_fail(face, input);
  } finally {
    hb.hb_subset_input_destroy(input);
  }
  try {
    if (subset === 0) throw new Error("hb_subset_or_fail (harfbuzz) failed: is the font file damaged?");
    const result = hb.hb_face_reference_blob(subset);
    const offset = hb.hb_blob_get_data(result, 0);
    const length = hb.hb_blob_get_length(result);
    const bytes = Buffer.from(new Uint8Array(hb.memory.buffer).subarray(offset, offset + length));
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
    if (length === 0) throw new Error("harfbuzz made an empty subset: is the font file damaged?");
    return bytes;
  } finally {
    hb.hb_face_destroy(face);
    hb.free(data);
  }
}
