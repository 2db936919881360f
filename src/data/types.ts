/** The typed dataset: what `load` returns and what templates and charts read. */

export interface Region {
  /** Six-digit administrative division code, e.g. "520300". */
  readonly code: string;
  /** Full name, e.g. 黔西南布依族苗族自治州. */
  readonly name: string;
  /** Short name used in running text and charts, e.g. 黔西南州. */
  readonly short: string;
  readonly level: "province" | "prefecture";
  /** Row heading in published tables: 全省, 贵阳市, 黔西南州 (data/regions.yaml `table`). */
  readonly table?: string;
  /** Further attributes from data/regions.yaml, read in templates with `attr`. */
  readonly [attribute: string]: string | undefined;
}

/** A published figure: its text exactly as published (trailing zeros kept) and its numeric value. */
export interface Figure {
  readonly text: string;
  readonly value: number;
}

/** Where a fact came from in data/, for error messages. */
export interface SourceLocation {
  readonly file: string;
  /** The line of a CSV file, or the row number in a workbook's sheet. */
  readonly line: number;
  /** In a workbook (data/<year>/indicators/*.xlsx): the sheet, and the cell of the figure (A1 style). */
  readonly sheet?: string;
  readonly cell?: string;
  /** In a workbook: the cells of the row's other figures (a rule citing a growth names its own cell). */
  readonly cells?: Readonly<Partial<Record<"growth" | "delta" | "previous", string>>>;
}

export interface Observation {
  readonly region: string;
  /** null: not published — shown as missing, never estimated. */
  readonly value: Figure | null;
  /** Relative change against the previous year, in %. */
  readonly growth?: Figure;
  /** Absolute change against the previous year, in the indicator's unit. */
  readonly delta?: Figure;
  /** Published form when not `{value}{unit}`, e.g. `{value}余名`. */
  readonly format?: string;
  readonly note?: string;
  /** Last year's value as the optional `previous` column gives it: for reference and the consistency rules only. */
  readonly previous?: Figure;
  /** This figure's source when it is not the indicator's: a prefecture bureau's own figure (a key of document.yaml sources). */
  readonly source?: string;
  readonly at: SourceLocation;
}

export interface Indicator {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly source: string;
  /** By region code. */
  readonly observations: ReadonlyMap<string, Observation>;
}

export interface DocNumber {
  /** 机关代字, e.g. 黔人社通. */
  readonly issuerCode: string;
  readonly year: number;
  readonly serial: number;
}

export interface Source {
  readonly title: string;
  readonly publisher?: string;
}

/** data/<year>/document.yaml. Each report's own metadata is in templates/<kind>/<year>/document.yaml. */
export interface DocumentMeta {
  readonly year: number;
  readonly keywords: readonly string[];
  readonly sources: Readonly<Record<string, Source>>;
}

export interface Dataset {
  readonly year: number;
  readonly document: DocumentMeta;
  /** The province first, then the prefectures in code order. */
  readonly regions: readonly Region[];
  readonly indicators: ReadonlyMap<string, Indicator>;
}

export const PROVINCE = "520000";
