/** The preview's own pages: the index, a report's failure, the viewer of a PDF; and the script injected into HTML. */
import type { Failure, PreviewSession, ReportState } from "./session.js";
import { formatProblem } from "../errors.js";
import { formatSpec } from "../formats.js";
import { CONTENT_SECURITY_POLICY } from "../render/html/index.js";

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const SCRIPT_TAG = '<script src="/__preview.js" defer></script>';

/**
 * The Content-Security-Policy the preview sends with a report's page, as an HTTP header: the page a build writes
 * carries none (the website's CMS adds its own CSS, logo and scripts around it), so the preview sets the page's
 * own policy (src/render/html/index.ts: nothing fetched, no script of its own) and lets it run the preview's
 * script and ask its server (`/__events`, `/__provenance/…`), nothing else.
 */
export const PREVIEW_CSP = `${CONTENT_SECURITY_POLICY}; script-src 'self'; connect-src 'self'`;

/** An HTML report with the preview's script (reload, provenance hover), before `</body>` or at the end. */
export function injectScript(html: string): string {
  const at = html.lastIndexOf("</body>");
  return at >= 0 ? `${html.slice(0, at)}${SCRIPT_TAG}${html.slice(at)}` : `${html}${SCRIPT_TAG}`;
}

const STYLE = `@font-face{font-family:"Bulletin Preview";src:url(/__font.ttf)}
body{font:15px/1.5 "Bulletin Preview",system-ui,sans-serif;margin:2em auto;max-width:64em;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35em .6em;text-align:left}
.ok{color:#1a7f37}.bad{color:#b42318}pre.problem{background:#fff1f0;border-left:4px solid #b42318;padding:.7em 1em;white-space:pre-wrap;font:13px/1.5 ui-monospace,monospace}
.muted{color:#777}a{color:#0b57d0}`;

function page(title: string, shows: string, body: string): string {
  return `<!doctype html><html lang="zh-CN" data-preview-shows="${esc(shows)}"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}${SCRIPT_TAG}</body></html>`;
}

function problems(f: Failure): string {
  return `${f.problems.map((p) => `<pre class="problem">${esc(formatProblem(p))}</pre>`).join("")}${f.bug ? `<details><summary>stack</summary><pre>${esc(f.bug)}</pre></details>` : ""}`;
}

export function indexPage(session: PreviewSession, url: string): string {
  const reports = session.list();
  const all = session.failure;
  const row = (r: ReportState): string => {
    const links = [...r.paths].map(([format, path]) => {
      const view = formatSpec(format).opens === "inline" ? ` <a class="muted" href="/__view/${esc(path)}">view</a>` : "";
      return `<a href="/${esc(path)}">${esc(format)}</a>${view}`;
    });
    const failure = r.failure ?? all;
    return `<tr><td>${esc(r.job.region.code)} ${esc(r.job.region.name)}</td><td>${esc(r.job.report)}</td><td>${links.join(" · ")}</td><td>${failure ? '<span class="bad">failed</span>' : '<span class="ok">ok</span>'}</td></tr>${
      failure && !all ? `<tr><td colspan="4">${problems(failure)}</td></tr>` : ""
    }`;
  };
  return page(
    "预览 · bulletin preview",
    "*",
    `<h1>Preview ${esc(String(session.year))}</h1>
<p class="muted">${esc(url)} · build ${session.build}${session.busy ? " (rebuilding…)" : ""} · watching data/, templates/, fonts/ · the page reloads itself after a change ·
<a href="/__provenance/${session.year}.json">provenance</a></p>
${all ? problems(all) : ""}
<table><thead><tr><th>region</th><th>report</th><th>files</th><th>state</th></tr></thead><tbody>${reports.map(row).join("")}</tbody></table>
${gapPanel(session)}`,
  );
}

/** With --draft: every gap once per place (template or data file and line), with links to the pages that show it. */
function gapPanel(session: PreviewSession): string {
  if (!session.draft) return '<p class="muted">Not a draft: figures not published yet stop the build (npm run preview -- --draft marks them 待补充).</p>';
  const gaps = session.gaps;
  if (gaps.length === 0) return '<p class="ok">Draft: no gaps.</p>';
  const rows = gaps.map(
    (g) => `<tr><td>${esc(g.file)}${g.line === undefined ? "" : `:${g.line}`}</td><td>${esc(g.id)}</td><td>${esc(g.label)}</td><td>${g.pages.map((p) => `<a href="/${esc(p)}">${esc(p.split("/").pop()!)}</a>`).join(" · ")}</td></tr>`,
  );
  return `<aside class="gaps"><h2>待补充 · ${gaps.length} gap(s) in this draft</h2><table><thead><tr><th>where</th><th>indicator</th><th>label</th><th>shown in</th></tr></thead><tbody>${rows.join("")}</tbody></table></aside>`;
}

/** What a report's file shows while its latest build failed: the located problems, and the last good version. */
export function failurePage(path: string, failure: Failure, hasLastGood: boolean): string {
  return page(
    `failed: ${path}`,
    `/${path}`,
    `<h1 class="bad">${esc(path)} could not be built</h1>
${problems(failure)}
<p>${hasLastGood ? `<a href="/${esc(path)}?last-good">Open the last good version</a> · ` : "No good version yet · "}<a href="/">all reports</a></p>
<p class="muted">Fix the file and save: this page reloads with the report.</p>`,
  );
}

/** A PDF in a frame, reloaded when it changes (a PDF cannot carry the script itself). */
export function viewerPage(path: string): string {
  return page(
    path,
    `/${path}`,
    `<style>body{margin:0;max-width:none;padding:0}iframe{border:0;width:100vw;height:100vh;display:block}</style><iframe src="/${esc(path)}" title="${esc(path)}"></iframe>`,
  );
}
