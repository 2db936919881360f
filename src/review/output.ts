/** What `npm run review` shows: the list as CSV (`<edited>.review.csv`) and a summary for the console. */
import { basename, dirname, join } from "node:path";
import { csvField } from "../template/gaps.js";
import type { ReviewItem, ReviewResult } from "./review.js";

export const REVIEW_COLUMNS = ["kind", "template", "line", "what", "before", "after", "status", "author", "date", "data"] as const;

/** `<edited>.review.csv` beside the DOCX. */
export function reviewCsvPath(docx: string): string {
  return join(dirname(docx), `${basename(docx).replace(/\.docx$/i, "")}.review.csv`);
}

export function reviewCsv(items: readonly ReviewItem[]): string {
  const rows = items.map((i) => [i.kind, i.template, i.line > 0 ? String(i.line) : "", i.what, i.before, i.after, i.status, i.author, i.date, i.data ?? ""].map(csvField).join(","));
  return `${[REVIEW_COLUMNS.join(","), ...rows].join("\n")}\n`;
}

export function reviewSummary(result: ReviewResult, csv: string | undefined): string {
  const count = new Map<string, number>();
  for (const i of result.items) count.set(`${i.kind}: ${i.status}`, (count.get(`${i.kind}: ${i.status}`) ?? 0) + 1);
  const { build } = result.record;
  const lines = [
    `review of ${build.report} ${build.region} ${build.year}: ${result.items.length} item(s)`,
    ...[...count].sort().map(([k, n]) => `  ${k}: ${n}`),
    result.patches.size === 0 ? "  no template changed" : `  templates ${csv ? "changed" : "to change"}: ${[...result.patches.keys()].join(", ")}`,
  ];
  const data = result.items.filter((i) => i.kind === "data change requested");
  if (data.length > 0) lines.push("data changes requested (not written: the data's owners decide):", ...data.map((i) => `  ${i.what}: ${i.before} → ${i.after || "(deleted)"} — ${i.data}`));
  if (csv) lines.push(`full list: ${csv}`);
  return lines.join("\n");
}
