/**
 * A chart's pixels as a PNG (ISO/IEC 15948): 8-bit RGB rows, each with filter type 0 (None), deflated by Node's zlib
 * at level 3, in one IDAT chunk.
 *
 * Why not resvg-js's own `asPng()`: its encoder (the png crate, from the premultiplied pixmap, un-premultiplied into
 * a copy first) takes ~60 % of a chart PNG's time — ~100 ms of the bulletin's seven charts, on the main thread's
 * critical path — where zlib at level 3 deflates the same pixels in ~20 ms into files about as large (RGB rows of
 * white-backed charts; level 6 would be ~3× slower for files a third smaller). Charts are drawn on an opaque
 * background, so their premultiplied pixels are their colours: the alpha channel carries nothing and is left out.
 * A picture with any pixel not opaque is not encoded here (`isOpaque`: the caller keeps resvg's encoder for it).
 *
 * The rows are packed in place in the pixel buffer resvg-js hands over (a copy of its pixmap, `RenderedImage.pixels`):
 * a packed row (1 + 3 × width bytes) never starts after the unpacked row it comes from (4 × width bytes each), so
 * writing row y never overwrites a pixel not read yet, and no second buffer of the image's size is allocated.
 */
import { deflateSync } from "node:zlib";
import { crc32 } from "../zip.js";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** IHDR: 8 bits a sample, colour type 2 (RGB), deflate, adaptive filtering (method 0), no interlace. */
const BIT_DEPTH = 8;
const COLOUR_RGB = 2;
const LEVEL = 3;

/**
 * The pixels as 32-bit words, each R | G << 8 | B << 16 | A << 24 (a little-endian machine's reading of RGBA bytes):
 * a pixel read with one load instead of four — the loops below run on ~1.7 million pixels a chart, in code V8 has
 * not optimised yet. Undefined where the words cannot be read so (a big-endian machine, a buffer not 4-aligned).
 */
function words(rgba: Uint8Array): Uint32Array | undefined {
  return LITTLE_ENDIAN && rgba.byteOffset % 4 === 0 ? new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2) : undefined;
}
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const OPAQUE = 0xff000000;

/** Whether every pixel of premultiplied RGBA `rgba` is opaque (its colour channels are then its colours). */
export function isOpaque(rgba: Uint8Array): boolean {
  const w = words(rgba);
  if (w) {
    for (let i = 0; i < w.length; i++) if (w[i]! < OPAQUE) return false;
    return true;
  }
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

/** The PNG of `width` × `height` opaque RGBA pixels (`rgba`, which is overwritten: see above). */
export function rgbPng(rgba: Buffer, width: number, height: number): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`${rgba.length} bytes are not ${width} × ${height} RGBA pixels`);
  const row = 1 + 3 * width;
  const w = words(rgba);
  for (let y = 0; y < height; y++) {
    let to = y * row + 1;
    if (w) {
      for (let k = y * width, end = k + width; k < end; k++, to += 3) {
        const v = w[k]!;
        rgba[to] = v & 0xff;
        rgba[to + 1] = (v >>> 8) & 0xff;
        rgba[to + 2] = (v >>> 16) & 0xff;
      }
    } else {
      for (let from = y * width * 4, end = from + width * 4; from < end; from += 4, to += 3) {
        const r = rgba[from]!;
        const g = rgba[from + 1]!;
        const b = rgba[from + 2]!;
        rgba[to] = r;
        rgba[to + 1] = g;
        rgba[to + 2] = b;
      }
    }
    rgba[y * row] = 0; // filter type None; the byte it overwrites was read with the row's first pixel, or a row before
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = BIT_DEPTH;
  header[9] = COLOUR_RGB;
  return Buffer.concat([SIGNATURE, chunk("IHDR", header), chunk("IDAT", deflateSync(rgba.subarray(0, row * height), { level: LEVEL })), chunk("IEND", Buffer.alloc(0))]);
}

/** A PNG chunk: length, type, data, and the CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  return out;
}
