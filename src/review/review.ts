/**
 * `npm run review`: what a reviewer did to a built DOCX (in Word, WPS or LibreOffice) → edits of the templates and
 * a list of everything else (src/review/cli.ts writes them).
 *
 * Each paragraph of the edited DOCX is found by its bookmark `src_<n>` in the review record (record.ts), which holds
 * the text the build generated there, figure by figure. Its text now — every tracked change accepted, so tracked
 * and untracked edits alike — is compared with that text (diff.ts), and each changed stretch is:
 * - inside a figure's content control, or a number typed where a figure was: a data change requested, with the
 *   data file and line (or workbook sheet and cell) holding the figure — never written into a template;
 * - in text a helper words (增长/下降, 分别, 个百分点…): listed with the helper and its template line, not patched;
 * - prose: patched into the template line it came from (template-line.ts), the `{{…}}` around it kept; a sentence
 *   deleted with its figures takes their helpers with it.
 * Paragraphs added are inserted after the paragraph before them; paragraphs deleted remove their template line.
 * Comments are listed with their anchored text. A paragraph whose template line no longer generates the text the
 * DOCX was built with (the template changed since) is a conflict when it has an edit: then nothing is written.
 */
import { existsSync } from "node:fs";
import { readInput } from "../io/read.js";
import { join } from "node:path";
import { UserError, type Problem } from "../errors.js";
import { loadDataset } from "../data/load.js";
import type { Dataset } from "../data/types.js";
import { confinedTo, resolveInside } from "../io/project-path.js";
import { allParagraphs, commentAnchors, runInView, type Paragraph, type Run, type WordDocument } from "../word/index.js";
import type { SourceEntry } from "../render/docx/provenance.js";
import { hunks, mapPosition, type Hunk } from "./diff.js";
import { controlFigure, entryNumber, readRecord, type ReviewRecord } from "./record.js";
import { movePairs, movedParagraphs, trackedHunks } from "./moves.js";
import { formIndex, type FormIndex } from "../import/forms.js";
import { newParagraphText, typedText } from "./new-text.js";
import { rowEdits, untrackedRowDeletions, type RowContext } from "./row-edits.js";
import { TemplateFile, paragraphLines } from "./template-file.js";
import { align, type Origin } from "./template-line.js";

export type ItemKind = "prose" | "data change requested" | "helper wording" | "comment" | "paragraph added" | "paragraph deleted" | "paragraph moved" | "row added" | "row deleted" | "no template";
export type ItemStatus = "applied" | "listed" | "conflict" | "not placed";

export interface ReviewItem {
  readonly kind: ItemKind;
  readonly template: string;
  readonly line: number;
  readonly what: string;
  readonly before: string;
  readonly after: string;
  readonly status: ItemStatus;
  readonly author: string;
  readonly date: string;
  /** A figure's data file and line, or workbook sheet and cell. */
  readonly data?: string;
}

export interface ReviewResult {
  readonly record: ReviewRecord;
  readonly items: readonly ReviewItem[];
  /** Template files (relative to the project) → their new text. */
  readonly patches: ReadonlyMap<string, { readonly before: string; readonly after: string }>;
  readonly conflicts: readonly Problem[];
}

/** One character of a paragraph as it now stands, with the figure it belongs to and who changed it. */
interface Char {
  readonly ch: string;
  readonly figure?: { ref: string; region: string };
  readonly change?: { author?: string; date?: string };
}

function chars(p: Paragraph, view: "accept" | "reject"): Char[] {
  const out: Char[] = [];
  for (const r of p.runs) {
    if (!runInView(r, view)) continue;
    const figure = figureOf(r);
    const change = r.change && { author: r.change.author, date: r.change.date };
    for (const ch of r.text.split("")) out.push({ ch, ...(figure && { figure }), ...(change && { change }) });
  }
  return out;
}

function figureOf(r: Run): { ref: string; region: string } | undefined {
  for (const c of r.controls) {
    const f = controlFigure(c);
    if (f) return f;
  }
  return undefined;
}

const textOf = (cs: readonly { ch: string }[]) => cs.map((c) => c.ch).join("");
const HAS_DIGIT = /\d/;

interface Placed {
  readonly file: TemplateFile;
  readonly index: number;
  readonly origins: Origin[];
  /** The line makes more than this paragraph (a run-in heading and its text). */
  readonly part: boolean;
}

export function review(root: string, doc: WordDocument): ReviewResult {
  const record = readRecord(doc);
  const items: ReviewItem[] = [];
  const conflicts: Problem[] = [];
  const files = new Map<string, TemplateFile>();
  let dataset: Dataset | undefined;
  const data = (): Dataset => (dataset ??= loadDataset(join(root, "data"), record.build.year, root));
  let index: FormIndex | undefined;
  // The province's figures bind without a region named (a prefecture's need its name before them, and then carry
  // region="…"): a template shared by every prefecture's report never gets one prefecture's figure as its own.
  const forms = (): FormIndex => (index ??= formIndex(data()));
  const dataPlace = (ref: string, region: string): string => {
    const at = data().indicators.get(ref)?.observations.get(region)?.at;
    if (!at) return `${ref} (${region}): not in data/${record.build.year}`;
    return at.sheet !== undefined ? `${at.file}: sheet ${at.sheet}, cell ${at.cell}` : `${at.file}:${at.line}`;
  };
  const template = (name: string): TemplateFile | undefined => {
    if (name === "") return undefined;
    let f = files.get(name);
    if (!f) {
      const path = resolveInside(root, root, name, "template");
      if (!existsSync(path)) return undefined;
      const text = readInput(path, name, "template", confinedTo(root)).toString("utf8");
      f = new TemplateFile(name, text);
      files.set(name, f);
    }
    return f;
  };
  /** The template line that generates `text`: the recorded one, else (the template changed) the one line of the file that does. */
  const place = (entry: SourceEntry, text: string, figure: readonly boolean[]): Placed | undefined => {
    const file = template(entry.file);
    if (!file) return undefined;
    const at = entry.line - 1;
    const attempt = (i: number, part: boolean): Placed | undefined => {
      const line = file.lines[i];
      if (line === undefined || line.trim() === "" || (entry.row !== undefined && !line.trimStart().startsWith("|"))) return undefined;
      // A paragraph may go on over the next lines (Markdown joins them): tried whole first, then as its one line.
      const span = entry.row === undefined ? paragraphLines(file.lines, i) : 1;
      for (const n of span > 1 ? [span, 1] : [1]) {
        const origins = align(file.lines.slice(i, i + n).join("\n"), text, figure, part);
        if (!origins) continue;
        if (n > 1) file.spans.set(i, n);
        return { file, index: i, origins, part };
      }
      return undefined;
    };
    for (const part of [false, true]) {
      const recorded = attempt(at, part);
      if (recorded) return recorded;
    }
    // The template changed (lines moved), or a block's first line was recorded (a table's cells, its notes): the one
    // other line that makes the text with some literal text of its own (a line of helpers alone makes anything).
    for (const part of [false, true]) {
      const found = file.lines.flatMap((_, i) => {
        const o = i === at ? undefined : attempt(i, part);
        return o && o.origins.some((x) => x.kind === "lit") ? [o] : [];
      });
      if (found.length === 1) return found[0];
      if (found.length > 1) return undefined;
    }
    return undefined;
  };

  const paragraphs = allParagraphs(doc.body);
  const seen = new Set<number>();
  let lastPlaced: { entry: SourceEntry; placed?: Placed } | undefined;
  const entryOf = (p: Paragraph): SourceEntry | undefined => {
    const n = [...p.bookmarks, ...p.runs.flatMap((r) => r.bookmarks)].map(entryNumber).find((x) => x !== undefined);
    return n === undefined ? undefined : record.entries.get(n);
  };
  // Table rows added or deleted (their paragraphs are not gone through one by one below).
  const rowContext: RowContext = { record, entryOf, template, regions: () => data().regions, figureText: (ref, region) => data().indicators.get(ref)?.observations.get(region)?.value?.text, dataPlace, text: (p, view) => textOf(chars(p, view)) };
  const rowPass = rowEdits(doc, rowContext);
  items.push(...rowPass.items);
  for (const n of rowPass.seen) seen.add(n);
  const inRowEdit = rowPass.paragraphs;

  const { moves, sources } = movedParagraphs(paragraphs.filter((p) => !inRowEdit.has(p)), entryOf);
  for (const p of paragraphs) {
    if (inRowEdit.has(p)) continue;
    if (sources.has(p)) {
      // Moved away: its template lines go where it was moved to (below).
      const e = entryOf(p);
      if (e) seen.add(e.n);
      continue;
    }
    const movedEntry = moves.get(p);
    if (movedEntry) {
      seen.add(movedEntry.n);
      const text = movedEntry.segments.map((s) => s.text).join("");
      const source = place(movedEntry, text, movedEntry.segments.flatMap((s) => s.text.split("").map(() => s.ref !== undefined)));
      const anchor = lastPlaced?.placed;
      const ok = source !== undefined && !source.part && anchor !== undefined && lastPlaced!.entry.row === undefined;
      if (ok) {
        // The template's own lines move, their helpers with them.
        const block = source.file.block(source.index);
        source.file.delete(source.index);
        const last = anchor.file.end(anchor.index);
        anchor.file.inserted.set(last, [...(anchor.file.inserted.get(last) ?? []), block]);
      }
      const change = p.runs.find((r) => r.change)?.change;
      const to = `after “${clip(textOf(lastPlaced?.entry.segments.map((s) => ({ ch: s.text })) ?? []))}” (${anchor ? `${anchor.file.name}:${anchor.index + 1}` : "no template line"})`;
      items.push({ kind: "paragraph moved", template: movedEntry.file, line: source ? source.index + 1 : movedEntry.line, what: `moved ${to}${ok ? "" : " — not placed: the paragraph or the place it went to has no template line of its own"}`, before: text, after: "", status: ok ? "applied" : "not placed", author: change?.author ?? "", date: change?.date ?? "" });
      continue;
    }
    const entry = entryOf(p);
    const after = chars(p, "accept");
    const afterText = textOf(after);
    if (!entry || seen.has(entry.n)) {
      // A paragraph the reviewer added (it has no bookmark of its own, or a copy of another's).
      if (afterText.trim() === "") continue;
      const change = after.find((c) => c.change)?.change;
      const anchor = lastPlaced;
      const placed = anchor?.placed;
      // Its text escaped, the year as {{year}}, its numbers bound to the data — or, one not a published figure, not placed.
      const written = newParagraphText(afterText.trim(), forms());
      const ok = placed !== undefined && anchor!.entry.row === undefined && "line" in written;
      if (ok) {
        const last = placed.file.end(placed.index);
        placed.file.inserted.set(last, [...(placed.file.inserted.get(last) ?? []), written.line]);
      }
      const where = { template: placed?.file.name ?? anchor?.entry.file ?? "", line: (placed?.index ?? -1) + 1 };
      const who = { author: change?.author ?? "", date: change?.date ?? "" };
      const why = "numbers" in written ? ` — not placed: ${written.numbers.map((x) => `“${x.phrase}”`).join("、")} is no figure of the data (a figure is never typed into a template): add it to data/, then write the paragraph with its helper` : "line" in written && written.bound.length > 0 ? ` — its numbers written as ${written.bound.map((b) => `{{${b}}}`).join(", ")}` : "";
      items.push({ kind: "paragraph added", ...where, what: `after “${clip(textOf(anchor?.entry.segments.map((s) => ({ ch: s.text })) ?? []))}”${why}`, before: "", after: afterText, status: ok ? "applied" : "not placed", ...who });
      if ("numbers" in written) for (const x of written.numbers) items.push({ kind: "data change requested", ...where, what: `a number typed in a paragraph added${x.candidates.length ? `: one of ${x.candidates.join(" | ")}` : ": no published figure has these digits and words"}`, before: "", after: x.phrase, status: "listed", ...who, data: x.candidates.length ? "" : `not in data/${record.build.year}` });
      continue;
    }
    seen.add(entry.n);
    const before = entry.segments.flatMap((s) => s.text.split("").map((ch) => ({ ch, ...(s.ref && { figure: { ref: s.ref, region: s.region! } }) })));
    const beforeText = textOf(before);
    const figureMask = before.map((c) => c.figure !== undefined);
    const placed = entry.file === "" ? undefined : place(entry, beforeText, figureMask);
    lastPlaced = { entry, ...(placed && { placed }) };
    if (afterText === beforeText) continue;
    const where = { template: placed?.file.name ?? entry.file, line: placed ? placed.index + 1 : entry.line };
    const deletedMarks = p.mark?.type === "del";
    const rejected = chars(p, "reject");
    const tracked = textOf(rejected) === beforeText;
    const whoOf = (h: Hunk) => {
      const c = after.slice(h.bFrom, h.bTo).find((x) => x.change)?.change ?? (tracked ? rejected.slice(h.from, h.to).find((x) => x.change)?.change : undefined);
      return { author: c?.author ?? (tracked ? "" : "(untracked)"), date: c?.date ?? "" };
    };

    // The whole paragraph deleted.
    if (afterText.trim() === "" && (deletedMarks || !tracked || p.runs.every((r) => r.change?.type !== "ins"))) {
      const who = whoOf({ from: 0, to: before.length, bFrom: 0, bTo: 0 });
      let status: ItemStatus = placed ? "not placed" : entry.file === "" ? "listed" : "conflict";
      if (placed && entry.row === undefined && !placed.part) {
        placed.file.delete(placed.index);
        status = "applied";
      } else if (placed?.part) {
        // A run-in heading's text: its stretch of the line goes, the heading stays.
        const edit = templateEdit(placed.origins, { from: 0, to: before.length, bFrom: 0, bTo: 0 }, figureMask);
        if (edit.kind === "range") {
          placed.file.edits.set(placed.index, [...(placed.file.edits.get(placed.index) ?? []), [edit.start, edit.end, ""]]);
          status = "applied";
        }
      } else if (!placed && entry.file !== "") conflicts.push(conflict(entry, "the reviewer deleted this paragraph"));
      items.push({ kind: "paragraph deleted", ...where, what: "paragraph deleted", before: beforeText, after: "", status, ...who });
      continue;
    }

    // Text moved inside the paragraph: the changes say what moved (a comparison of the texts could not).
    const hs = tracked && p.runs.some((r) => r.change?.type === "moveFrom" || r.change?.type === "moveTo") ? trackedHunks(p) : hunks(before.map((c) => c.ch), after.map((c) => c.ch));
    const pairs = movePairs(hs, beforeText, afterText);
    const consumed = new Set<Hunk>();
    // Figures: an edit inside one, or a number typed where one was.
    for (const fig of figureSpans(before)) {
      const touching = hs.filter((h) => (h.from < fig.end && h.to > fig.start) || (h.from === h.to && h.from > fig.start && h.from < fig.end));
      if (touching.length === 0) continue;
      const inside = touching.every((h) => h.from >= fig.start && h.to <= fig.end);
      const typed = touching.some((h) => HAS_DIGIT.test(textOf(after.slice(h.bFrom, h.bTo))));
      if (!inside && !typed) continue; // deleted with its sentence: a prose edit (below) takes the helper out
      const oldText = beforeText.slice(fig.start, fig.end);
      const newText = inside ? afterText.slice(mapPosition(hs, fig.start), mapPosition(hs, fig.end)) : touching.map((h) => textOf(after.slice(h.bFrom, h.bTo))).join("");
      for (const h of touching) consumed.add(h);
      items.push({ kind: "data change requested", ...where, what: `${fig.ref} (${fig.region})`, before: oldText, after: newText, status: "listed", ...whoOf(touching[0]!), data: dataPlace(fig.ref, fig.region) });
    }
    for (const h of hs) {
      if (consumed.has(h)) continue;
      const oldText = beforeText.slice(h.from, h.to);
      const newText = afterText.slice(h.bFrom, h.bTo);
      const who = whoOf(h);
      const context = clip(beforeText.slice(Math.max(0, h.from - 8), Math.min(beforeText.length, h.to + 8)).replace(/\n/g, " "));
      if (entry.file === "") {
        items.push({ kind: "no template", ...where, what: `text the build makes from data/ (not a template): near “${context}”`, before: oldText, after: newText, status: "listed", ...who });
        continue;
      }
      if (!placed) {
        conflicts.push(conflict(entry, `the reviewer changed “${clip(oldText)}” to “${clip(newText)}” near “${context}”`));
        items.push({ kind: "prose", ...where, what: `near “${context}”`, before: oldText, after: newText, status: "conflict", ...who });
        continue;
      }
      const edit = templateEdit(placed.origins, h, figureMask);
      const pair = pairs.find((m) => m.from === h || m.to === h);
      const source = pair && templateEdit(placed.origins, pair.from, figureMask);
      const target = pair && templateEdit(placed.origins, pair.to, figureMask);
      if (pair && source?.kind === "range" && target?.kind === "range") {
        if (pair.to === h) continue; // placed with the stretch it came from
        // The moved stretch's template text (its helpers with it) goes where it was moved to.
        const moving = placed.file.block(placed.index).slice(source.start, source.end);
        placed.file.edits.set(placed.index, [...(placed.file.edits.get(placed.index) ?? []), [source.start, source.end, ""], [target.start, target.end, moving]]);
        const near = clip(afterText.slice(Math.max(0, pair.to.bFrom - 8), pair.to.bFrom).replace(/\n/g, " "));
        items.push({ kind: "prose", ...where, what: `moved after “${near}”`, before: oldText, after: oldText, status: "applied", ...who });
        continue;
      }
      if (edit.kind === "helper") {
        items.push({ kind: "helper wording", ...where, what: `{{${edit.helper}}} words this (near “${context}”): change the helper call or the data, not its output`, before: oldText, after: newText, status: "listed", ...who });
        continue;
      }
      // What the reviewer typed: escaped, its numbers bound to the data; a number no published figure is not written.
      const typed = typedText(afterText, h.bFrom, h.bTo, forms());
      if ("numbers" in typed) {
        for (const x of typed.numbers) {
          // The number as it was: the typed stretch widened to the whole number, in the text before the edit.
          const was = beforeText.slice(Math.min(x.start, h.bFrom) + h.from - h.bFrom, Math.max(x.end, h.bTo) + h.to - h.bTo);
          items.push({ kind: "data change requested", ...where, what: `a number typed near “${context}”${x.candidates.length ? `: one of ${x.candidates.join(" | ")}` : ": no published figure has these digits and words"} — the edit is not written (a figure is never typed into a template)`, before: was, after: x.phrase, status: "listed", ...who, data: x.candidates.length ? "" : `not in data/${record.build.year}` });
        }
        continue;
      }
      const list = placed.file.edits.get(placed.index) ?? [];
      list.push([edit.start, edit.end, typed.text]);
      placed.file.edits.set(placed.index, list);
      // The line of the paragraph the edit is in (a paragraph may be written over several).
      const line = placed.index + 1 + (placed.file.block(placed.index).slice(0, edit.start).match(/\n/g)?.length ?? 0);
      items.push({ kind: "prose", ...where, line, what: `near “${context}”`, before: oldText, after: newText, status: "applied", ...who });
    }
  }

  items.push(...untrackedRowDeletions(rowContext, seen, rowPass.claimed));

  // Paragraphs deleted without tracking: their bookmark is gone.
  for (const entry of record.entries.values()) {
    if (seen.has(entry.n) || entry.file === "" || entry.row !== undefined) continue;
    const text = entry.segments.map((s) => s.text).join("");
    if (text.trim() === "") continue;
    const placed = place(entry, text, entry.segments.flatMap((s) => s.text.split("").map(() => s.ref !== undefined)));
    const whole = placed !== undefined && !placed.part;
    if (whole) placed!.file.delete(placed!.index);
    else if (!placed) conflicts.push(conflict(entry, "the reviewer deleted this paragraph"));
    items.push({ kind: "paragraph deleted", template: entry.file, line: placed ? placed.index + 1 : entry.line, what: "paragraph deleted (untracked)", before: text, after: "", status: whole ? "applied" : placed ? "not placed" : "conflict", author: "(untracked)", date: "" });
  }

  items.push(...comments(doc, paragraphs, record));
  const patches = new Map<string, { before: string; after: string }>();
  for (const f of files.values()) {
    const next = f.after();
    if (next !== f.before) patches.set(f.name, { before: f.before, after: next });
  }
  return { record, items, patches, conflicts };
}

interface FigureSpan {
  readonly start: number;
  readonly end: number;
  readonly ref: string;
  readonly region: string;
}

function figureSpans(cs: readonly Char[]): FigureSpan[] {
  const out: FigureSpan[] = [];
  cs.forEach((c, i) => {
    const last = out[out.length - 1];
    if (!c.figure) return;
    if (last && last.end === i && last.ref === c.figure.ref && last.region === c.figure.region) out[out.length - 1] = { ...last, end: i + 1 };
    else out.push({ start: i, end: i + 1, ...c.figure });
  });
  return out;
}

/**
 * Where a changed stretch of the text goes in its template line: a range of the line to replace, or the helper
 * whose wording it is. A stretch that covers a helper's whole output (a sentence deleted with its figure) takes the
 * helper's `{{…}}` too; an insertion at the edge of a helper's output goes beside the `{{…}}`, never into it.
 */
function templateEdit(origins: readonly Origin[], h: Hunk, figure: readonly boolean[]): { kind: "range"; start: number; end: number } | { kind: "helper"; helper: string } {
  if (h.from === h.to) {
    const left = origins[h.from - 1];
    const right = origins[h.from];
    if (left?.kind === "lit") return { kind: "range", start: left.at + 1, end: left.at + 1 };
    if (right?.kind === "lit") return { kind: "range", start: right.at, end: right.at };
    if (left?.kind === "helper" && right?.kind === "helper" && left.helper === right.helper) return { kind: "helper", helper: left.helper.name };
    const at = left?.kind === "helper" ? left.helper.end : right?.kind === "helper" ? right.helper.start : 0;
    return { kind: "range", start: at, end: at };
  }
  const span = origins.slice(h.from, h.to);
  for (const o of span) {
    if (o.kind !== "helper") continue;
    const all = origins.flatMap((x, i) => (x.kind === "helper" && x.helper === o.helper ? [i] : []));
    if (all.some((i) => i < h.from || i >= h.to)) return { kind: "helper", helper: o.helper.name };
  }
  void figure;
  const first = span[0]!;
  const last = span[span.length - 1]!;
  return { kind: "range", start: first.kind === "lit" ? first.at : first.helper.start, end: last.kind === "lit" ? last.at + 1 : last.helper.end };
}

function comments(doc: WordDocument, paragraphs: readonly Paragraph[], record: ReviewRecord): ReviewItem[] {
  const anchors = commentAnchors(doc);
  const out: ReviewItem[] = [];
  for (const [id, c] of doc.comments) {
    const anchor = anchors.get(id);
    const p = anchor?.paragraphs[0] === undefined ? undefined : paragraphs[anchor.paragraphs[0]];
    const n = p && [...p.bookmarks, ...p.runs.flatMap((r) => r.bookmarks)].map(entryNumber).find((x) => x !== undefined);
    const entry = n === undefined ? undefined : record.entries.get(n);
    out.push({ kind: "comment", template: entry?.file ?? "", line: entry?.line ?? 0, what: c.text, before: anchor?.text ?? "", after: "", status: "listed", author: c.author ?? "", date: c.date ?? "" });
  }
  return out;
}

function conflict(entry: SourceEntry, what: string): Problem {
  return {
    file: entry.file,
    line: entry.line,
    message: `the template changed since the DOCX was built: this line no longer makes the paragraph the reviewer edited, so ${what} cannot be placed`,
    hint: "rebuild the DOCX from the current templates and carry the edit over, or undo the template change and review again",
  };
}

const clip = (s: string, n = 24): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Refuses (a UserError naming every conflicting template line) when a review cannot be applied whole. */
export function refuseConflicts(result: ReviewResult): void {
  if (result.conflicts.length > 0) throw new UserError(result.conflicts);
}
