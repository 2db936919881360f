/**
 * A table as HTML (WHATWG HTML §4.9): a real <table> whose <caption> names it (表N …, with its unit),
 * header rows in <thead> with <th scope="col"> (colgroup when a header spans columns), a row header per
 * body row (<th scope="row">), spans as the input gives them. Wrapped in a box of its own that scrolls
 * sideways when the table is wider than a phone, so the page itself never does; the box is focusable
 * and named by the caption so that a keyboard user can scroll it (WCAG 2.1.1). A cell's figures and draft
 * marks are drawn as in running text (run.ts): each figure says where it comes from.
 */
import { attrs, text } from "./escape.js";
import type { Cell } from "./input.js";
import { runHtml } from "./run.js";

export interface TableMarkup {
  readonly id: string;
  /** The caption's first line, e.g. `表1 分市（州）…`. */
  readonly caption: string;
  readonly unit?: string;
  readonly head: readonly (readonly Cell[])[];
  readonly body: readonly (readonly Cell[])[];
}

const ALIGN = { left: "l", center: "c", right: "r" } as const;

export function tableHtml(t: TableMarkup, indent: string): string[] {
  const cell = (c: Cell, inHead: boolean): string => {
    const tag = c.header ? "th" : "td";
    const scope = c.header && inHead && (c.colspan ?? 1) > 1 && c.header === "col" ? "colgroup" : c.header;
    const a = attrs({ scope, colspan: c.colspan && c.colspan > 1 ? c.colspan : undefined, rowspan: c.rowspan && c.rowspan > 1 ? c.rowspan : undefined, class: !inHead && c.align ? ALIGN[c.align] : undefined });
    const content = c.parts ? c.parts.map(runHtml).join("") : text(c.text);
    return `<${tag}${a}>${content}</${tag}>`;
  };
  const rows = (list: readonly (readonly Cell[])[], inHead: boolean): string[] => list.map((r) => `${indent}      <tr>${r.map((c) => cell(c, inHead)).join("")}</tr>`);
  const unit = t.unit ? `<span class="unit">单位：${text(t.unit)}</span>` : "";
  return [
    `${indent}<div class="scroll" role="region" tabindex="0" aria-labelledby="${t.id}">`,
    `${indent}  <table>`,
    `${indent}    <caption id="${t.id}">${text(t.caption)}${unit}</caption>`,
    `${indent}    <thead>`,
    ...rows(t.head, true),
    `${indent}    </thead>`,
    `${indent}    <tbody>`,
    ...rows(t.body, false),
    `${indent}    </tbody>`,
    `${indent}  </table>`,
    `${indent}</div>`,
  ];
}
