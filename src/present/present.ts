/**
 * DocModel → PresentedDocument (types.ts): the decisions every format shares, made once from the page
 * profile (profile.ts): caption and unit text, the face of every run, keep rules, spacing, table header
 * rows, spans and column widths. Pagination (paginate.ts) then moves floats and sets page breaks from a
 * measured layout. Renderers (src/render/*) draw the result and decide nothing of this themselves.
 */
import { textWidth, type FontFace, type FontProfile, type FontRole } from "../fonts/profile.js";
import { pageNumberText } from "../model/layout.js";
import type { Align, Block, DocModel, FigureBlock, Run, TableBlock } from "../model/types.js";
import { describeChart } from "./describe.js";
import { pageProfileOf, type PageProfile, type TextKind } from "./profile.js";
import { GAP_MARK } from "../template/gaps.js";
import type { Face, Keep, PresentedBlock, PresentedCell, PresentedDocument, PresentedFigure, PresentedParagraph, PresentedRun, PresentedTable, TextAlign } from "./types.js";

const NO_KEEP: Keep = { withNext: false, together: false };

/** Presented once per model, fonts and profile in a thread (presentOnce). */
const PRESENTED = new WeakMap<DocModel, { readonly fonts: FontProfile; readonly profile: PageProfile; readonly doc: PresentedDocument }>();

/**
 * presentDocument, once per model, fonts and profile in a thread: the glyph check (src/fonts/coverage.ts) and
 * the renderers of one thread share the result, which none of them changes (a stage never mutates its input).
 */
export function presentOnce(model: DocModel, fonts: FontProfile, profile: PageProfile = pageProfileOf(model.meta)): PresentedDocument {
  const hit = PRESENTED.get(model);
  if (hit && hit.fonts === fonts && hit.profile === profile) return hit.doc;
  const doc = presentDocument(model, fonts, profile);
  PRESENTED.set(model, { fonts, profile, doc });
  return doc;
}

export function presentDocument(model: DocModel, fonts: FontProfile, profile: PageProfile = pageProfileOf(model.meta)): PresentedDocument {
  const p = new Presenter(profile, fonts);
  // The text the issuers and the date sign keeps with them (its last lines on their page: GB/T 9704 §7.3.5).
  const blocks = model.blocks.flatMap((b) => p.block(b)).map((b, i, all) => {
    const next = all[i + 1];
    return b.kind === "paragraph" && b.style === "body" && next?.kind === "paragraph" && next.style === "signature" ? { ...b, keep: { ...b.keep, withNext: true } } : b;
  });
  const sample = pageNumberText(1);
  const at = sample.indexOf("1");
  return {
    meta: model.meta,
    profile,
    blocks,
    pageNumber: { before: sample.slice(0, at), after: sample.slice(at + 1), size: profile.text.pageNumber.size, face: face(profile.text.pageNumber.face) },
  };
}

/** The face that sets a run: a role, bold or not. A role whose regular face is bold (the title) is still "regular". */
export function face(role: FontRole, bold = false): Face {
  return { role, bold };
}

/** The font face a Face names in a profile. */
export function fontFace(fonts: FontProfile, f: Face): FontFace {
  const r = fonts.roles[f.role];
  return f.bold ? r.bold : r.regular;
}

class Presenter {
  /** A number and its unit (`200.72亿元`): one unbreakable run (unbroken). */
  private readonly numberWithUnit: RegExp;

  constructor(
    private readonly profile: PageProfile,
    private readonly fonts: FontProfile,
  ) {
    this.numberWithUnit = new RegExp(`\\d[\\d.,]*(?:${profile.noBreakUnits.map(escapeRegExp).join("|")})`, "g");
  }

  block(b: Block): PresentedBlock[] {
    const src = b.source ? { source: b.source } : {};
    switch (b.type) {
      case "docNumber":
        // §7.2.4: 发文字号 centred above the title; one blank line between.
        return [this.para("docNumber", this.marked(b.text, "docNumber"), "center", { withNext: true, together: true }, src)];
      case "title":
        // §7.3.1: 2号小标宋, centred, one blank line below; never split from what follows.
        return [this.para("title", this.marked(b.text, "title"), "center", { withNext: true, together: true }, src)];
      case "heading": {
        const style = b.level === 1 ? "heading1" : "heading2";
        const text = `${b.number}${b.text}`;
        return [
          this.para(style, this.runs(text, face(this.profile.text[style].face)), "justify", { withNext: true, together: true }, { ...src, outline: { level: b.level, text, number: b.number } }),
        ];
      }
      case "paragraph": {
        const runs = b.runs.flatMap((r) => this.modelRun(r));
        const lead = b.runs[0]?.style === "runIn" ? b.runs[0] : undefined;
        // A run-in heading `（一）…。` opening a paragraph is a level-2 heading in the outline.
        const number = lead?.text.match(/^（[一二三四五六七八九十]+）/)?.[0];
        const outline = lead && number ? { outline: { level: 2 as const, text: lead.text.replace(/。$/, ""), number, runIn: { runs: this.modelRun(lead).length } } } : {};
        return [this.para("body", runs, "justify", NO_KEEP, { ...src, ...outline })];
      }
      case "table":
        return [this.table(b)];
      case "figure":
        return [this.figure(b)];
      case "signature": {
        // §7.3.5.1: issuers and date at the right, never separated from each other.
        const lines = [...b.issuers, b.date];
        return lines.map((line, i) =>
          this.para("signature", this.marked(line, "signature"), "right", { withNext: i < lines.length - 1, together: true }, { ...src, ...(i === 0 ? {} : { spaceBefore: 0 }) }),
        );
      }
    }
  }

  private para(style: TextKind, runs: PresentedRun[], align: TextAlign, keep: Keep, extra: Partial<PresentedParagraph> = {}): PresentedParagraph {
    const t = this.profile.text[style];
    return {
      kind: "paragraph",
      style,
      runs,
      size: t.size,
      linePitch: t.pitch,
      align,
      firstLineIndent: t.firstLineIndent,
      rightIndent: t.rightIndent,
      spaceBefore: t.spaceBefore,
      spaceAfter: t.spaceAfter,
      keep,
      ...extra,
    };
  }

  private run(text: string, style: TextKind, bold = false): PresentedRun {
    return { text, face: face(this.profile.text[style].face, bold) };
  }

  private modelRun(r: Run): PresentedRun[] {
    const f = r.style === "runIn" ? face(this.profile.runInFace) : face(this.profile.text.body.face, r.style === "bold");
    return this.runs(r.text, f, marksOf(r));
  }

  /**
   * A text as runs of one face: a number and its unit (`200.72亿元`, `3.2%`) made one unbreakable run, and a
   * draft's 待补充 mark (template/gaps.ts gapText) a shaded gap run wherever it stands — in a table cell, the
   * 发文字号, the title or the signature as well as in running text.
   */
  runs(text: string, f: Face, extra: Partial<PresentedRun> = {}): PresentedRun[] {
    const out: PresentedRun[] = [];
    let last = 0;
    for (const m of text.matchAll(GAP_MARK)) {
      if (m.index > last) out.push(...this.unbroken(text.slice(last, m.index), f, extra));
      out.push({ text: m[0], face: f, ...extra, gap: true });
      last = m.index + m[0].length;
    }
    if (last < text.length || out.length === 0) out.push(...this.unbroken(text.slice(last), f, extra));
    return out;
  }

  private unbroken(text: string, f: Face, extra: Partial<PresentedRun>): PresentedRun[] {
    const out: PresentedRun[] = [];
    let last = 0;
    for (const m of text.matchAll(this.numberWithUnit)) {
      if (m.index > last) out.push({ text: text.slice(last, m.index), face: f, ...extra });
      out.push({ text: m[0], face: f, noBreak: true, ...extra });
      last = m.index + m[0].length;
    }
    if (last < text.length || out.length === 0) out.push({ text: text.slice(last), face: f, ...extra });
    return out;
  }

  /** A text in one text kind's face (see runs). */
  private marked(text: string, style: TextKind): PresentedRun[] {
    return this.runs(text, face(this.profile.text[style].face));
  }

  private caption(label: "图" | "表", number: number, text: string): PresentedParagraph {
    const full = `${label}${number} ${text}`;
    // A table's caption goes above it and keeps with it; a figure's goes below, kept by the figure's keep-together.
    return this.para("caption", [this.run(full, "caption")], "center", { withNext: label === "表", together: true }, { caption: { label, number, text } });
  }

  private unit(unit: string): PresentedParagraph {
    return this.para("unit", [this.run(`单位：${unit}`, "unit")], "right", { withNext: true, together: true });
  }

  private table(b: TableBlock): PresentedTable {
    const t = this.profile.text;
    const grid = [b.header, ...b.rows];
    const headerRows = Math.max(1, Math.min(b.headerRows ?? 1, grid.length));
    const columns = Math.max(...grid.map((r) => r.length));
    const covered = new Set<string>();
    const spans = new Map<string, { rowSpan: number; colSpan: number }>();
    for (const m of b.merges ?? []) {
      spans.set(`${m.row},${m.column}`, { rowSpan: m.rowSpan, colSpan: m.colSpan });
      for (let r = m.row; r < m.row + m.rowSpan; r++) for (let c = m.column; c < m.column + m.colSpan; c++) if (r !== m.row || c !== m.column) covered.add(`${r},${c}`);
    }
    const align = (i: number): TextAlign => (b.align[i] ?? "left") as Align;
    // A cell holding a figure from data/ (or a draft mark) is set from its runs: each figure keeps its ref and region.
    const withRuns = new Map((b.cellRuns ?? []).map((c) => [`${c.row},${c.column}`, c.runs.filter((r) => r.text !== "")]));
    const rows: PresentedCell[][] = grid.map((row, r) => {
      const header = r < headerRows;
      const cells: PresentedCell[] = [];
      for (let c = 0; c < columns; c++) {
        if (covered.has(`${r},${c}`)) continue;
        const span = spans.get(`${r},${c}`) ?? { rowSpan: 1, colSpan: 1 };
        const f = face((header ? t.tableHeader : t.tableText).face);
        const own = withRuns.get(`${r},${c}`);
        const runs = own?.length ? own.flatMap((run) => this.runs(run.text, f, marksOf(run))) : this.runs(row[c] ?? "", f);
        cells.push({ runs, align: header ? "center" : align(c), header, column: c, ...span });
      }
      return cells;
    });
    const notes = b.notes.map((n) => this.para("note", this.marked(n, "note"), "justify", NO_KEEP));
    return {
      kind: "table",
      number: b.number,
      caption: this.caption("表", b.number, b.caption),
      ...(b.unit ? { unit: this.unit(b.unit) } : {}),
      columns: this.columnWidths(rows, columns, b.widths),
      headerRows,
      rows,
      notes,
      cellSize: t.tableText.size,
      cellPitch: t.tableText.pitch,
      cellPadding: this.profile.table.cellPadding,
      rule: this.profile.table.rule,
      spaceBefore: this.profile.table.around,
      spaceAfter: this.profile.table.around,
      keepHeadWithRows: 1,
      ...(b.source ? { source: b.source } : {}),
    };
  }

  /**
   * Column widths in points, summing to the type area's width. Set in the template (relative weights), or from the
   * content: every column but the first as wide as its widest single-column cell, the first taking the rest. When
   * the natural widths do not fit, every column keeps at least its longest word (a label up to 8 characters is one
   * word; a number with its unit is one), the rest shared in proportion to the natural widths.
   */
  private columnWidths(rows: readonly (readonly PresentedCell[])[], columns: number, set: readonly number[] | undefined): number[] {
    const total = this.profile.typeArea.width;
    if (set && set.length === columns && set.every((w) => w > 0)) {
      const sum = set.reduce((a, b) => a + b, 0);
      return set.map((w) => (w * total) / sum);
    }
    const pad = 2 * this.profile.table.cellPadding.horizontal + 2;
    const size = this.profile.text.tableText.size;
    const natural = new Array<number>(columns).fill(pad);
    const least = new Array<number>(columns).fill(pad);
    for (const row of rows) {
      for (const cell of row) {
        if (cell.colSpan !== 1) continue;
        const text = cell.runs.map((r) => r.text).join("");
        const f = fontFace(this.fonts, cell.runs[0]?.face ?? face("body"));
        natural[cell.column] = Math.max(natural[cell.column]!, textWidth(f, text, size) + pad);
        const words = text.length <= 8 ? [text] : text.split(/(?<=[，、；：。）])/);
        least[cell.column] = Math.max(least[cell.column]!, ...words.map((w) => Math.min(textWidth(f, w, size), total / columns) + pad));
      }
    }
    const sum = natural.reduce((a, b) => a + b, 0);
    if (sum <= total) {
      const widths = [total - (sum - natural[0]!), ...natural.slice(1)];
      // A merged cell wider than its columns gets the difference from the first column's slack, shared out evenly.
      for (const row of rows) {
        for (const cell of row) {
          if (cell.colSpan === 1 || cell.column === 0) continue;
          const text = cell.runs.map((r) => r.text).join("");
          const need = textWidth(fontFace(this.fonts, cell.runs[0]?.face ?? face("body")), text, size) + pad;
          const span = widths.slice(cell.column, cell.column + cell.colSpan);
          const give = Math.min(need - span.reduce((a, b) => a + b, 0), widths[0]! - natural[0]!);
          if (give <= 0) continue;
          widths[0]! -= give;
          for (let c = cell.column; c < cell.column + cell.colSpan; c++) widths[c]! += give / cell.colSpan;
        }
      }
      return widths;
    }
    const floor = least.reduce((a, b) => a + b, 0);
    if (floor >= total) return least.map((w) => (w * total) / floor);
    const over = natural.map((n, i) => n - least[i]!);
    const overSum = over.reduce((a, b) => a + b, 0);
    return least.map((l, i) => l + ((total - floor) * over[i]!) / overSum);
  }

  private figure(b: FigureBlock): PresentedFigure {
    const caption = this.caption("图", b.number, b.caption);
    const unit = b.unit ? this.unit(b.unit) : undefined;
    // Never wider than the type area, nor taller than a page holds with its caption and unit line (a page of its
    // own at most: a figure that fits no page would be lost from the PDF).
    const captionLines = Math.ceil((Array.from(caption.runs.map((r) => r.text).join("")).length * caption.size) / this.profile.typeArea.width);
    const room = this.profile.typeArea.height - captionLines * caption.linePitch - (unit?.linePitch ?? 0) - 2 * this.profile.figure.around - 2;
    const scale = Math.min(1, this.profile.typeArea.width / b.width, room / b.height);
    return {
      kind: "figure",
      number: b.number,
      ...(unit ? { unit } : {}),
      caption: { ...caption, keep: { withNext: false, together: true } },
      chart: b.chart,
      svg: b.svg,
      ...(b.data ? { data: b.data } : {}),
      description: describeChart({ label: `图${b.number}`, caption: b.caption, ...(b.unit ? { unit: b.unit } : {}), ...(b.data ? { data: b.data } : {}) }),
      ...(b.marks ? { marks: b.marks } : {}),
      width: b.width * scale,
      height: b.height * scale,
      spaceBefore: this.profile.figure.around,
      spaceAfter: this.profile.figure.around,
      ...(b.source ? { source: b.source } : {}),
    };
  }
}

/** What a model run carries besides its text and face: a draft mark, and where its figure comes from (provenance). */
function marksOf(r: Run): Partial<PresentedRun> {
  return { ...(r.style === "gap" ? { gap: true as const } : {}), ...(r.ref ? { ref: r.ref } : {}), ...(r.region ? { region: r.region } : {}) };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every run's text with the face that sets it: for glyph coverage and font subsets. */
export function presentedTexts(doc: PresentedDocument): { face: Face; text: string; where: string }[] {
  const out: { face: Face; text: string; where: string }[] = [{ face: doc.pageNumber.face, text: `${doc.pageNumber.before}0123456789${doc.pageNumber.after}`, where: "page numbers" }];
  const para = (p: PresentedParagraph | undefined, where: string) => p?.runs.forEach((r) => out.push({ face: r.face, text: r.text, where }));
  doc.blocks.forEach((b, i) => {
    // The template file and line the block came from (template/source-map.ts), else its place in the document.
    const where = b.source ? `${b.source.file}: line ${b.source.line}` : `block ${i + 1} (${b.kind})`;
    if (b.kind === "paragraph") para(b, where);
    else if (b.kind === "table") {
      para(b.caption, where);
      para(b.unit, where);
      b.rows.forEach((row) => row.forEach((c) => c.runs.forEach((r) => out.push({ face: r.face, text: r.text, where }))));
      b.notes.forEach((n) => para(n, where));
    } else {
      para(b.unit, where);
      para(b.caption, where);
    }
  });
  return out;
}
