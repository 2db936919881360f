/**
 * A draft's literal text as template text: Markdown and Handlebars characters escaped so they print as typed
 * (CommonMark §2.4 backslash escapes; Handlebars `\{{`), a remark-directive `:name` kept from starting, and the
 * report's year written `{{year}}` where it stands as the year (`2020年`), so the text serves the next year too.
 */
import { fold } from "./scan.js";

/** Escapes one stretch of literal text; `lineStart` when it begins a Markdown line. */
export function escapeLiteral(text: string, lineStart: boolean): string {
  let s = text
    .replace(/[\\`*_[\]<>|~&]/g, "\\$&")
    .replace(/\{\{/g, "\\{{")
    .replace(/:(?=[A-Za-z])/g, "\\:")
    .replace(/\n/g, " ");
  if (lineStart) s = s.replace(/^(\s*)(#|>|[-+=]|\d+(?=[.)]))/, (_m, sp: string, c: string) => (/^\d/.test(c) ? `${sp}${c}\\` : `${sp}\\${c}`));
  return s;
}

/** The literal text with the report's year as `{{year}}` (not in a range such as 2019-2020学年, nor in 〔2021〕). */
export function literalWithYear(text: string, year: number, lineStart: boolean): string {
  const t = fold(text);
  const re = new RegExp(String.raw`(?<![\d.〔\[])(?<!\d{4}\s*[-－—–~～至]\s*)${year}(?=\s*(?:年|学年))(?!\s*年?\s*[-－—–~～至]\s*\d{4})`, "g");
  const out: string[] = [];
  let last = 0;
  for (const m of t.matchAll(re)) {
    out.push(escapeLiteral(text.slice(last, m.index), lineStart && last === 0), "{{year}}");
    last = m.index! + m[0].length;
  }
  out.push(escapeLiteral(text.slice(last), lineStart && last === 0));
  return out.join("");
}

/** A directive attribute's value in double quotes (remark-directive: a quote cannot be escaped inside). */
export function attribute(value: string): string {
  return value.replace(/"/g, "”");
}
