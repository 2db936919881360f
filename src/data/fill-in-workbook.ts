/**
 * The fill-in workbook: a year's indicators as one .xlsx a clerk fills in, and that the build reads back as
 * it is (src/data/xlsx.ts). One sheet per section (per indicator file, in file order); each sheet has a row
 * of Chinese captions, then the header row of column names the reader looks for, frozen; the figures are
 * number cells formatted with their published decimals (so 15.00 stays 15.00), a cell to fill in with its
 * indicator's declared precision (precision.ts: a growth rate to one decimal, so 0.4 shows as 0.4 and is
 * read as 0.4, never as 0), and guarded by Excel's data
 * validation (numbers only); everything but the figures and the note is locked by sheet protection
 * (without a password: it guards against slips, not against intent). Written with exceljs, which writes
 * data validation, frozen panes, cell protection and number formats (SheetJS's free build writes none of
 * these).
 */
import ExcelJS from "exceljs";
import { basename, extname } from "node:path";
import { PROVINCE, type Dataset, type Figure, type Indicator, type Observation } from "./types.js";
import type { Column } from "./columns.js";
import { decimalsIn, decimalsOf, numberFormatFor, type FigureColumn } from "./precision.js";

export interface FillInOptions {
  /**
   * "new-year": `dataset` is last year's; its values become the 上年数 (`previous`) column and the year's
   * figures are left empty for the clerk. "same-year" (default): the dataset's own figures, with last year's
   * from `lastYear` or the rows' `previous` column.
   */
  readonly mode?: "new-year" | "same-year";
  /** "new-year": the year to fill in (default the dataset's year + 1); its 说明 sheet names it. */
  readonly year?: number;
  /** "new-year": whether the dataset's values are last year's, the 上年数 (default true; false when starting from an older year). */
  readonly previous?: boolean;
  readonly lastYear?: Dataset;
  /** Only this region's rows, with the province's figure beside each (a prefecture's workbook). */
  readonly region?: string;
}

/** The sheet's columns in the clerk's order, with their captions (row 1); row 2 holds the names the reader needs. */
/** `editable: "region"`: editable in a prefecture's workbook only (a bureau names the source of its own figures). */
const LAYOUT: readonly { column: Column; caption: string; width: number; kind: "text" | "figure"; editable: boolean | "region" }[] = [
  { column: "id", caption: "指标编码（勿改）", width: 34, kind: "text", editable: false },
  { column: "region", caption: "地区代码", width: 10, kind: "text", editable: false },
  { column: "label", caption: "指标名称", width: 28, kind: "text", editable: false },
  { column: "unit", caption: "单位", width: 8, kind: "text", editable: false },
  { column: "previous", caption: "上年数（参考）", width: 12, kind: "figure", editable: false },
  { column: "province", caption: "全省数（参考）", width: 12, kind: "figure", editable: false },
  { column: "value", caption: "本年数", width: 12, kind: "figure", editable: true },
  { column: "growth", caption: "增长（%）", width: 10, kind: "figure", editable: true },
  { column: "delta", caption: "增减量", width: 10, kind: "figure", editable: true },
  { column: "note", caption: "备注（未公布的说明原因）", width: 28, kind: "text", editable: true },
  { column: "format", caption: "表述格式", width: 14, kind: "text", editable: false },
  { column: "source", caption: "来源", width: 10, kind: "text", editable: "region" },
];

const HEADER_ROWS = 2;

/** Excel's rule for sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (file: string): string => basename(file, extname(file)).replace(/[:\\/?*[\]]/g, "_").slice(0, 31);

/** Which declared precision a figure column's cells take (上年数 and 全省数 are values of the indicator). */
const PRECISION_OF: Partial<Record<Column, FigureColumn>> = { value: "value", previous: "value", province: "value", growth: "growth", delta: "delta" };

export async function writeFillInWorkbook(dataset: Dataset, options: FillInOptions = {}): Promise<Buffer> {
  const mode = options.mode ?? "same-year";
  const year = mode === "new-year" ? (options.year ?? dataset.year + 1) : dataset.year;
  const regional = options.region !== undefined && options.region !== PROVINCE;
  const layout = LAYOUT.filter((l) => l.column !== "province" || regional).map((l) => ({ ...l, editable: l.editable === true || (l.editable === "region" && regional) }));

  // Rows grouped by the file they came from, in file and line order (a workbook's sheets keep their own).
  const sections = new Map<string, { ind: Indicator; obs: Observation }[]>();
  for (const ind of dataset.indicators.values()) {
    for (const obs of ind.observations.values()) {
      if (options.region !== undefined && obs.region !== options.region) continue;
      const key = obs.at.sheet ?? sheetName(obs.at.file);
      const rows = sections.get(key) ?? [];
      rows.push({ ind, obs });
      sections.set(key, rows);
    }
  }
  const order = (o: Observation): string => `${o.at.file}\u0000${o.at.sheet ?? ""}\u0000${String(o.at.line).padStart(8, "0")}`;

  const book = new ExcelJS.Workbook();
  // Fixed metadata: the same data gives the same workbook contents.
  book.creator = "gz-hrss-bulletin";
  book.created = book.modified = new Date(Date.UTC(year, 0, 1));
  const help = book.addWorksheet("说明");
  help.getColumn(1).width = 100;
  [
    `${year}年统计公报指标填报表`,
    "每个工作表是一个部分。只填“本年数”“增长（%）”“增减量”和“备注”四列，其余各列已锁定。",
    "数字按公布的形式填写：不带单位和千位分隔符；单元格已按公布的小数位设置格式（如 15.00）。",
    "未公布的数字留空，并在“备注”中说明原因；不要填“—”或“-”。",
    "第2行是程序读取的列名，请勿修改；不要增删列。",
    ...(regional ? ["本表为市（州）填报表：填入本地区自有数据时，在“来源”列填写已在 document.yaml 的 sources 中登记的来源代码。"] : []),
  ].forEach((line, i) => (help.getCell(i + 1, 1).value = line));

  for (const [name, rows] of [...sections].sort(([, a], [, b]) => order(a[0]!.obs).localeCompare(order(b[0]!.obs)))) {
    rows.sort((a, b) => order(a.obs).localeCompare(order(b.obs)));
    const sheet = book.addWorksheet(name, { views: [{ state: "frozen", xSplit: 0, ySplit: HEADER_ROWS }] });
    sheet.columns = layout.map((l) => ({ key: l.column, width: l.width }));
    sheet.getRow(1).values = layout.map((l) => l.caption);
    sheet.getRow(2).values = layout.map((l) => l.column);
    for (const r of [1, 2]) sheet.getRow(r).font = { bold: true };
    rows.forEach(({ ind, obs }, i) => {
      const previous = mode === "new-year" ? (options.previous === false ? undefined : (obs.value ?? undefined)) : (obs.previous ?? options.lastYear?.indicators.get(ind.id)?.observations.get(obs.region)?.value ?? undefined);
      const fresh = mode === "new-year";
      const figures: Partial<Record<Column, Figure | undefined>> = {
        previous,
        province: dataset.indicators.get(ind.id)?.observations.get(PROVINCE)?.value ?? undefined,
        value: fresh ? undefined : (obs.value ?? undefined),
        growth: fresh ? undefined : obs.growth,
        delta: fresh ? undefined : obs.delta,
      };
      const texts: Partial<Record<Column, string>> = {
        id: ind.id,
        region: obs.region,
        label: ind.label,
        unit: ind.unit,
        note: fresh ? "" : (obs.note ?? ""),
        format: obs.format ?? "",
        source: ind.source,
      };
      const row = sheet.getRow(HEADER_ROWS + 1 + i);
      layout.forEach((l, c) => {
        const cell = row.getCell(c + 1);
        if (l.kind === "figure") {
          const figure = figures[l.column];
          // A figure keeps its own published decimals; an empty cell gets the indicator's declared precision.
          cell.numFmt = numberFormatFor(figure ? decimalsIn(figure) : decimalsOf(ind, PRECISION_OF[l.column] ?? "value"));
          if (figure) cell.value = figure.value;
          if (l.editable) {
            cell.dataValidation = {
              type: "decimal",
              operator: "between",
              formulae: [-1e15, 1e15],
              allowBlank: true,
              showErrorMessage: true,
              errorStyle: "stop",
              errorTitle: "只能填数字",
              error: "填公布的数字，不带单位、千位分隔符或“—”；未公布的留空，并在备注中说明原因。",
            };
          }
        } else {
          cell.value = texts[l.column] || null;
          cell.numFmt = "@"; // text: Excel keeps 520000 and typed text as they are
        }
        if (l.editable) cell.protection = { locked: false };
      });
    });
    // Locked cells (ids, regions, labels, units, sources) cannot be edited; columns can still be widened.
    await sheet.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
