/**
 * Gaps: figures not published yet (an empty value with no note — a new year being filled in), figures
 * missing where running text asks for them, and document metadata marked `unknown`. A --draft build shows
 * each as a visible mark and lists them (out/<year>/gaps.csv); any other build stops with one error that
 * lists every gap. In the Markdown a gap is the text directive `:gap[label]{id="…"}` (src/model/parse.ts
 * turns it into a Run with style "gap").
 */
import { UserError } from "../errors.js";
import { literalInline } from "./literal.js";

export interface Gap {
  /** Template (or document.yaml) relative to the repo. */
  readonly file: string;
  readonly line?: number;
  /** Indicator id, or document.<field> for metadata. */
  readonly id: string;
  readonly label: string;
}

/** The text a gap shows in every output: 【待补充：label】. */
export function gapText(label: string): string {
  return `【待补充：${label}】`;
}

/** A gap's text wherever it stands (src/present/ shades it: in table cells and metadata blocks too). */
export const GAP_MARK = /【待补充：[^】]*】/g;

/** The Markdown for a gap; the label is literal (literal.ts), so the directive's label stays whole. */
export function gapDirective(label: string, id: string): string {
  return `:gap[${literalInline(label)}]{id="${id.replace(/"/g, "")}"}`;
}

/** A gap's place: the same gap of a template shared by several reports has one. */
export function gapPlace(g: Gap): string {
  return `${g.file}\0${g.line ?? ""}\0${g.id}\0${g.label}`;
}

/** One entry per place: the templates shared by several reports give the same gap once. */
export function uniqueGaps(gaps: readonly Gap[]): Gap[] {
  const seen = new Map<string, Gap>();
  for (const g of gaps) seen.set(gapPlace(g), g);
  return [...seen.values()].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.id.localeCompare(b.id));
}

/** Every gap at once, each with its template file and line. */
export function gapsError(gaps: readonly Gap[]): UserError {
  return new UserError(
    uniqueGaps(gaps).map((g) => ({
      file: g.file,
      line: g.line,
      message: `${g.id} (${g.label}) is not published yet`,
      hint: g.id.startsWith("document.") ? "fill it in, or build with --draft to see it marked 待补充" : "fill in the figure in data/<year>/indicators/*.csv (or a note saying why it is not published), or build with --draft",
    })),
  );
}

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** out/<year>/gaps.csv: file,line,id,label. */
export function gapsCsv(gaps: readonly Gap[]): string {
  const rows = uniqueGaps(gaps).map((g) => [g.file, g.line === undefined ? "" : String(g.line), g.id, g.label].map(csvField).join(","));
  return `file,line,id,label\n${rows.map((r) => `${r}\n`).join("")}`;
}

/** The list of gaps for the console: `file:line  id  label`. */
export function gapsText(gaps: readonly Gap[]): string {
  return uniqueGaps(gaps)
    .map((g) => `  ${g.file}${g.line === undefined ? "" : `:${g.line}`}  ${g.id}  ${g.label}`)
    .join("\n");
}

/** Markdown with gap directives → the text the outputs show (for metadata read from the Markdown, e.g. the title). */
export function gapsAsText(markdown: string): string {
  return markdown.replace(/:gap\[((?:\\.|[^\]\\])*)\]\{[^}]*\}/g, (_, label: string) => gapText(label.replace(/\\(.)/g, "$1")));
}
