/**
 * Same model, fonts and date → same bytes, whatever the clock, the time zone, or what else the process rendered.
 *
 * docx 9.15.2 is not deterministic by itself (read in node_modules/docx/dist/index.mjs):
 * - `docProps/core.xml`: `dcterms:created` and `dcterms:modified` are `new Date()` (TimestampElement), with no option.
 *   → rewritten here to `options.date`.
 * - `w:fontKey`: FontWrapper gives each embedded face `uniqueUuid()` (Math.random). → not reached: the renderer
 *   embeds no font (fonts.ts); embedding one would need a key derived from the font's bytes.
 * - Zip entries: docx zips with fflate, which stamps every entry with `Date.now()` as *local* DOS time (fflate's
 *   `wzh`: `new Date(f.mtime ?? Date.now())`, `getHours()`…). → the package is zipped here (../zip.ts), every
 *   entry dated `options.date` by its UTC fields, so the bytes do not depend on TZ.
 * - `wp:docPr id`: a counter shared by every drawing the process ever made (docPropertiesUniqueNumericId).
 *   → not fixed here: blocks.ts gives each picture `altText.id` from a counter of its own document.
 * - nanoid `uniqueId()` (hyperlinks, drawing links, package parts, text boxes) and the global bookmark, fitText and
 *   restarted-list counters are not reached by this renderer's elements; the test renders twice in one process and
 *   in two time zones to catch any that would be.
 * The same failures are reported for other OOXML writers, e.g. DemoMacro/office-open#57 (uniqueId/uniqueUuid, the
 * global docPr counter, wall-clock core dates, fflate entry times) and jgm/pandoc#7654 (zip entry dates).
 */
import { unzipSync } from "fflate";
import { Packer, type Document } from "docx";
import { zipArchive } from "../zip.js";

export interface FinishOptions {
  readonly date: Date;
  /** Last edits of XML parts by path, for what docx has no option for (font table, grid exemptions). */
  readonly edits?: Readonly<Record<string, (xml: string) => string>>;
  /** Parts docx cannot make (the review record's custom XML), by path: added before the edits. */
  readonly parts?: Readonly<Record<string, string>>;
}

const CONTENT_TYPES = "[Content_Types].xml";
const CORE = "docProps/core.xml";

/**
 * The package's parts (path → bytes) as docx makes them. docx's public API only gives a zip (compressed
 * with fflate, to be unzipped here again); its Packer's compiler gives the parts themselves, which saves a
 * deflate and an inflate per document (~80 ms). That compiler is internal to docx 9 (pinned in
 * package.json), so when it is missing the zip is made and read back.
 */
export async function packageParts(doc: Document): Promise<Map<string, Uint8Array>> {
  const compiler = (Packer as unknown as { compiler?: { compile(file: Document): Map<string, string | Uint8Array> } }).compiler;
  if (typeof compiler?.compile === "function") {
    return new Map([...compiler.compile(doc)].map(([path, data]) => [path, typeof data === "string" ? utf8(data) : data]));
  }
  return new Map(Object.entries(unzipSync(await Packer.toBuffer(doc))).filter(([name]) => !name.endsWith("/")));
}

/** Packs the parts deterministically (see the module comment). */
export async function finishPackage(parts: Map<string, Uint8Array>, options: FinishOptions): Promise<Buffer> {

  const core = parts.get(CORE);
  if (core) parts.set(CORE, utf8(setCoreDates(text(core), options.date)));
  for (const [path, xml] of Object.entries(options.parts ?? {})) parts.set(path, utf8(xml));
  for (const [path, edit] of Object.entries(options.edits ?? {})) {
    const part = parts.get(path);
    if (part) parts.set(path, utf8(edit(text(part))));
  }

  // [Content_Types].xml first, as Word and most OOXML writers put it (tools sniffing the type read the first entry).
  const order = [...parts.keys()].sort((a, b) => Number(b === CONTENT_TYPES) - Number(a === CONTENT_TYPES));
  return zipArchive(
    order.map((name) => ({ name, data: parts.get(name)! })),
    options.date,
  );
}

/** W3CDTF in UTC, whole seconds (as Word writes it). */
export function w3cdtf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function setCoreDates(xml: string, date: Date): string {
  const when = w3cdtf(date);
  return xml.replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${when}$3`);
}

const text = (data: Uint8Array) => Buffer.from(data).toString("utf8");
const utf8 = (s: string) => Buffer.from(s, "utf8");
