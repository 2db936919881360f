/**
 * The review record a built DOCX carries (src/render/docx/provenance.ts): the build and, per `src_<n>` bookmark,
 * the template place and the text generated there. Read from the edited DOCX's custom XML parts — Word, WPS and
 * LibreOffice 7.4 keep them when they save.
 */
import { UserError } from "../errors.js";
import type { ContentControl, WordDocument } from "../word/index.js";
import { elements, textContent } from "../word/xml.js";
import type { BuildInfo, Segment, SourceEntry } from "../render/docx/provenance.js";

export interface ReviewRecord {
  readonly build: BuildInfo;
  readonly entries: ReadonlyMap<number, SourceEntry>;
}

/** The record, or a UserError saying the DOCX was not built by this project (or lost its record). */
export function readRecord(doc: WordDocument): ReviewRecord {
  const root = doc.customXml.find((x) => x.name === "rv:review");
  if (!root) {
    throw new UserError({
      file: doc.file,
      message: "has no review record: it was not made by `npm run build` of this project, or it was saved by a program that drops custom XML parts",
      hint: "review a DOCX from `npm run build` (out/<year>/<region>-<kind>.docx), edited in Word, WPS or LibreOffice; a Word file from elsewhere goes through `npm run import`",
    });
  }
  const a = root.attrs;
  const build: BuildInfo = {
    report: a.report ?? "",
    region: a.region ?? "",
    year: Number(a.year),
    codeVersion: a.code ?? "",
    templates: elements(root, "rv:template").map((t) => ({ file: t.attrs.file ?? "", sha256: t.attrs.sha256 ?? "" })),
  };
  const entries = new Map<number, SourceEntry>();
  for (const p of elements(root, "rv:p")) {
    const n = Number(p.attrs.n);
    const segments: Segment[] = elements(p).map((s) => (s.name === "rv:fig" ? { text: textContent(s), ref: s.attrs.ref ?? "", region: s.attrs.region ?? "" } : { text: textContent(s) }));
    const cell = p.attrs.row === undefined ? {} : { row: Number(p.attrs.row), column: Number(p.attrs.column) };
    entries.set(n, { n, file: p.attrs.file ?? "", line: Number(p.attrs.line), ...cell, segments });
  }
  return { build, entries };
}

/** The record entry a bookmark names (`src_<n>`). */
export function entryNumber(bookmark: string): number | undefined {
  const m = /^src_(\d+)$/.exec(bookmark);
  return m ? Number(m[1]) : undefined;
}

/**
 * The figure a content control holds: by its tag (`fig:<id>@<region>`), else by its label (`数据：<id>（<region>）`) —
 * LibreOffice 7.4 keeps a control's w:alias but drops its w:tag and w:lock when it saves.
 */
export function controlFigure(c: ContentControl): { ref: string; region: string } | undefined {
  const tag = c.tag === undefined ? undefined : /^fig:(.+)@([^@]+)$/.exec(c.tag);
  if (tag) return { ref: tag[1]!, region: tag[2]! };
  const alias = c.alias === undefined ? undefined : /^数据：(.+)（([^（）]+)）$/.exec(c.alias);
  return alias ? { ref: alias[1]!, region: alias[2]! } : undefined;
}
