/**
 * templates/ → compiled Handlebars templates, once per process. A report (templates/reports.yaml) is an
 * ordered list of template files; rendering it with a dataset and a region gives one Markdown string.
 */
import Handlebars from "handlebars";
import { dirname, join } from "node:path";
import { z } from "zod";
import { UserError } from "../errors.js";
import { loadYaml, readText } from "../data/yaml.js";
import { helpers, type RenderData } from "./helpers.js";
import type { Dataset, Region } from "../data/types.js";
import { buildContext } from "./context.js";
import { resolveInside } from "../io/project-path.js";
import { checkTemplateNames } from "./names.js";
import type { RenderedChunk } from "./source-map.js";

const reportsSchema = z.record(
  z
    .object({
      /** Which regions get this report. */
      regions: z.enum(["province", "prefectures"]),
      /** File-name part of outputs, e.g. "bulletin". */
      templates: z.array(z.string().regex(/\.md\.hbs$/, "template files end in .md.hbs")).min(1),
    })
    .strict(),
);

export type ReportKind = string;

interface CompiledFile {
  readonly display: string;
  /** The template's text (source-map.ts matches rendered lines to it). */
  readonly source: string;
  readonly render: Handlebars.TemplateDelegate;
}

export interface TemplateSet {
  readonly dir: string;
  readonly reports: ReadonlyMap<ReportKind, { regions: "province" | "prefectures"; files: readonly CompiledFile[] }>;
}

/** @param root the project: no template is read from outside it (src/io/project-path.ts). */
export function compileTemplates(dir: string, display: (file: string) => string, root = dirname(dir)): TemplateSet {
  const hb = Handlebars.create();
  hb.registerHelper(helpers as Handlebars.HelperDeclareSpec);
  const reportsFile = join(dir, "reports.yaml");
  const spec = loadYaml(reportsFile, display(reportsFile), reportsSchema);
  const cache = new Map<string, CompiledFile>();
  const reports = new Map<ReportKind, { regions: "province" | "prefectures"; files: CompiledFile[] }>();
  for (const [kind, report] of Object.entries(spec)) {
    const files = report.templates.map((name) => {
      const file = resolveInside(root, dir, name, "template", display, { file: display(reportsFile) });
      let compiled = cache.get(file);
      if (!compiled) {
        const source = readText(file, display(file));
        let ast: hbs.AST.Program;
        try {
          ast = hb.parse(source); // syntax errors now, with the file, rather than at first render
        } catch (e) {
          throw new UserError({ file: display(file), line: lineFromHandlebars(String((e as Error).message)), message: `template syntax: ${String((e as Error).message).split("\n").pop()}` });
        }
        checkTemplateNames(ast, display(file), helpers); // names no object may hold: constructor, __proto__, …
        compiled = { display: display(file), source, render: hb.compile(source, { strict: true, noEscape: true }) };
        cache.set(file, compiled);
      }
      return compiled;
    });
    reports.set(kind, { regions: report.regions, files });
  }
  return { dir, reports };
}

/**
 * Renders one report for one region to Markdown.
 * @param chunks given, receives each template's text and output, for a source map (source-map.ts)
 */
export function renderMarkdown(set: TemplateSet, kind: ReportKind, dataset: Dataset, region: Region, chunks?: RenderedChunk[]): string {
  const report = set.reports.get(kind);
  if (!report) throw new UserError({ message: `unknown report "${kind}"`, hint: `known: ${[...set.reports.keys()].join(", ")}` });
  const context = buildContext(dataset, region);
  return report.files
    .map((file) => {
      const data: { bulletin: RenderData } = { bulletin: { dataset, template: file.display } };
      try {
        const rendered = file.render(context, { data }).trim();
        chunks?.push({ file: file.display, template: file.source, rendered });
        return rendered;
      } catch (e) {
        if (e instanceof UserError) throw e;
        const message = String((e as Error).message);
        // Strict mode: `"foo" not defined in [object Object] - 3:5`
        const strict = /^"(.+)" not defined in .* - (\d+):(\d+)$/.exec(message);
        if (strict) {
          throw new UserError({ file: file.display, line: Number(strict[2]), message: `"${strict[1]}" is not defined`, hint: "check the name against the template context (docs/data-and-templates.md)" });
        }
        throw new UserError({ file: file.display, line: lineFromHandlebars(message), message });
      }
    })
    .join("\n\n");
}

function lineFromHandlebars(message: string): number | undefined {
  const m = /line (\d+)/.exec(message) ?? / - (\d+):\d+/.exec(message);
  return m ? Number(m[1]) : undefined;
}
