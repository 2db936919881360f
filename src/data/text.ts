/**
 * Text files as clerks save them. Excel and Notepad on Chinese Windows write "CSV UTF-8" (with a BOM),
 * "CSV (逗号分隔)" (GB18030/GBK, no BOM) or "Unicode 文本" (UTF-16 with a BOM); editors elsewhere write
 * UTF-8 without a BOM. All of these are read; anything that is not text (a workbook renamed .csv, a zip,
 * any binary) is named as such instead of being read as garbage.
 */
import { UserError } from "../errors.js";
import { readInput, type Confinement } from "../io/read.js";

/**
 * A text file as a string, without its BOM, read from inside the project (`where`; src/io/read.ts). `kind`
 * names what the file should be in the message when it is not text ("a CSV file", "a YAML file").
 */
export function readText(file: string, display: string, kind: string, where: Confinement): string {
  return decodeText(readInput(file, display, kind.replace(/^an? /, ""), where), display, kind);
}

export function decodeText(data: Uint8Array, display: string, kind = "a text file"): string {
  // Byte order marks (Unicode 15, §23.8): UTF-8 EF BB BF, UTF-16LE FF FE, UTF-16BE FE FF.
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return decode("utf-8", data.subarray(3), display, kind);
  if (data[0] === 0xff && data[1] === 0xfe) return decode("utf-16le", data.subarray(2), display, kind);
  if (data[0] === 0xfe && data[1] === 0xff) return decode("utf-16be", data.subarray(2), display, kind);
  const binary = binaryKind(data);
  if (binary) {
    throw new UserError({
      file: display,
      message: `is not ${kind}: it is ${binary}`,
      hint: binary.includes("workbook") ? "rename it to .xlsx (workbooks are read as they are), or save it from Excel as CSV UTF-8" : "save it as text (CSV UTF-8 in Excel)",
    });
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    if (looksLikeBig5(data)) {
      throw new UserError({
        file: display,
        message: `is not ${kind} in a Chinese encoding this tool reads: it looks like Big5 (Traditional Chinese), which would be read as other characters`,
        hint: "save it as CSV UTF-8 (Excel: 另存为 → CSV UTF-8(逗号分隔)) and check the text",
      });
    }
    return decode("gb18030", data, display, kind);
  }
}

/**
 * Big5 and GBK both write a Chinese character as a lead byte 0x81–0xFE and a trail byte, so a Big5 file
 * decodes as GBK without an error — as other characters. Simplified Chinese text saved as GBK by Excel keeps
 * to GB2312's block (trail bytes 0xA1–0xFE: GB 2312-80 §5); Big5 puts about four characters in ten at trail
 * bytes 0x40–0x7E. A file with several two-byte characters, a quarter of them outside GB2312's trail bytes,
 * that is valid Big5, is taken for Big5.
 */
function looksLikeBig5(data: Uint8Array): boolean {
  let pairs = 0;
  let outside = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b < 0x81 || b === 0xff || i + 1 >= data.length) continue;
    const trail = data[++i]!;
    if (trail >= 0x30 && trail <= 0x39) { i += 2; continue; } // a GB18030 four-byte sequence
    pairs++;
    if (trail < 0xa1) outside++;
  }
  if (pairs < 4 || outside * 4 < pairs) return false;
  try {
    new TextDecoder("big5", { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

function decode(encoding: string, data: Uint8Array, display: string, kind: string): string {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(data);
  } catch {
    throw new UserError({
      file: display,
      message: `is not ${kind}: its bytes are neither UTF-8, GB18030 nor UTF-16`,
      hint: "save it as text (CSV UTF-8 in Excel)",
    });
  }
  // Control characters other than tab, line feed, carriage return and form feed do not occur in text.
  if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) {
    throw new UserError({ file: display, message: `is not ${kind}: it holds control characters (binary data)`, hint: "save it as text (CSV UTF-8 in Excel)" });
  }
  return text;
}

/** What a file that is clearly not text is, from its first bytes (file signatures), else undefined. */
function binaryKind(data: Uint8Array): string | undefined {
  const starts = (...bytes: number[]): boolean => bytes.every((b, i) => data[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) {
    return Buffer.from(data.subarray(0, 4096)).includes("xl/") || Buffer.from(data.subarray(0, 4096)).includes("[Content_Types].xml") ? "an Excel workbook (xlsx, a zip file)" : "a zip file";
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return "an Office file (an .xls workbook or an encrypted workbook)";
  if (starts(0x25, 0x50, 0x44, 0x46)) return "a PDF file";
  if (data.subarray(0, 8192).includes(0)) return "binary data";
  return undefined;
}
