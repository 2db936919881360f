/**
 * out/<year>/index.html: the page a webmaster puts online beside the reports — every report of the year
 * with links to its HTML page, PDF and DOCX and their sizes. Self-contained like the reports (same
 * style sheet, no request); links are relative, to the files beside it.
 */
import { attrs, text } from "./escape.js";
import { knownFormat } from "../../formats.js";
import { PAGE_PROFILE } from "../../present/profile.js";
import { styleSheet } from "./style.js";
import { wordBreaks } from "./words.js";

export interface IndexPage {
  /** The bulletin's title, e.g. 贵州省2020年人力资源和社会保障事业发展统计公报. */
  readonly title: string;
  readonly reports: readonly IndexEntry[];
}
export interface IndexEntry {
  readonly title: string;
  /** Files beside the index, in the order shown. */
  readonly files: readonly { readonly format: string; readonly name: string; readonly bytes: number }[];
}


/** 1 KB = 1024 bytes, whole KB; from 1024 KB on, MB to one decimal. */
export function sizeText(bytes: number): string {
  const kb = bytes / 1024;
  return kb < 1024 ? `${Math.max(1, Math.round(kb))} KB` : `${(kb / 1024).toFixed(1)} MB`;
}

/** A link to a file beside the page: its format's label and its size (the exact bytes in its title). */
export function fileLink(f: IndexEntry["files"][number]): string {
  const spec = knownFormat(f.format);
  return `<a${attrs({ href: f.name, type: spec?.mediaType.replace(/;.*$/, ""), title: `${f.bytes} 字节` })}>${text(spec?.label ?? f.format.toUpperCase())}，${sizeText(f.bytes)}</a>`;
}

/** 网页、PDF与Word（DOCX）文件: the formats the page lists, by their labels. */
function formatsText(page: IndexPage): string {
  const labels = [...new Set(page.reports.flatMap((r) => r.files.map((f) => knownFormat(f.format)?.label ?? f.format.toUpperCase())))];
  return labels.length > 1 ? `${labels.slice(0, -1).join("、")}与${labels.at(-1)}文件` : `${labels.join("")}文件`;
}

export function indexPageHtml(page: IndexPage): string {
  const lines = [
    "<!DOCTYPE html>",
    '<html lang="zh-CN">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(page.title)}：全省及市（州）分册</title>`,
    `<style>\n${styleSheet(PAGE_PROFILE)}\n.reports { list-style: none; padding: 0; margin: 0; }\n.reports li { border-top: 1px solid #d0d0d0; padding: .8em 0; }\n.reports h2 { text-indent: 0; margin: 0 0 .3em; font-size: 1.05em; }\n.reports p { text-indent: 0; margin: 0; }\n.reports a { margin-right: 1.2em; white-space: nowrap; }\n</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${wordBreaks(page.title)}</h1>`,
    `<p class="doc-number">全省公报及市（州）分册：${formatsText(page)}</p>`,
    '<ul class="reports">',
    ...page.reports.map((r) =>
      [
        "  <li>",
        `    <h2>${text(r.title)}</h2>`,
        `    <p>${r.files.map((f) => fileLink(f)).join("")}</p>`,
        "  </li>",
      ].join("\n"),
    ),
    "</ul>",
    "</main>",
    "</body>",
    "</html>",
  ];
  return `${lines.join("\n")}\n`;
}
