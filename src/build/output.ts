/**
 * Writing outputs safely: every output is rendered in memory first, then each file is written to a
 * temporary name beside its target and renamed over it, so a failed build leaves earlier outputs whole
 * and never leaves a half-written file. out/manifest.json lists what is there.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";

export interface OutputFile {
  /** Path relative to the output folder. */
  readonly name: string;
  readonly data: Buffer | string;
  /** Present for the documents listed in the manifest. */
  readonly entry?: { readonly report: string; readonly region: string; readonly year: number; readonly format: string; readonly title?: string };
}

export interface ManifestEntry {
  readonly report: string;
  readonly region: string;
  readonly year: number;
  readonly format: string;
  /** The document's title (out/<year>/index.html lists the reports by it). */
  readonly title?: string;
  /** Relative to the repo root, with forward slashes. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export function writeOutputs(root: string, outDir: string, files: readonly OutputFile[]): ManifestEntry[] {
  const base = resolve(root, outDir);
  const entries: ManifestEntry[] = [];
  for (const file of files) {
    const target = resolve(base, file.name);
    const rel = relative(base, target);
    if (rel.startsWith("..") || isAbsolute(rel)) throw new Error(`refusing to write outside ${base}: ${file.name}`);
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, file.data);
    renameSync(tmp, target);
    if (file.entry) {
      const data = typeof file.data === "string" ? Buffer.from(file.data) : file.data;
      entries.push({ ...file.entry, path: relative(root, target).split("\\").join("/"), bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") });
    }
  }
  return entries;
}

/** Merges new entries into <out>/manifest.json: same path replaced, entries whose file is gone dropped. */
export function updateManifest(root: string, outDir: string, fresh: readonly ManifestEntry[]): string {
  const file = join(resolve(root, outDir), "manifest.json");
  let previous: ManifestEntry[] = [];
  if (existsSync(file)) {
    try {
      previous = (JSON.parse(readFileSync(file, "utf8")) as { outputs?: ManifestEntry[] }).outputs ?? [];
    } catch {
      previous = []; // a damaged manifest is rebuilt from this build
    }
  }
  const byPath = new Map(previous.filter((e) => existsSync(resolve(root, e.path))).map((e) => [e.path, e]));
  for (const e of fresh) byPath.set(e.path, e);
  const outputs = [...byPath.values()].sort((a, b) => a.year - b.year || a.region.localeCompare(b.region) || a.report.localeCompare(b.report) || a.format.localeCompare(b.format));
  const text = `${JSON.stringify({ outputs }, null, 2)}\n`;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return file;
}
