/**
 * The chart faces' subsets the DOCX's PNG fallbacks are drawn with (png.ts). resvg-js 2.6 takes font *paths* and
 * parses each file on every render; with a 15 MB CJK face that parsing is most of the cost. So resvg gets small
 * subsets of the chart faces, written once per process to a work folder of the project's (`.cache/tmp/`,
 * src/io/work-folder.ts) and grown when a chart needs a character they lack. A subset keeps the glyph outlines
 * and metrics of the full face, so the PNG does not depend on which subset drew it (the sixteen charts of the 2020 reports: the same pixels from the whole faces, from subsets
 * of their own characters and from subsets of the bulletin's whole text), nor does resvg's time: the same with the
 * 127 characters of the bulletin's charts and with the 883 of its whole text.
 *
 * Made by harfbuzz (harfbuzz.ts), whose WebAssembly memory (~65 MB for the two chart faces) goes only with a full
 * garbage collection — so, where a render worker is idle while the main thread composes, that worker makes the
 * regular face's from the report's Markdown alone (the DOCX's text aid, src/formats.ts; render-pool.ts aid): the
 * characters of the text with BASE, which hold the charts' words and figures as they hold the whole report's; the
 * subset crosses to the main thread, which draws the PNGs with it (~4 % off a province build's wall time, for
 * ~17 MiB more at its peak: README *Benchmark*, session 10). A chart with a character it lacks, or with bold text,
 * grows or makes its subsets here, as without.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../cache/store.js";
import { workFolder } from "../../io/work-folder.js";
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
  await subsetFiles(chartFaces(profile, false), "");
}

/** The faces a chart is drawn with: the chart role's regular one, and its bold one for a chart with bold text. */
export const chartFaces = (profile: FontProfile, bold: boolean): FontFace[] => [...new Set([profile.roles.chart.regular, ...(bold ? [profile.roles.chart.bold] : [])])];

/**
 * The chart faces' subsets for a report's text, made in this thread for another (the text aid's `make`): harfbuzz's
 * memory collected before they are returned.
 */
export async function makeChartSubsets(profile: FontProfile, text: string): Promise<MadeSubset[]> {
  // The regular face only: which charts have bold text is not known from the text (a chart that has grows the bold
  // face's subset where its PNG is drawn).
  const faces = chartFaces(profile, false);
  const chars = [...withText(BASE, text)].sort().join("");
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
  return { file: face.file, length: face.size, checksum: face.info.checksum };
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
  const needed = [...withText([], text)];
  const missing = faces.filter((face) => {
    const current = subsets.get(face);
    return !(current && needed.every((c) => current.chars.has(c)));
  });
  const taken = missing.map((face) => ({ face, made: offeredFor(face, needed) }));
  for (const { face, made } of taken) if (made) keep(face, new Set(made.chars), made.data);
  const grown = taken.filter((t) => !t.made).map(({ face }) => ({ face, chars: withText(subsets.get(face)?.chars ?? BASE, text) }));
  if (grown.length > 0) {
    const made = await subsetTrueType(grown.map(({ face, chars }) => ({ font: face.data, text: [...chars].sort().join("") })));
    for (const [i, { face, chars }] of grown.entries()) keep(face, chars, made[i]!);
    await freeHarfBuzz();
  }
  return faces.map((face) => subsets.get(face)!.file);
}

/** The characters of `chars` and those `text` draws (white space is not drawn; BASE's space is kept for resvg's gaps). */
function withText(chars: Iterable<string>, text: string): Set<string> {
  return new Set([...chars, ...[...text].filter((c) => !/\s/.test(c))]);
}

/** The face's subset from now on: written for resvg, the one it replaces removed. */
function keep(face: FontFace, chars: Set<string>, data: Uint8Array): void {
  folder ??= workFolder(projectRoot(), "chart-fonts");
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
 * the subsets (~10 ms); then a timer's turn, on which V8 hands the memory back to the system (measured in a
 * worker thread: ~7 MB more stayed resident after a turn through setImmediate, none after one through setTimeout
 * — and a render worker goes straight on to a PDF that does not wait for a timer).
 */
async function freeHarfBuzz(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  collect();
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
