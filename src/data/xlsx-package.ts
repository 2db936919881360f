/**
 * An xlsx package (a zip, ECMA-376 Part 2) checked before SheetJS parses it: its size as unpacked and its
 * cells are bounded from the zip's central directory (APPNOTE.TXT §4.3.12), so that a small file that
 * unpacks to gigabytes (a "zip bomb") is refused before anything is inflated; every entry is inflated by
 * fflate into a buffer of its declared size, one byte more telling an entry that unpacks to more than it
 * declares; SheetJS is then given the entries again, stored uncompressed, so it never inflates anything
 * itself (SheetJS 0.20.3 also loops without end on some truncated zips: found with a workbook cut at 100 bytes).
 */
import { inflateSync, zipSync, type Zippable } from "fflate";
import type { Problem } from "../errors.js";

/** What a workbook may unpack to: the 2020 fill-in workbook unpacks to ~0.2 MB. */
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;
/** Cells (`<c>` elements) in all sheets together: the 2020 indicators are ~2 500. */
export const MAX_CELLS = 200_000;

const DAMAGED_HINT = "open it in Excel and save it again, or ask for a fresh copy";

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressed: number;
  readonly size: number;
  readonly localHeader: number;
}

/** The package's entries re-stored for SheetJS, or why it is refused (damaged, too large, too many cells). */
export function checkedPackage(data: Buffer): Buffer | Omit<Problem, "file"> {
  const entries = centralDirectory(data);
  if (typeof entries === "string") return { message: `is a damaged xlsx workbook (${entries})`, hint: DAMAGED_HINT };
  if (!entries.some((e) => e.name === "xl/workbook.xml")) {
    return { message: "is a zip file but not an xlsx workbook (it has no xl/workbook.xml)", hint: "save it from Excel as Excel 工作簿 (*.xlsx)" };
  }
  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  if (unpacked > MAX_UNPACKED_BYTES) {
    return {
      message: `unpacks to ${mb(unpacked)} MB, more than the ${mb(MAX_UNPACKED_BYTES)} MB a workbook may hold (src/data/xlsx-package.ts MAX_UNPACKED_BYTES)`,
      hint: "an indicator workbook holds a few thousand cells: save only the indicator sheets (no pictures, no pasted ranges) as a new workbook",
    };
  }
  const files: Zippable = {};
  let cells = 0;
  for (const e of entries) {
    if (e.name.endsWith("/")) continue;
    const content = inflated(data, e);
    if (typeof content === "string") return { message: `is a damaged xlsx workbook (${e.name}: ${content})`, hint: DAMAGED_HINT };
    files[e.name] = content;
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) cells += countCells(content);
  }
  if (cells > MAX_CELLS) {
    return {
      message: `has ${cells} cells, more than the ${MAX_CELLS} a workbook may hold (src/data/xlsx-package.ts MAX_CELLS)`,
      hint: "delete what is not an indicator table (empty formatted ranges count as cells: select the rows below the table → 删除), or split it",
    };
  }
  return Buffer.from(zipSync(files, { level: 0, mtime: new Date(Date.UTC(1980, 0, 1)) }));
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "");

/** The entries the end of central directory record lists (APPNOTE §4.3.16), or what is wrong. Zip64 is refused: no workbook needs 4 GB. */
function centralDirectory(data: Buffer): Entry[] | string {
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return "no zip directory: the file is cut short";
  const count = data.readUInt16LE(end + 10);
  const offset = data.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) return "a zip64 package";
  const entries: Entry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) return "its zip directory is cut short";
    const nameLength = data.readUInt16LE(at + 28);
    const entry = {
      method: data.readUInt16LE(at + 10),
      compressed: data.readUInt32LE(at + 20),
      size: data.readUInt32LE(at + 24),
      localHeader: data.readUInt32LE(at + 42),
      name: data.subarray(at + 46, at + 46 + nameLength).toString("utf8"),
    };
    entries.push(entry);
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return entries;
}

/** An entry's content, inflated into its declared size and no more, or what is wrong with it. */
function inflated(data: Buffer, e: Entry): Uint8Array | string {
  const h = e.localHeader;
  if (h + 30 > data.length || data.readUInt32LE(h) !== 0x04034b50) return "its entry is missing";
  const start = h + 30 + data.readUInt16LE(h + 26) + data.readUInt16LE(h + 28);
  if (start + e.compressed > data.length) return "cut short";
  const raw = data.subarray(start, start + e.compressed);
  if (e.method === 0) return raw.length === e.size ? raw : "its size is not what the directory says";
  if (e.method !== 8) return `compression method ${e.method} is not used by Excel`;
  let out: Uint8Array;
  try {
    // One byte more than declared: an entry that unpacks to more fills it (fflate writes no further).
    out = inflateSync(raw, { out: new Uint8Array(e.size + 1) });
  } catch (err) {
    return (err as Error).message;
  }
  return out.length === e.size ? out : "it unpacks to another size than the directory says";
}

/** `<c ` and `<c>` start tags: a cell each (SpreadsheetML `c`, ECMA-376 Part 1 §18.3.1.4). */
function countCells(xml: Uint8Array): number {
  const buf = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  let n = 0;
  for (let i = buf.indexOf("<c"); i >= 0; i = buf.indexOf("<c", i + 2)) {
    const next = buf[i + 2];
    if (next === 0x20 || next === 0x3e || next === 0x2f) n++; // space, >, /
  }
  return n;
}
