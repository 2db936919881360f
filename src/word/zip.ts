/**
 * A DOCX is a zip (ECMA-376 Part 2, Open Packaging Conventions). Only the XML parts the reader needs are
 * inflated, and only after the zip's central directory says their uncompressed sizes are within bounds: a
 * small file can inflate to gigabytes (a zip bomb), so the declared size is checked first and the inflater is
 * given an output buffer of exactly that size (fflate does not grow a buffer it was given).
 */
import { unzipSync, type UnzipFileInfo } from "fflate";
import { UserError } from "../errors.js";

/** The bounds a reviewer's or a division's DOCX is read within: a bulletin is ~1 MB of XML. */
export const LIMITS = {
  /** The file itself (images and embedded fonts included). */
  fileBytes: 200 * 1024 * 1024,
  /** One XML part, uncompressed. */
  partBytes: 64 * 1024 * 1024,
  /** All parts read, uncompressed. */
  totalBytes: 160 * 1024 * 1024,
  entries: 10_000,
} as const;

export interface Package {
  /** The file name, for messages. */
  readonly file: string;
  /** The part names present (without a leading slash), from the central directory. */
  readonly names: readonly string[];
  /** A part's bytes; undefined when absent. Sizes were checked when the package was opened. */
  read(name: string): Uint8Array | undefined;
}

function notDocx(file: string, message: string, hint = "save the document in Word, WPS or LibreOffice as “Word 2007-365 (.docx)” and give that file"): UserError {
  return new UserError({ file, message, hint });
}

/**
 * Lists the zip's entries without inflating any, then inflates the parts `wanted` accepts, each checked against
 * LIMITS by its declared uncompressed size.
 */
export function openPackage(file: string, bytes: Uint8Array, wanted: (name: string) => boolean): Package {
  if (bytes.length > LIMITS.fileBytes) throw notDocx(file, `is ${Math.round(bytes.length / 1048576)} MB, more than the ${LIMITS.fileBytes / 1048576} MB a document is read up to`, "remove large images or embedded fonts (Word: File › Options › Save › uncheck “Embed fonts”) and save again");
  // A zip starts with a local file header "PK\x03\x04" (APPNOTE.TXT §4.3.7); a .doc (OLE2) or .rtf does not.
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw notDocx(file, "is not a DOCX (not a zip archive; a .doc or .rtf file renamed?)");
  const infos: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, { filter: (info) => (infos.push(info), false) });
  } catch (e) {
    throw notDocx(file, `is not a readable DOCX (the zip archive is damaged: ${(e as Error).message})`);
  }
  if (infos.length > LIMITS.entries) throw notDocx(file, `holds ${infos.length} parts, more than a document has (${LIMITS.entries})`);
  let total = 0;
  for (const info of infos) {
    if (!wanted(info.name)) continue;
    if (info.originalSize > LIMITS.partBytes) throw notDocx(file, `its part ${info.name} would inflate to ${info.originalSize} bytes, more than ${LIMITS.partBytes}`, "this is not a document a word processor wrote; ask for the file again");
    total += info.originalSize;
  }
  if (total > LIMITS.totalBytes) throw notDocx(file, `its text parts would inflate to ${total} bytes, more than ${LIMITS.totalBytes}`, "this is not a document a word processor wrote; ask for the file again");
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, { filter: (info) => wanted(info.name) });
  } catch (e) {
    throw notDocx(file, `is not a readable DOCX (a part does not inflate: ${(e as Error).message})`);
  }
  for (const info of infos) {
    const got = parts[info.name];
    if (got && got.length !== info.originalSize) throw notDocx(file, `its part ${info.name} inflates to ${got.length} bytes where the archive says ${info.originalSize}`);
  }
  return { file, names: infos.map((i) => i.name), read: (name) => parts[name] };
}
