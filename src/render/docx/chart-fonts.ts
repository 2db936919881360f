/**
 * The chart faces' subsets the DOCX's PNG fallbacks are drawn with (png.ts). resvg-js 2.6 takes font *paths* and
 * parses each file on every render; with a 15 MB CJK face that parsing is most of the cost. So resvg gets small
 * subsets of the chart faces, written once per process to a temporary folder and grown when a chart needs a
 * character they lack. A subset keeps the glyph outlines and metrics of the full face, so the PNG does not depend
 * on which subset drew it (nor on how many characters it holds: resvg's time per chart is the same with the 127
 * characters of the bulletin's charts and with the 883 of its whole text).
 *
 * Made by harfbuzz (harfbuzz.ts), whose WebAssembly memory (~65 MB for the two chart faces) goes only with a full
 * garbage collection — so, where a render worker is idle while the main thread composes, that worker makes them
 * from the report's text alone (the DOCX's text aid, src/formats.ts; render-pool.ts hint): the characters of the
 * text with BASE, which hold the charts' words and figures as they hold the whole report's; the subsets cross to
 * the main thread, which draws the PNGs with them. A chart with a character they lack grows them here, as without.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { subsetTrueType } from "./harfbuzz.js";
import type { FontFace, FontProfile } from "../../fonts/profile.js";
import { collect } from "./collect.js";

/** Characters every chart subset carries, so that most charts reuse the first subset. */
const BASE = " 0123456789.,%-+()（）：，、万亿元家人个件次年月日全省市州";

/** A chart face's subset made by another thread (structured-cloned across), and which face it was made from. */
export interface MadeSubset {
  /** The face's file, its length and its 'head' table's checkSumAdjustment (a checksum of the whole file). */
  readonly file: string;
  readonly length: number;
  readonly checksum: number;
  /** The characters it holds, sorted. */
  readonly chars: string;
  readonly data: Uint8Array;
}

const subsets = new Map<FontFace, { chars: Set<string>; file: string }>();
/** Subsets made by another thread, until a chart face here takes them. */
let offered: readonly MadeSubset[] = [];
/** Subsets on their way from another thread: asked for before any chart is drawn, awaited rather than made twice. */
let arriving: Promise<unknown> | undefined;
let folder: string | undefined;

/** Compiles harfbuzz and makes the chart faces' first subsets (BASE), before any chart needs them. */
export async function prepareChartFonts(profile: FontProfile): Promise<void> {
  await subsetFiles(chartFaces(profile), "");
}

export const chartFaces = (profile: FontProfile): FontFace[] => [...new Set([profile.roles.chart.regular, profile.roles.chart.bold])];

/**
 * The chart faces' subsets for a report's text, made in this thread for another (the text aid's `make`): harfbuzz's
 * memory collected before they are returned.
 */
export async function makeChartSubsets(profile: FontProfile, text: string): Promise<MadeSubset[]> {
  const faces = chartFaces(profile);
  const chars = [...new Set([...BASE, ...text])].filter((c) => !/\s/.test(c) || c === " ").sort().join("");
  const made = await subsetTrueType(faces.map((face) => ({ font: face.data, text: chars })));
  await freeHarfBuzz();
  return faces.map((face, i) => ({ ...identity(face), chars, data: made[i]! }));
}

/** Subsets another thread is making for this one (the text aid's `adopt`): the next chart drawn waits for them. */
export function adoptChartSubsets(made: Promise<readonly MadeSubset[] | undefined>): void {
  const taken = made.then((list) => {
    if (list) offered = [...offered, ...list];
  });
  arriving = taken.catch(() => undefined);
}

function identity(face: FontFace): Pick<MadeSubset, "file" | "length" | "checksum"> {
  return { file: face.file, length: face.data.length, checksum: (face.font as unknown as { head?: { checkSumAdjustment?: number } }).head?.checkSumAdjustment ?? -1 };
}

/** A subset another thread made of this very face (the same file, length and whole-file checksum), holding `needed`. */
function offeredFor(face: FontFace, needed: readonly string[]): MadeSubset | undefined {
  const own = identity(face);
  return offered.find((m) => m.file === own.file && m.length === own.length && m.checksum === own.checksum && needed.every((c) => m.chars.includes(c)));
}

/** Files holding subsets of `faces` with at least the characters of `text` (the missing ones made in one harfbuzz). */
export async function subsetFiles(faces: readonly FontFace[], text: string): Promise<string[]> {
  if (arriving) {
    await arriving;
    arriving = undefined;
  }
  const needed = [...text].filter((c) => !/\s/.test(c));
  const missing = faces.filter((face) => {
    const current = subsets.get(face);
    return !(current && needed.every((c) => current.chars.has(c)));
  });
  const taken = missing.map((face) => ({ face, made: offeredFor(face, needed) }));
  for (const { face, made } of taken) if (made) keep(face, new Set(made.chars), made.data);
  const grown = taken.filter((t) => !t.made).map(({ face }) => ({ face, chars: new Set([...(subsets.get(face)?.chars ?? BASE), ...needed]) }));
  if (grown.length > 0) {
    const made = await subsetTrueType(grown.map(({ face, chars }) => ({ font: face.data, text: [...chars].sort().join("") })));
    for (const [i, { face, chars }] of grown.entries()) keep(face, chars, made[i]!);
    await freeHarfBuzz();
  }
  return faces.map((face) => subsets.get(face)!.file);
}

/** The face's subset from now on: written for resvg, the one it replaces removed. */
function keep(face: FontFace, chars: Set<string>, data: Uint8Array): void {
  folder ??= mkdtempSync(join(tmpdir(), "bulletin-chart-fonts-"));
  const file = join(folder, `${face.postscriptName}-${chars.size}.ttf`);
  writeFileSync(file, data);
  const current = subsets.get(face);
  if (current && current.file !== file) rmSync(current.file, { force: true });
  subsets.set(face, { chars, file });
}

/**
 * A harfbuzz instance's memory (harfbuzz.ts: the faces copied in and hb-subset's tables, ~65 MB for the two
 * chart faces) goes only with a full collection: V8 allocates WebAssembly instances in the old generation,
 * which a minor one does not visit, and nothing else triggers a full one before the build ends — so it stayed
 * through the build's peak (the DOCX's PNGs while the worker draws the PDF), ~20 MiB of it resident. Collected
 * on the next turn of the event loop, when the instance is no longer reachable from the promise that returned
 * the subsets; ~10 ms.
 */
async function freeHarfBuzz(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  collect();
}

process.once("exit", () => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});
