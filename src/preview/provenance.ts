/**
 * Where every figure comes from, for the preview's hover (`/__provenance/<year>.json`): per indicator, its
 * label, unit and source, and per region the value as published, the changes, the data file and line (in a
 * workbook also the sheet and the figure's cell), and the region's own source when a bureau gave the figure.
 * The HTML renderer marks a figure with `data-ref="<indicator id>"` and `data-region` — in running text, table
 * cells and chart marks (ARCHITECTURE.md "Preview").
 */
import type { Dataset } from "../data/types.js";
import { withUnit } from "../template/wording.js";

export interface ProvenanceSource {
  /** The key under `sources:` in data/<year>/document.yaml. */
  readonly id: string;
  readonly title: string;
  readonly publisher?: string;
}

export interface ProvenanceEntry {
  /** The value as published with its unit (`61.64万人`), or null when not published. */
  readonly published: string | null;
  readonly value: string | null;
  readonly growth?: string;
  readonly delta?: string;
  readonly note?: string;
  /** The data file (relative to the repository) and line of the row (a workbook: the row of its sheet). */
  readonly file: string;
  readonly line: number;
  /** In a workbook: the sheet and the cell of the figure (A1 style). */
  readonly sheet?: string;
  readonly cell?: string;
  /** This figure's own source when it is not the indicator's (a prefecture bureau's figure). */
  readonly source?: ProvenanceSource;
}

export interface Provenance {
  readonly year: number;
  /** Region code → its name (data/regions.yaml). */
  readonly regions: Readonly<Record<string, string>>;
  readonly indicators: Readonly<
    Record<
      string,
      {
        readonly label: string;
        readonly unit: string;
        readonly source: ProvenanceSource;
        /** By region code. */
        readonly regions: Readonly<Record<string, ProvenanceEntry>>;
      }
    >
  >;
}

export function provenance(dataset: Dataset): Provenance {
  const sourceOf = (id: string): ProvenanceSource => {
    const source = dataset.document.sources[id];
    return { id, title: source?.title ?? id, ...(source?.publisher && { publisher: source.publisher }) };
  };
  const indicators: Record<string, Provenance["indicators"][string]> = {};
  for (const [id, indicator] of dataset.indicators) {
    const regions: Record<string, ProvenanceEntry> = {};
    for (const [code, o] of indicator.observations) {
      regions[code] = {
        published: o.value ? withUnit(o.value, indicator.unit, o.format) : null,
        value: o.value?.text ?? null,
        ...(o.growth && { growth: `${o.growth.text}%` }),
        ...(o.delta && { delta: `${o.delta.text}${indicator.unit}` }),
        ...(o.note && { note: o.note }),
        file: o.at.file,
        line: o.at.line,
        ...(o.at.sheet !== undefined && { sheet: o.at.sheet }),
        ...(o.at.cell !== undefined && { cell: o.at.cell }),
        ...(o.source !== undefined && o.source !== indicator.source && { source: sourceOf(o.source) }),
      };
    }
    indicators[id] = { label: indicator.label, unit: indicator.unit, source: sourceOf(indicator.source), regions };
  }
  return { year: dataset.year, regions: Object.fromEntries(dataset.regions.map((r) => [r.code, r.name])), indicators };
}
