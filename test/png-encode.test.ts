/**
 * The chart PNGs' encoder (src/render/docx/png-encode.ts): a well-formed PNG whose pixels are the chart's — the same
 * pixels resvg-js's own encoder writes, decoded here by a minimal PNG reader (every filter type, as other encoders use them).
 */
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Resvg } from "@resvg/resvg-js";
import { isOpaque, rgbPng } from "../src/render/docx/png-encode.js";
import { fallbackPngs, PNG_PPI } from "../src/render/docx/png.js";
import type { PresentedFigure } from "../src/present/types.js";
import { crc32 } from "../src/render/zip.js";
import { loadFontProfile } from "../src/fonts/profile.js";
import { ROOT } from "./support/dataset.js";

interface Decoded {
  readonly width: number;
  readonly height: number;
  readonly colourType: number;
  /** Every pixel as RGBA. */
  readonly rgba: Uint8Array;
}

/** A PNG of 8-bit RGB or RGBA, not interlaced: chunks checked (CRC), IDAT inflated, rows unfiltered (ISO/IEC 15948 §9). */
function decode(png: Buffer): Decoded {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let header: Buffer | undefined;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(crc32(png.subarray(at + 4, at + 8 + length)) >>> 0);
    types.push(type);
    if (type === "IHDR") header = data;
    if (type === "IDAT") idat.push(data);
    at += 12 + length;
  }
  expect(types[0]).toBe("IHDR");
  expect(types[types.length - 1]).toBe("IEND");
  const width = header!.readUInt32BE(0);
  const height = header!.readUInt32BE(4);
  const [depth, colourType, , , interlace] = [...header!.subarray(8, 13)];
  expect(depth).toBe(8);
  expect(interlace).toBe(0);
  const bpp = colourType === 2 ? 3 : colourType === 6 ? 4 : Number.NaN;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  expect(raw.length).toBe((stride + 1) * height);
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= bpp ? out[y * stride + i - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predicted === undefined) throw new Error(`filter type ${filter}`);
      out[y * stride + i] = (x + predicted) & 255;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let k = 0; k < width * height; k++) {
    for (let c = 0; c < 3; c++) rgba[k * 4 + c] = out[k * bpp + c]!;
    rgba[k * 4 + 3] = bpp === 4 ? out[k * bpp + 3]! : 255;
  }
  return { width, height, colourType: colourType!, rgba };
}

describe("chart PNG encoder (png-encode.ts)", () => {
  it("writes opaque pixels as 8-bit RGB rows a PNG reader gives back exactly", () => {
    const width = 7;
    const height = 5;
    const pixels = Buffer.alloc(width * height * 4);
    for (let k = 0; k < width * height; k++) pixels.set([(k * 37) & 255, (k * 91) & 255, (k * 13 + 5) & 255, 255], k * 4);
    const expected = new Uint8Array(pixels);
    // The same pixels at an odd offset: read byte by byte, not as 32-bit words.
    const unaligned = Buffer.from(new ArrayBuffer(pixels.length + 1), 1, pixels.length);
    pixels.copy(unaligned);
    expect(isOpaque(unaligned)).toBe(true);
    const decoded = decode(rgbPng(pixels, width, height));
    expect({ width: decoded.width, height: decoded.height, colourType: decoded.colourType }).toEqual({ width, height, colourType: 2 });
    expect([...decoded.rgba]).toEqual([...expected]);
    expect([...decode(rgbPng(unaligned, width, height)).rgba]).toEqual([...expected]);
  });

  it("tells an image with a pixel not opaque from an opaque one", () => {
    const pixels = Buffer.alloc(3 * 2 * 4, 255);
    const unaligned = Buffer.from(new ArrayBuffer(pixels.length + 3), 3, pixels.length).fill(255);
    expect(isOpaque(pixels)).toBe(true);
    pixels[4 * 4 + 3] = 254;
    unaligned[4 * 4 + 3] = 254;
    expect(isOpaque(pixels)).toBe(false);
    expect(isOpaque(unaligned)).toBe(false);
    expect(() => rgbPng(Buffer.alloc(10), 3, 2)).toThrow(/not 3 × 2 RGBA/);
  });

  it("gives a chart the pixels resvg-js's own encoder gives it", () => {
    const fonts = loadFontProfile("default", `${ROOT}/fonts`);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="90"><rect width="240" height="90" fill="white"/><rect x="10" y="40" width="120" height="30" fill="#4c78a8"/><path d="M10 20 L230 80" stroke="#e45756" stroke-width="2.5"/><text x="140" y="30" font-family="${fonts.roles.chart.regular.family}" font-size="14">就业 2765</text></svg>`;
    const image = new Resvg(svg, { font: { fontFiles: [fonts.roles.chart.regular.file], loadSystemFonts: false }, fitTo: { mode: "width", value: 600 } }).render();
    const theirs = decode(image.asPng());
    const pixels = image.pixels;
    expect(isOpaque(pixels)).toBe(true);
    const ours = decode(rgbPng(pixels, image.width, image.height));
    expect(ours.colourType).toBe(2);
    expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height]);
    expect(Buffer.from(ours.rgba).equals(Buffer.from(theirs.rgba))).toBe(true);
    // The text and the shapes were drawn: not a blank image.
    expect(new Set(ours.rgba).size).toBeGreaterThan(20);
  });

  it("draws a chart's PNG with the pixels the whole chart faces give, bold text with the bold face", async () => {
    const fonts = loadFontProfile("default", `${ROOT}/fonts`);
    const family = fonts.roles.chart.regular.family;
    const svg = (weight: string): string =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60" fill="white"/><text x="8" y="36" font-family="${family}" font-size="16"${weight}>全省 2765 就业</text></svg>`;
    const width = 150; // points: 625 pixels at 300 ppi
    for (const weight of ["", ' font-weight="bold"']) {
      const block = { kind: "figure", svg: svg(weight), width } as unknown as PresentedFigure;
      const drawn = decode((await fallbackPngs([block], fonts)).get(block)!);
      const whole = new Resvg(block.svg, { font: { fontFiles: [fonts.roles.chart.regular.file, fonts.roles.chart.bold.file], loadSystemFonts: false, defaultFontFamily: family }, fitTo: { mode: "width", value: Math.ceil((width * PNG_PPI) / 72) } }).render();
      expect(Buffer.from(drawn.rgba).equals(Buffer.from(decode(whole.asPng()).rgba)), weight || "regular").toBe(true);
    }
  });
});
