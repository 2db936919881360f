/** The model as plain text, one block a line: for inspection and for comparing with the reference. */
import type { Block, DocModel } from "./types.js";

export function blockText(block: Block): string {
  switch (block.type) {
    case "docNumber":
    case "title":
      return block.text;
    case "heading":
      return `${block.number}${block.text}`;
    case "paragraph":
      return block.runs.map((r) => r.text).join("");
    case "table":
      return [`表${block.number} ${block.caption}`, ...(block.unit ? [`单位：${block.unit}`] : []), block.header.join("\t"), ...block.rows.map((r) => r.join("\t")), ...block.notes].join("\n");
    case "figure":
      return `图${block.number} ${block.caption}`;
    case "signature":
      return [...block.issuers, block.date].join("\n");
  }
}

export function modelText(model: DocModel): string {
  return model.blocks.map(blockText).join("\n");
}
