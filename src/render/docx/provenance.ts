/**
 * Where the DOCX's text came from, written into the DOCX so that `npm run review` (src/review/) can bring a
 * reviewer's edits back to the templates:
 *
 * - every figure from data/ (a run with `ref`, ARCHITECTURE "Where the refs come from") is an inline content
 *   control (ECMA-376 §17.5.2 `w:sdt`), tagged `fig:<indicator id>@<region code>` (`w:tag`), labelled for the clerk
 *   (`w:alias`), its content locked (`w:lock w:val="contentLocked"`, §17.5.2.23: the figure cannot be typed over by
 *   accident; the control itself can still be deleted with its sentence). A rich-text control, not a plain-text one
 *   (`w:text`): LibreOffice 7.4 saves a plain-text control that spans Latin and Chinese text (`61.64万人`) once per
 *   script portion with the text run together (`7.59万人` came back as `7.59万人万人7.59万人`: 334 controls became
 *   882) and writes a tracked deletion around one as mis-nested XML; a rich-text control it keeps whole, tracked
 *   edits inside it well-formed (it drops the control's properties, which the review does not need: the record says
 *   which figure stands where);
 * - every paragraph with text (and every table cell's paragraph) is wrapped in a bookmark `src_<n>` (§17.13.6.2,
 *   invisible in print), `<n>` the paragraph's entry in the review record, which names its template line when it has
 *   one (a unit line made from the data's unit has none) — a paragraph without a bookmark is one a reviewer added;
 * - the review record, a custom XML part (§15.2.5, `customXml/item1.xml`, namespace REVIEW_NS): the build (report
 *   kind, region, year, code version, each template file's SHA-256) and, per bookmark, the template file and line
 *   and the text the build generated, figure by figure — what untracked edits are compared with;
 * - the build also in custom document properties (docProps/custom.xml), which Word shows under File › Properties.
 *
 * docx 9.15.2 has no inline content control of this kind (its `w:sdt` elements are the table of contents and the
 * check box, neither with a tag or a lock) and numbers bookmarks with a counter shared by the process: both are made
 * here with docx's public `BuilderElement`, ids counted per document.
 */
import { BuilderElement, type ParagraphChild, type XmlComponent } from "docx";
import type { DocMeta, SourceRef } from "../../model/types.js";
import type { PresentedRun } from "../../present/types.js";

/** The review record's namespace (its root element `review`). */
export const REVIEW_NS = "urn:gz-hrss-bulletin:review:1";
/** The bookmark name of record entry `n`. */
export const sourceBookmark = (n: number): string => `src_${n}`;
/** A figure control's tag. */
export const figureTag = (ref: string, region: string): string => `fig:${ref}@${region}`;

/** A piece of a paragraph's generated text: prose, or a figure with its indicator and region. */
export interface Segment {
  readonly text: string;
  readonly ref?: string;
  readonly region?: string;
}

/** One bookmarked paragraph: its template place (file "" and line 0: none) and the text the build wrote. */
export interface SourceEntry {
  readonly n: number;
  readonly file: string;
  readonly line: number;
  /** A table cell's paragraph: the row (0 = the first header row) and the column of the presented table. */
  readonly row?: number;
  readonly column?: number;
  readonly segments: readonly Segment[];
}

const attr = (key: string, value: string | number) => ({ [key.replace(/^w:/, "")]: { key, value } });
const el = (name: string, attributes?: Record<string, { key: string; value: string | number }>, children?: readonly XmlComponent[]) =>
  new BuilderElement({ name, ...(attributes ? { attributes } : {}), ...(children ? { children } : {}) });

/** What a document's provenance collects while its blocks are built (one per document: ids count from 1). */
export class Provenance {
  readonly entries: SourceEntry[] = [];
  private ids = 0;

  /**
   * A paragraph's children between the bookmark of its template place (none without a source). `segments` are the
   * runs whose text the paragraph shows (a heading's without the number its numbering draws).
   */
  wrap(source: SourceRef | undefined, runs: readonly PresentedRun[], children: readonly ParagraphChild[], cell?: { row: number; column: number }): ParagraphChild[] {
    const n = this.entries.length + 1;
    this.entries.push({ n, file: source?.file ?? "", line: source?.line ?? 0, ...(cell ?? {}), segments: segments(runs) });
    const id = ++this.ids;
    const start = el("w:bookmarkStart", { ...attr("w:id", id), ...attr("w:name", sourceBookmark(n)) });
    const end = el("w:bookmarkEnd", attr("w:id", id));
    return [start as unknown as ParagraphChild, ...children, end as unknown as ParagraphChild];
  }

  /** A figure's runs inside a locked content control tagged with its indicator and region. */
  figure(runs: readonly ParagraphChild[], ref: string, region: string): ParagraphChild {
    const properties = el("w:sdtPr", undefined, [
      el("w:alias", attr("w:val", `数据：${ref}（${region}）`)),
      el("w:tag", attr("w:val", figureTag(ref, region))),
      el("w:id", attr("w:val", ++this.ids)),
      el("w:lock", attr("w:val", "contentLocked")),
    ]);
    return el("w:sdt", undefined, [properties, el("w:sdtContent", undefined, runs as unknown as XmlComponent[])]) as unknown as ParagraphChild;
  }
}

/** Runs → segments: neighbouring prose joined, each figure its own. */
export function segments(runs: readonly PresentedRun[]): Segment[] {
  const out: Segment[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (r.ref && r.region && !r.gap) out.push({ text: r.text, ref: r.ref, region: r.region });
    else if (last && last.ref === undefined) out[out.length - 1] = { text: last.text + r.text };
    else out.push({ text: r.text });
  }
  return out.filter((s) => s.text !== "");
}

/** What the record says about the build. */
export interface BuildInfo {
  readonly report: string;
  readonly region: string;
  readonly year: number;
  readonly codeVersion: string;
  readonly templates: readonly { readonly file: string; readonly sha256: string }[];
}

export function buildInfo(meta: DocMeta, codeVersion: string): BuildInfo {
  return { report: meta.report, region: meta.region.code, year: meta.year, codeVersion, templates: meta.templates ?? [] };
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The review record as XML (read back by src/review/record.ts). */
export function recordXml(build: BuildInfo, entries: readonly SourceEntry[]): string {
  const templates = build.templates.map((t) => `<template file="${esc(t.file)}" sha256="${t.sha256}"/>`).join("");
  const paragraphs = entries
    .map((e) => {
      const place = e.row === undefined ? "" : ` row="${e.row}" column="${e.column}"`;
      const segs = e.segments.map((s) => (s.ref ? `<fig ref="${esc(s.ref)}" region="${esc(s.region!)}">${esc(s.text)}</fig>` : `<t>${esc(s.text)}</t>`)).join("");
      return `<p n="${e.n}" file="${esc(e.file)}" line="${e.line}"${place}>${segs}</p>`;
    })
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><review xmlns="${REVIEW_NS}" report="${esc(build.report)}" region="${esc(build.region)}" year="${build.year}" code="${esc(build.codeVersion)}">${templates}${paragraphs}</review>`;
}

const ITEM = "customXml/item1.xml";
const ITEM_PROPS = "customXml/itemProps1.xml";
const ITEM_RELS = "customXml/_rels/item1.xml.rels";
/** The item's GUID (itemProps' ds:itemID): fixed, so the bytes are too; it names the record's kind, not one file. */
const ITEM_ID = "{5B1E3A6C-2F0D-4C8E-9A57-3D1B0C2E7F41}";

/**
 * The record as a custom XML part: the item, its properties part and relationships, the document's relationship
 * to it, and the properties part's content type (ECMA-376 Part 1 §15.2.4–15.2.5; the layout Word itself writes).
 */
export function recordParts(xml: string): { readonly parts: Record<string, string>; readonly edits: Record<string, (xml: string) => string> } {
  return {
    parts: {
      [ITEM]: xml,
      [ITEM_PROPS]: `<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID="${ITEM_ID}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="${REVIEW_NS}"/></ds:schemaRefs></ds:datastoreItem>`,
      [ITEM_RELS]: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"/></Relationships>`,
    },
    edits: {
      "word/_rels/document.xml.rels": (rels) =>
        rels.replace("</Relationships>", `<Relationship Id="rIdReviewRecord" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../${ITEM}"/></Relationships>`),
      "[Content_Types].xml": (types) =>
        types.replace("</Types>", `<Override PartName="/${ITEM_PROPS}" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>`),
    },
  };
}

/** The build as custom document properties (names prefixed `bulletin.`): Word lists them; the review checks the kind. */
export function buildProperties(build: BuildInfo): { name: string; value: string }[] {
  return [
    { name: "bulletin.report", value: build.report },
    { name: "bulletin.region", value: build.region },
    { name: "bulletin.year", value: String(build.year) },
    { name: "bulletin.code", value: build.codeVersion },
    { name: "bulletin.templates", value: String(build.templates.length) },
    { name: "bulletin.record", value: REVIEW_NS },
  ];
}
