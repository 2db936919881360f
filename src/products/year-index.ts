/**
 * After the documents, from what the manifest lists: out/<year>/index.html, listing every report of the year that
 * out/ holds (this build's and earlier builds' still on disk, as the manifest lists them), in the
 * manifest's order (region code, report), each with its files (the web page first, then the others in the
 * format table's order, src/formats.ts). Made from the manifest only,
 * so the same outputs give the same page.
 */
import { basename } from "node:path";
import { indexPageHtml } from "../render/html/index-page.js";
import type { ManifestEntry, OutputFile } from "../output/stage.js";
import { readerOrder } from "../formats.js";

/** @param outputs the manifest's entries (output.ts OutputStage.outputs): what the set holds once committed. */
export function yearIndex(outputs: readonly ManifestEntry[], year: number, title: string): OutputFile {
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
        .sort((a, b) => readerOrder(a.format, b.format))
        .map((e) => ({ format: e.format, name: basename(e.path), bytes: e.bytes })),
    })),
  });
  return { name: `${year}/index.html`, data: page };
}
