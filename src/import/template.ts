/**
 * A draft read from Word (src/word) → template text as the templates write it (README "Templates"): `##` and `###`
 * headings without their typed numbers (the model numbers them), run-in headings `*（一）…。*`, paragraphs,
 * `:::table{caption unit}` with notes, `::docnumber` and `::signature`; every number bound to the dataset by
 * bind.ts written as a helper call, the others left as typed with a Handlebars comment that says why.
 */
import type { Dataset, Region } from "../data/types.js";
import { PROVINCE } from "../data/types.js";
import { allParagraphs, paragraphText, type Block, type Paragraph, type Table, type WordDocument } from "../word/index.js";
import { bindParagraph, type Finding, type Piece } from "./bind.js";
import { labelScore, regionNames } from "./context.js";
import { helperCall, type FormIndex } from "./forms.js";
import { attribute, escapeLiteral, literalWithYear } from "./markdown.js";
import { fold, withoutSeparators } from "./scan.js";

export interface PlacedFinding extends Finding {
  /** The paragraph of the draft, 1-based, in reading order (table cells count as paragraphs). */
  readonly paragraph: number;
}

export interface DraftMeta {
  title?: string;
  docNumber?: { issuerCode: string; year: number; serial: number };
  issuers?: string[];
  date?: string;
}

export interface Imported {
  readonly template: string;
  readonly findings: readonly PlacedFinding[];
  readonly meta: DraftMeta;
}

const CN_NUM = "一二三四五六七八九十";
const CAPTION = /^表\s*\d+\s*(.+)$/;
const UNIT_LINE = /^单位\s*[：:]\s*(.+)$/;
const HEADING1 = new RegExp(`^[${CN_NUM}]+[、．.]\\s*`);
const HEADING2 = new RegExp(`^[（(][${CN_NUM}]+[）)]\\s*`);

type Item = { kind: "p"; p: Paragraph; text: string; n: number } | { kind: "table"; table: Table; n: number };

/** Reading order, changes accepted: a paragraph whose mark was deleted joins the next (views.ts). */
function items(body: readonly Block[]): Item[] {
  const out: Item[] = [];
  let n = 0;
  let carry: { p: Paragraph; text: string; n: number } | undefined;
  const walk = (blocks: readonly Block[]) => {
    for (const b of blocks) {
      if (b.kind === "control") walk(b.blocks);
      else if (b.kind === "table") {
        out.push({ kind: "table", table: b, n: n + 1 });
        n += allParagraphs([b], "accept").length;
      } else {
        n++;
        const text = (carry?.text ?? "") + paragraphText(b, "accept");
        const p = carry?.p ?? b;
        const first = carry?.n ?? n;
        if (b.mark?.type === "del") carry = { p, text, n: first };
        else {
          carry = undefined;
          out.push({ kind: "p", p, text, n: first });
        }
      }
    }
  };
  walk(body);
  if (carry) out.push({ kind: "p", p: carry.p, text: carry.text, n: carry.n });
  return out;
}

/** Writes the paragraph's text with its bound numbers as helper calls (also the review's, for a paragraph a reviewer added). */
export function writeRuns(text: string, pieces: readonly Piece[], year: number, emphasisEnd = 0): string {
  const out: string[] = [];
  let at = 0;
  const literal = (from: number, to: number) => {
    if (emphasisEnd > from && emphasisEnd < to) {
      out.push(literalWithYear(text.slice(from, emphasisEnd), year, from === 0), "*");
      out.push(literalWithYear(text.slice(emphasisEnd, to), year, false));
    } else {
      out.push(literalWithYear(text.slice(from, to), year, from === 0));
      if (emphasisEnd > 0 && to === emphasisEnd) out.push("*");
    }
  };
  if (emphasisEnd > 0) out.push("*");
  for (const piece of pieces) {
    literal(at, piece.start);
    if (piece.call) out.push(`{{${piece.call}}}`);
    else out.push(literalWithYear(text.slice(piece.start, piece.end), year, piece.start === 0), `{{!-- ${piece.mark!.replace(/--/g, "—")} --}}`);
    at = piece.end;
    if (emphasisEnd > 0 && at === emphasisEnd) out.push("*");
  }
  literal(at, text.length);
  return out.join("");
}

/** Where a run-in heading ends: `（一）…。` followed by more text, or leading bold/italic runs; 0 when none. */
function runInEnd(p: Paragraph, text: string): number {
  if (HEADING2.test(text)) {
    const end = text.indexOf("。") + 1;
    if (end > 0 && end < text.length) return end;
  }
  let lead = 0;
  for (const r of p.runs) {
    if (r.change?.type === "del" || r.change?.type === "moveFrom") continue;
    if (!(r.bold || r.italic)) break;
    lead += r.text.length;
  }
  return lead > 0 && lead < text.length && text.slice(0, lead).trim() !== "" ? lead : 0;
}

function isHeading(p: Paragraph, text: string, level: 0 | 1): boolean {
  if (p.outlineLevel === level) return true;
  if (p.outlineLevel !== undefined && p.outlineLevel < 9) return false;
  const typed = level === 0 ? HEADING1 : HEADING2;
  return typed.test(text) && text.length <= 40 && !/[。；，]/.test(text.replace(/[。]$/, ""));
}

/** A 发文字号 line (`黔人社通〔2021〕72号`, GB/T 9704 §7.2.4) as document.yaml's docNumber. */
function documentNumber(text: string): DraftMeta["docNumber"] {
  const m = /^\s*(\S{2,12}?)\s*[〔[]\s*(\d{4})\s*[〕\]]\s*(\d+)\s*号\s*$/.exec(fold(text));
  return m ? { issuerCode: text.trim().slice(0, m[1]!.length), year: Number(m[2]), serial: Number(m[3]) } : undefined;
}

/** A 成文日期 line (`2021年6月9日`) as document.yaml's date (`2021-06-09`). */
function signatureDate(text: string): string | undefined {
  const m = /^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$/.exec(fold(text));
  return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : undefined;
}

/**
 * The document's title: a paragraph in Word's Title style, or the first of the draft (after a 发文字号) centred and
 * without a sentence's punctuation, as a title is typed.
 */
function isTitle(p: Paragraph, text: string, before: readonly string[]): boolean {
  if (/^(title|标题)$/i.test(p.styleName ?? "")) return true;
  const first = before.length === 0 || (before.length === 1 && before[0] === "::docnumber");
  return first && p.alignment === "center" && text.trim().length <= 60 && !/[。；，：]/.test(text);
}

/**
 * Converts a draft (its text with every tracked change accepted), binding its numbers to the dataset's figures
 * through `index`. `documentTitle`: the title of the kind's document.yaml for the year, when it has one.
 */
export function draftToTemplate(doc: WordDocument, index: FormIndex, dataset: Dataset, documentTitle?: string): Imported {
  const lines: string[] = [];
  const findings: PlacedFinding[] = [];
  const meta: DraftMeta = {};
  const year = dataset.year;
  const all = items(doc.body);
  const numbering = new Map<string, number[]>();
  /** A caption (`表1 …`) and a unit line (`单位：元`) just before a table: its attributes, not paragraphs. */
  let pendingHead: { caption?: string; unit?: string } = {};
  const tableAhead = (from: number) => all.slice(from, from + 2).find((x) => x.kind === "table" || !UNIT_LINE.test(x.text))?.kind === "table";
  for (let i = 0; i < all.length; i++) {
    const item = all[i]!;
    if (item.kind === "p" && tableAhead(i + 1)) {
      const caption = CAPTION.exec(item.text.trim());
      const unit = UNIT_LINE.exec(item.text.trim());
      if (caption) {
        pendingHead.caption = caption[1]!.trim();
        continue;
      }
      if (unit) {
        pendingHead.unit = unit[1]!.trim();
        continue;
      }
    }
    if (item.kind === "table") {
      const before = pendingHead;
      pendingHead = {};
      const notes: string[] = [];
      while (all[i + 1]?.kind === "p" && /^\s*(备注|注)\s*[：:]/.test((all[i + 1] as { text: string }).text)) {
        const note = all[++i] as Extract<Item, { kind: "p" }>;
        notes.push(paragraphLine(note.text, note.n, index, year, findings));
      }
      lines.push(writeTable(item.table, item.n, before, notes, index, dataset.regions, year, findings));
      continue;
    }
    const { p, n } = item;
    let text = item.text.replace(/\s+$/, "");
    if (text.trim() === "") continue;
    const docNumber = lines.length === 0 ? documentNumber(text) : undefined;
    if (docNumber) {
      meta.docNumber = docNumber;
      lines.push("::docnumber");
      continue;
    }
    const date = i === all.length - 1 ? signatureDate(text) : undefined;
    if (date) {
      meta.date = date;
      // The issuers: the line above the date, names without punctuation (GB/T 9704 §7.3.5).
      const issuers = all[i - 1];
      if (issuers?.kind === "p" && !/[，。；：,;:]/.test(issuers.text) && lines.length > 0) {
        lines.pop();
        while (findings.length > 0 && findings[findings.length - 1]!.paragraph === issuers.n) findings.pop();
        meta.issuers = issuers.text.trim().split(/\s+/);
      }
      lines.push("::signature");
      continue;
    }
    if (isTitle(p, text, lines)) {
      // The title is the document's (document.yaml), printed as the templates do: `# {{doc.title}}`.
      const title = text.trim();
      meta.title ??= title;
      const differs = documentTitle !== undefined && documentTitle !== title ? `{{!-- import: the draft's title “${title.replace(/--/g, "—")}” is not this year's document.yaml title: change it there if the draft's is right --}}` : "";
      lines.push(`# {{doc.title}}${differs}`);
      continue;
    }
    if (isHeading(p, text, 0) || isHeading(p, text, 1)) {
      const level = isHeading(p, text, 0) ? "##" : "###";
      text = text.replace(level === "##" ? HEADING1 : HEADING2, "").trim();
      const bound = bindParagraph(text, index);
      findings.push(...bound.findings.map((f) => ({ ...f, paragraph: n })));
      lines.push(`${level} ${writeRuns(text, bound.pieces, year)}`);
      continue;
    }
    const label = listLabel(p, numbering);
    lines.push(paragraphLine(label + text.trim(), n, index, year, findings, p));
  }
  return { template: `${lines.join("\n\n")}\n`, findings, meta };
}

/** A numbered paragraph's number as Word shows it (`1.`, `（一）`); bullets are not part of an official text. */
function listLabel(p: Paragraph, counters: Map<string, number[]>): string {
  const num = p.numbering;
  if (!num?.text || num.format === "bullet" || num.format === "none") return "";
  const levels = counters.get(num.numId) ?? [];
  levels[num.level] = (levels[num.level] ?? 0) + 1;
  levels.length = num.level + 1;
  counters.set(num.numId, levels);
  const digit = (n: number, format?: string) => (format && /chinese|ideograph/i.test(format) ? chineseCount(n) : String(n));
  return num.text.replace(/%(\d)/g, (_m, d: string) => digit(levels[Number(d) - 1] ?? 1, num.format));
}

function chineseCount(n: number): string {
  if (n <= 10) return n === 10 ? "十" : CN_NUM[n - 1]!;
  if (n < 20) return `十${CN_NUM[n - 11]!}`;
  return `${CN_NUM[Math.floor(n / 10) - 1]}十${n % 10 ? CN_NUM[(n % 10) - 1] : ""}`;
}

function paragraphLine(raw: string, n: number, index: FormIndex, year: number, findings: PlacedFinding[], p?: Paragraph): string {
  const text = raw.trim();
  const bound = bindParagraph(text, index);
  findings.push(...bound.findings.map((f) => ({ ...f, paragraph: n })));
  const emphasis = p ? runInEnd(p, text) : HEADING2.test(text) ? runInEnd({ runs: [] } as unknown as Paragraph, text) : 0;
  // A run-in heading ends where no bound figure straddles it.
  const safe = bound.pieces.some((pc) => pc.start < emphasis && pc.end > emphasis) ? 0 : emphasis;
  return writeRuns(text, bound.pieces, year, safe);
}

function cellText(blocks: readonly Block[]): string {
  return allParagraphs(blocks, "accept").map((p) => paragraphText(p, "accept")).join(" ").trim();
}

/** The region a row heading names (`全省`, `贵阳市`, `黔西南州`), if any. */
function rowRegion(heading: string, regions: readonly Region[]): string | undefined {
  const h = heading.replace(/\s+/g, "");
  if (/^(全省|合计|总计)$/.test(h)) return PROVINCE;
  return regions.find((r) => regionNames(r).includes(h))?.code;
}

/**
 * The table's rows (those not deleted with tracking on) as a grid: a cell a span covers is `<`, one a vertical merge
 * continues is `^` (the templates' merge marks, docs/data-and-templates.md), with the text of the cell it belongs to.
 */
function tableGrid(table: Table): { header: boolean; cells: { text: string; merge?: "<" | "^" }[] }[] {
  const grid: { header: boolean; cells: { text: string; merge?: "<" | "^" }[] }[] = [];
  for (const row of table.rows) {
    if (row.change?.type === "del") continue;
    const cells: { text: string; merge?: "<" | "^" }[] = [];
    for (const c of row.cells) {
      const above = grid[grid.length - 1]?.cells[cells.length];
      const cell = c.vMerge === "continue" ? { text: above?.text ?? "", merge: "^" as const } : { text: cellText(c.blocks) };
      cells.push(cell);
      for (let k = 1; k < c.span; k++) cells.push({ text: cell.text, merge: "<" });
    }
    grid.push({ header: row.header, cells });
  }
  return grid;
}

function writeTable(table: Table, n: number, head: { caption?: string; unit?: string }, notes: readonly string[], index: FormIndex, regions: readonly Region[], year: number, findings: PlacedFinding[]): string {
  const rows = tableGrid(table);
  const width = Math.max(...rows.map((r) => r.cells.length));
  const headerRows = Math.max(1, rows.findIndex((r) => !r.header));
  const columnHeads = Array.from({ length: width }, (_, c) => rows.slice(0, headerRows).map((r) => r.cells[c]?.text ?? "").join(" "));
  const numeric = /^-?\d+(?:\.\d+)?$/;
  const out: string[] = [];
  rows.forEach((row, r) => {
    const cells = Array.from({ length: width }, (_, c) => row.cells[c] ?? { text: "" }).map(({ text: raw, merge }, c) => {
      if (merge) return merge;
      const folded = withoutSeparators(fold(raw.trim()));
      if (r < headerRows || c === 0 || !numeric.test(folded)) return /^[<^]$/.test(raw) ? `\\${raw}` : literalWithYear(raw, year, false);
      const region = rowRegion(row.cells[0]?.text ?? "", regions);
      const usable = (index.byDigits.get(folded.replace(/^-/, "")) ?? [])
        .filter((f) => f.kind === "cell" && f.figure.text === folded && (region === undefined || f.region === region))
        .map((f) => ({ f, score: labelScore(f.indicator.label, { before: columnHeads[c]!, after: "", sentence: `${head.caption ?? ""}${head.unit ?? ""}` }) }))
        .sort((a, b) => b.score - a.score);
      const [best, second] = usable;
      const place = { digits: folded, phrase: raw, paragraph: n, start: 0 };
      if (best && best.score > 0 && (!second || best.score >= second.score + 0.25)) {
        findings.push({ ...place, status: "bound", call: helperCall(best.f), candidates: [] });
        return `{{${helperCall(best.f)}}}`;
      }
      const calls = usable.map((u) => helperCall(u.f));
      findings.push({ ...place, status: calls.length ? "ambiguous" : "unbound", candidates: calls });
      return `${escapeLiteral(raw, false)}{{!-- import: ${calls.length ? `ambiguous, one of ${calls.join(" | ")}` : "unbound"} --}}`;
    });
    out.push(`| ${cells.join(" | ")} |`);
    if (r === 0) out.push(`| ${columnHeads.map((_, c) => (c > 0 && rows.slice(headerRows).every((x) => (x.cells[c]?.text ?? "") === "" || numeric.test(withoutSeparators(fold(x.cells[c]!.text.trim())))) ? "--:" : ":--")).join(" | ")} |`);
  });
  const attrs = [`caption="${attribute(head.caption ?? "表题")}"`, ...(head.unit ? [`unit="${attribute(head.unit)}"`] : []), ...(headerRows > 1 ? [`header="${headerRows}"`] : [])];
  const missing = head.caption ? "" : "{{!-- import: the draft gives this table no caption (表1 …): write one --}}\n";
  return `${missing}:::table{${attrs.join(" ")}}\n${out.join("\n")}${notes.length ? `\n\n${notes.join("\n\n")}` : ""}\n:::`;
}
