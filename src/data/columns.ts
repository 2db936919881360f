/** The columns of an indicator table (a CSV file or a workbook's sheet) and a row as both readers give it. */
import type { Problem } from "../errors.js";
import type { SourceLocation } from "./types.js";

/** The columns of data/<year>/indicators/*.csv and of each table sheet of a workbook, documented in docs/data-and-templates.md. */
export const COLUMNS = ["id", "region", "value", "unit", "growth", "delta", "format", "label", "source", "note"] as const;
/**
 * Optional reference columns, never printed: `previous` is last year's value (the fill-in workbook's 上年数,
 * checked by the consistency rules), `province` the province's figure beside a prefecture's row.
 */
export const REFERENCE_COLUMNS = ["previous", "province"] as const;
export type Column = (typeof COLUMNS)[number] | (typeof REFERENCE_COLUMNS)[number];
export const ALL_COLUMNS: readonly Column[] = [...COLUMNS, ...REFERENCE_COLUMNS];

/** One row of a table, from a CSV file or a workbook's sheet: its cells by column, and where it is. */
export interface SourceRow {
  readonly cells: Readonly<Partial<Record<Column, string>>>;
  /** The row: file and line (CSV) or file, sheet and row number (workbook). */
  readonly at: SourceLocation;
  /** A workbook cell's address for a column (e.g. "E7"); undefined for CSV rows. */
  readonly cellOf?: (column: Column) => string;
}

/** A file's rows, with the problems found while reading it (syntax, header, cells). */
export interface IndicatorTable {
  readonly rows: readonly SourceRow[];
  readonly problems: readonly Problem[];
}

