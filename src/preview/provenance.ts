/**
 * Where every figure comes from, for the preview's hover (`/__provenance/<year>.json`): per indicator, its
 * label, unit and source, and per region the value as published, the changes, the data file and line.
 * The HTML renderer marks a figure with `data-ref="<indicator id>"` (ARCHITECTURE.md "Preview").
 */
import type { Dataset } from "../data/types.js";
import { withUnit } from "../template/wording.js";

export interface ProvenanceEntry {
  /** The value as published with its unit (`61.64万人`), or null when not published. */
  readonly published: string | null;
  readonly value: string | null;
  readonly growth?: string;
  readonly delta?: string;
  readonly note?: string;
  /** The data file (relative to the repository) and line of the row. */
  readonly file: string;
  readonly line: number;
}

export interface Provenance {
  readonly year: number;
  readonly indicators: Readonly<
    Record<
      string,
      {
        readonly label: string;
        readonly unit: string;
        readonly source: { readonly id: string; readonly title: string; readonly publisher?: string };
        /** By region code. */
        readonly regions: Readonly<Record<string, ProvenanceEntry>>;
      }
    >
  >;
}

export function provenance(dataset: Dataset): Provenance {
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
      };
    }
    const source = dataset.document.sources[indicator.source];
    indicators[id] = {
      label: indicator.label,
      unit: indicator.unit,
      source: { id: indicator.source, title: source?.title ?? indicator.source, ...(source?.publisher && { publisher: source.publisher }) },
      regions,
    };
  }
  return { year: dataset.year, indicators };
}
