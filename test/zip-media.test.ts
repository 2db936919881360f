/**
 * The packaged formats' zip writer (src/render/zip.ts) and the DOCX's pictures by stand-in (src/render/docx/media.ts).
 */
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { crc32, dosDateTime, zipArchive } from "../src/render/zip.js";
import { MediaTable } from "../src/render/docx/media.js";

/** The central directory's records: name, method, DOS time and date, flags. */
function directory(zip: Buffer): { name: string; method: number; time: number; day: number; flags: number }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    out.push({ flags: zip.readUInt16LE(at + 8), method: zip.readUInt16LE(at + 10), time: zip.readUInt16LE(at + 12), day: zip.readUInt16LE(at + 14), name: zip.toString("utf8", at + 46, at + 46 + nameLength) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

describe("zip archive", () => {
  const xml = Buffer.from(`<?xml version="1.0"?><w:document>${"<w:p><w:r><w:t>城镇新增就业61.64万人</w:t></w:r></w:p>".repeat(200)}</w:document>`);
  const picture = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251));
  const date = new Date("2021-06-08T16:00:00Z");

  it("holds each entry's bytes, in order, deflated", () => {
    const zip = zipArchive([{ name: "[Content_Types].xml", data: Buffer.from("<Types/>") }, { name: "word/document.xml", data: xml }, { name: "word/media/image1.png", data: picture }], date);
    const read = unzipSync(zip);
    expect(Object.keys(read)).toEqual(["[Content_Types].xml", "word/document.xml", "word/media/image1.png"]);
    expect(Buffer.from(read["word/document.xml"]!).equals(xml)).toBe(true);
    expect(Buffer.from(read["word/media/image1.png"]!).equals(picture)).toBe(true);
    expect(directory(zip).map((e) => e.method)).toEqual([8, 8, 8]);
    expect(zip.length).toBeLessThan(xml.length / 5 + picture.length + 500); // the XML deflated
  });

  it("dates every entry by the date's UTC fields, whatever the time zone, within the DOS range", () => {
    const [entry] = directory(zipArchive([{ name: "a.xml", data: Buffer.from("a") }], date));
    expect(entry!.time).toBe((16 << 11) | (0 << 5) | 0);
    expect(entry!.day).toBe(((2021 - 1980) << 9) | (6 << 5) | 8);
    expect(dosDateTime(new Date("1970-01-01T00:00:00Z"))).toEqual({ time: 0, day: (1 << 5) | 1 });
    expect(dosDateTime(new Date("2200-01-01T00:00:00Z")).day).toBe((127 << 9) | (12 << 5) | 31);
    expect(dosDateTime(new Date("2021-06-08T16:00:03Z")).time).toBe((16 << 11) | 1); // two-second steps
  });

  it("flags a name that is not ASCII as UTF-8", () => {
    const entries = directory(zipArchive([{ name: "审阅稿.xml", data: Buffer.from("x") }, { name: "a.xml", data: Buffer.from("y") }], date));
    expect(entries.map((e) => [e.name, e.flags])).toEqual([["审阅稿.xml", 0x0800], ["a.xml", 0]]);
  });

  it("computes CRC-32 as zip and PNG define it", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32(Buffer.from("IEND"))).toBe(0xae426082);
  });
});

describe("pictures by stand-in", () => {
  it("puts each picture back in place of its stand-in; equal pictures share one", () => {
    const media = new MediaTable();
    const png = Buffer.from("\x89PNG…the chart's pixels");
    const svg = Buffer.from("<svg/>");
    const a = media.standIn(png);
    expect(media.standIn(Buffer.from(png)).equals(a)).toBe(true);
    const parts = new Map<string, Uint8Array>([
      ["word/document.xml", Buffer.from("<w:document/>")],
      ["word/media/image1.svg", media.standIn(svg)],
      ["word/media/image2.png", a],
    ]);
    media.resolve(parts);
    expect(Buffer.from(parts.get("word/media/image1.svg")!).equals(svg)).toBe(true);
    expect(Buffer.from(parts.get("word/media/image2.png")!).equals(png)).toBe(true);
    expect(Buffer.from(parts.get("word/document.xml")!).toString()).toBe("<w:document/>");
  });

  it("fails on a stand-in it did not give (a picture would be lost)", () => {
    const other = new MediaTable().standIn(Buffer.from("a picture"));
    const parts = new Map<string, Uint8Array>([["word/media/image1.png", other]]);
    expect(() => new MediaTable().resolve(parts)).toThrow(/stand-in was left/);
  });
});
