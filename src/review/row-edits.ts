/**
 * Table rows a reviewer added or deleted (tracked: w:trPr/w:ins|w:del; untracked: a row without a bookmark, or a
 * row whose cells' bookmarks are all gone) → lines added to or removed from the template's table (table-rows.ts
 * says which line makes which row, and why a table cannot be changed so). The paragraphs of those rows are the
 * review's no more: it passes them over.
 */
import type { Region } from "../data/types.js";
import type { SourceEntry } from "../render/docx/provenance.js";
import type { Paragraph, WordDocument } from "../word/index.js";
import type { ReviewRecord } from "./record.js";
import type { ReviewItem } from "./review.js";
import { builtRows, lineAfterRow, newRowLine, tableLines, tablesOf } from "./table-rows.js";
import type { TemplateFile } from "./template-file.js";

export interface RowContext {
  readonly record: ReviewRecord;
  readonly entryOf: (p: Paragraph) => SourceEntry | undefined;
  readonly template: (name: string) => TemplateFile | undefined;
  readonly regions: () => readonly Region[];
  /** The text a figure has in the data (undefined: not published, or no such figure). */
  readonly figureText: (ref: string, region: string) => string | undefined;
  readonly dataPlace: (ref: string, region: string) => string;
  readonly text: (p: Paragraph, view: "accept" | "reject") => string;
}

type Who = { author: string; date: string };

const clip = (s: string, n = 24): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The template lines of the table recorded at `entry`'s place, or why its rows cannot be changed there. */
function tableOf(ctx: RowContext, entry: SourceEntry) {
  const file = ctx.template(entry.file);
  const built = builtRows(ctx.record.entries.values(), entry.file, entry.line);
  return { file, built, lines: file ? tableLines(file.lines, entry.line - 1, built.rows) : ({ kind: "unsafe", reason: `${entry.file} is not in the project` } as const) };
}

function rowDeleted(ctx: RowContext, entry: SourceEntry, text: string, who: Who, how: string): ReviewItem {
  const { file, lines } = tableOf(ctx, entry);
  const ok = lines.kind === "rows" && file !== undefined;
  if (ok) file.deleted.add(lines.rows[entry.row!]!);
  return { kind: "row deleted", template: entry.file, line: ok ? lines.rows[entry.row!]! + 1 : entry.line, what: `${how}${ok ? "" : ` — not placed: ${lines.kind === "unsafe" ? lines.reason : ""}`}`, before: text, after: "", status: ok ? "applied" : "not placed", ...who };
}

/**
 * The rows of the document's tables added or deleted: their items; the record entries they account for (`seen`:
 * deleted; `claimed`: every entry of a row still there); the paragraphs of those rows.
 */
export function rowEdits(doc: WordDocument, ctx: RowContext): { items: ReviewItem[]; seen: number[]; claimed: Set<number>; paragraphs: Set<Paragraph> } {
  const items: ReviewItem[] = [];
  const seen: number[] = [];
  const paragraphs = new Set<Paragraph>();
  const claimed = new Set<number>();
  for (const table of tablesOf(doc.body)) {
    const rows = table.map((r) => {
      const entries = r.cells.flat().flatMap((p) => {
        const e = ctx.entryOf(p);
        return e && e.row !== undefined && !claimed.has(e.n) ? [e] : [];
      });
      for (const e of entries) claimed.add(e.n);
      return { ...r, entries };
    });
    rows.forEach((r, k) => {
      const cellText = (view: "accept" | "reject") => r.cells.map((ps) => ps.map((p) => ctx.text(p, view)).join("\n"));
      const change = r.row.change ?? r.cells.flat().flatMap((p) => p.runs).find((x) => x.change)?.change;
      const who = { author: change?.author ?? "(untracked)", date: change?.date ?? "" };
      if (r.entries.length > 0 && r.row.change?.type === "del") {
        for (const p of r.cells.flat()) paragraphs.add(p);
        seen.push(...r.entries.map((e) => e.n));
        items.push(rowDeleted(ctx, r.entries[0]!, cellText("reject").join(" | "), who, "row deleted"));
        return;
      }
      const cells = cellText("accept");
      if (r.entries.length > 0 || r.row.change?.type === "del" || cells.every((c) => c.trim() === "")) return;
      for (const p of r.cells.flat()) paragraphs.add(p);
      items.push(...rowAdded(ctx, cells, rows.slice(0, k).reverse().find((x) => x.entries.length > 0)?.entries[0], rows.slice(k + 1).find((x) => x.entries.length > 0)?.entries[0], who));
    });
  }
  return { items, seen, claimed, paragraphs };
}

/** A row added after the row of `prev` (or before that of `next`): a line of the table, its figures as {{cell}}. */
function rowAdded(ctx: RowContext, cells: readonly string[], prev: SourceEntry | undefined, next: SourceEntry | undefined, who: Who): ReviewItem[] {
  const anchor = prev ?? next;
  const { file, built, lines } = anchor ? tableOf(ctx, anchor) : { file: undefined, built: undefined, lines: { kind: "unsafe", reason: "the table has no row the build wrote" } as const };
  const made = lines.kind === "rows" && built ? newRowLine(cells, built.columnRefs, ctx.regions()) : { reason: lines.kind === "unsafe" ? lines.reason : "" };
  const at = lines.kind === "rows" ? (prev ? lineAfterRow(lines, prev.row!) : lines.rows[next!.row!]! - 1) : -1;
  const where = { template: anchor?.file ?? "", line: at >= 0 ? at + 1 : (anchor?.line ?? 0) };
  const what = `${prev ? "after" : "before"} row “${clip(built?.rows[anchor?.row ?? 0]?.cells.join(" | ") ?? "")}”`;
  if ("reason" in made || !file) return [{ kind: "row added", ...where, what: `${what} — not placed: ${"reason" in made ? made.reason : ""}`, before: "", after: cells.join(" | "), status: "not placed", ...who }];
  file.rowsAfter.set(at, [...(file.rowsAfter.get(at) ?? []), made.line]);
  const out: ReviewItem[] = [{ kind: "row added", ...where, what, before: "", after: cells.join(" | "), status: "applied", ...who }];
  for (const f of made.figures) {
    const now = ctx.figureText(f.ref, f.region);
    if (now === f.typed) continue; // the data's own figure: {{cell}} prints it
    out.push({ kind: "data change requested", ...where, what: `${f.ref} (${f.region}), typed in a row added to the table: written as {{cell}}`, before: now ?? "", after: f.typed, status: "listed", ...who, data: ctx.dataPlace(f.ref, f.region) });
  }
  return out;
}

/** Rows deleted without tracking: every cell's bookmark is gone (none seen in the document, none claimed by a row). */
export function untrackedRowDeletions(ctx: RowContext, seen: ReadonlySet<number>, claimed: ReadonlySet<number>): ReviewItem[] {
  const rows = new Map<string, SourceEntry[]>();
  for (const entry of ctx.record.entries.values()) {
    if (entry.row === undefined || entry.file === "") continue;
    const key = `${entry.file}:${entry.line}:${entry.row}`;
    rows.set(key, [...(rows.get(key) ?? []), entry]);
  }
  return [...rows.values()]
    .filter((row) => !row.some((e) => seen.has(e.n) || claimed.has(e.n)))
    .map((row) => rowDeleted(ctx, row[0]!, row.map((e) => e.segments.map((s) => s.text).join("")).join(" | "), { author: "(untracked)", date: "" }, "row deleted (untracked)"));
}
