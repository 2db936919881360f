/**
 * Embedded subset fonts under a family name of their own. A subset named like the real font ("Noto Serif SC")
 * collides with another document's subset, or with the installed font, once both are loaded: LibreOffice
 * registers embedded fonts process-wide by family, so a second report opened in the same instance drew its text
 * with the first report's subset and lost every character that subset lacked. Each embedded family is therefore
 * renamed `<family> <hash>`, the hash taken from its subsets' bytes: two documents share an alias only when their
 * subsets are the same bytes, which cannot lose a glyph. The alias is written both in the font file's `name` table
 * (OpenType spec, "name — Naming Table": IDs 1, 3, 4, 6) and in every w:rFonts / w:font of the package.
 */
import { createHash } from "node:crypto";

/** `<family> <8 hex digits of SHA-256 over the family's subset files>`. */
export function familyAlias(family: string, subsets: readonly Buffer[]): string {
  const h = createHash("sha256");
  for (const s of subsets) h.update(s);
  return `${family} ${h.digest("hex").slice(0, 8)}`;
}

/** Name IDs kept from the original font: copyright, licence description and URL (the OFL asks to keep them). */
const KEPT = new Set([0, 13, 14]);

/** A TrueType/OpenType font (one font, sfnt) with its naming table rewritten for `family` (subfamily kept). */
export function renameFont(font: Buffer, family: string): Buffer {
  const tables = readTables(font);
  const name = tables.get("name");
  if (!name) throw new Error("font has no name table");
  const subfamily = nameString(name, 2) ?? "Regular";
  const full = subfamily === "Regular" ? family : `${family} ${subfamily}`;
  const postscript = `${family.replace(/[^A-Za-z0-9]/g, "")}-${subfamily.replace(/[^A-Za-z0-9]/g, "")}`;
  const records: { platform: number; encoding: number; language: number; id: number; data: Buffer }[] = [];
  for (const r of nameRecords(name)) if (KEPT.has(r.id)) records.push(r);
  const win = (id: number, text: string) => records.push({ platform: 3, encoding: 1, language: 0x409, id, data: utf16be(text) });
  win(1, family);
  win(2, subfamily);
  win(3, `${postscript};subset`);
  win(4, full);
  win(6, postscript);
  records.sort((a, b) => a.platform - b.platform || a.encoding - b.encoding || a.language - b.language || a.id - b.id);
  const header = Buffer.alloc(6 + 12 * records.length);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(records.length, 2);
  header.writeUInt16BE(header.length, 4);
  let offset = 0;
  records.forEach((r, i) => {
    const at = 6 + 12 * i;
    header.writeUInt16BE(r.platform, at);
    header.writeUInt16BE(r.encoding, at + 2);
    header.writeUInt16BE(r.language, at + 4);
    header.writeUInt16BE(r.id, at + 6);
    header.writeUInt16BE(r.data.length, at + 8);
    header.writeUInt16BE(offset, at + 10);
    offset += r.data.length;
  });
  tables.set("name", Buffer.concat([header, ...records.map((r) => r.data)]));
  return writeFont(font.readUInt32BE(0), tables);
}

function utf16be(s: string): Buffer {
  const b = Buffer.from(s, "utf16le");
  return b.swap16();
}

function readTables(font: Buffer): Map<string, Buffer> {
  const n = font.readUInt16BE(4);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < n; i++) {
    const at = 12 + 16 * i;
    const tag = font.toString("latin1", at, at + 4);
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    tables.set(tag, Buffer.from(font.subarray(offset, offset + length)));
  }
  return tables;
}

function nameRecords(name: Buffer): { platform: number; encoding: number; language: number; id: number; data: Buffer }[] {
  const count = name.readUInt16BE(2);
  const strings = name.readUInt16BE(4);
  const out = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + 12 * i;
    const length = name.readUInt16BE(at + 8);
    const offset = strings + name.readUInt16BE(at + 10);
    out.push({ platform: name.readUInt16BE(at), encoding: name.readUInt16BE(at + 2), language: name.readUInt16BE(at + 4), id: name.readUInt16BE(at + 6), data: Buffer.from(name.subarray(offset, offset + length)) });
  }
  return out;
}

function nameString(name: Buffer, id: number): string | undefined {
  const r = nameRecords(name).find((x) => x.id === id && x.platform === 3);
  return r ? Buffer.from(r.data).swap16().toString("utf16le") : undefined;
}

const checksum = (b: Buffer): number => {
  let sum = 0;
  const padded = b.length % 4 === 0 ? b : Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
};

/** An sfnt from its tables: directory sorted by tag, tables 4-byte aligned, checksums and head.checkSumAdjustment set. */
function writeFont(version: number, tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  const head = Buffer.alloc(12 + 16 * n);
  const log2 = Math.floor(Math.log2(n));
  head.writeUInt32BE(version, 0);
  head.writeUInt16BE(n, 4);
  head.writeUInt16BE(16 * 2 ** log2, 6);
  head.writeUInt16BE(log2, 8);
  head.writeUInt16BE(16 * n - 16 * 2 ** log2, 10);
  const headTable = tables.get("head");
  if (headTable) headTable.writeUInt32BE(0, 8);
  let offset = head.length;
  const bodies: Buffer[] = [];
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const at = 12 + 16 * i;
    head.write(tag, at, "latin1");
    head.writeUInt32BE(checksum(data), at + 4);
    head.writeUInt32BE(offset, at + 8);
    head.writeUInt32BE(data.length, at + 12);
    const pad = (4 - (data.length % 4)) % 4;
    bodies.push(data, Buffer.alloc(pad));
    offset += data.length + pad;
  });
  const out = Buffer.concat([head, ...bodies]);
  if (headTable) {
    const at = out.readUInt32BE(12 + 16 * tags.indexOf("head") + 8);
    out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, at + 8);
  }
  return out;
}
