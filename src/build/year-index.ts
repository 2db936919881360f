/**
 * After the documents and the manifest: out/<year>/index.html, listing every report of the year that
 * out/ holds (this build's and earlier builds' still on disk, as the manifest lists them), in the
 * manifest's order (region code, report), each with its HTML, PDF and DOCX. Made from the manifest only,
 * so the same outputs give the same page.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { indexPageHtml } from "../render/html/index-page.js";
import type { ManifestEntry, OutputFile } from "./output.js";

const ORDER = ["html", "pdf", "docx"];

export function yearIndex(manifestFile: string, year: number, title: string): OutputFile {
  const { outputs } = JSON.parse(readFileSync(manifestFile, "utf8")) as { outputs: ManifestEntry[] };
  const reports = new Map<string, ManifestEntry[]>();
  for (const e of outputs.filter((o) => o.year === year)) {
    const key = `${e.region}-${e.report}`;
    reports.set(key, [...(reports.get(key) ?? []), e]);
  }
  const page = indexPageHtml({
    title,
    reports: [...reports.entries()].map(([key, entries]) => ({
      title: entries.find((e) => e.title)?.title ?? key,
      files: [...entries]
        .sort((a, b) => rank(a.format) - rank(b.format) || a.format.localeCompare(b.format))
        .map((e) => ({ format: e.format, name: basename(e.path), bytes: e.bytes })),
    })),
  });
  return { name: `${year}/index.html`, data: page };
}

const rank = (format: string): number => (ORDER.includes(format) ? ORDER.indexOf(format) : ORDER.length);
