/**
 * templates/ → compiled Handlebars templates, once per process. A report kind (templates/<kind>/, see
 * kinds.ts) is an ordered list of template files per year; rendering it with a dataset and a region gives
 * one Markdown string. Each file is compiled the first time a report of its year needs it, so a kind that is
 * not built is never read.
 */
import Handlebars from "handlebars";
import { dirname, relative } from "node:path";
import { UserError } from "../errors.js";
import { readText } from "../data/yaml.js";
import { HELPER_CONTRACTS, helpers, type RenderData } from "./helpers.js";
import { guardHelpers } from "./helper-guard.js";
import type { Dataset, Region } from "../data/types.js";
import { buildContext } from "./context.js";
import { discoverKinds, kindsForYear, loadKindDocument, resolveTemplate, type KindDocument, type KindSpec } from "./kinds.js";
import { gapsError, type Gap } from "./gaps.js";
import { PIECE_SEPARATOR } from "../model/markdown-tree.js";
import { confinedTo, resolveInside } from "../io/project-path.js";
import { checkTemplateNames } from "./names.js";
import { PRINT_HELPER, literalCompiler, printed } from "./literal.js";
import type { RenderedChunk } from "./source-map.js";

export type ReportKind = string;

export interface CompiledFile {
  readonly display: string;
  /** The template's text (source-map.ts matches rendered lines to it). */
  readonly source: string;
  readonly render: Handlebars.TemplateDelegate;
}

/** One kind in one year: its text files (after the fallback to earlier years) and its metadata. */
export interface CompiledReport {
  readonly spec: KindSpec;
  readonly year: number;
  readonly files: readonly CompiledFile[];
  readonly document: KindDocument;
}

export interface TemplateSet {
  readonly dir: string;
  readonly kinds: ReadonlyMap<ReportKind, KindSpec>;
  /** The kinds that exist for `year` (a templates/<kind>/<year>/document.yaml), in name order. */
  kindsFor(year: number): readonly KindSpec[];
  /** A kind's files and metadata for a year, compiled on first use; an error if the kind has no such year. */
  report(kind: ReportKind, year: number): CompiledReport;
  /** A kind's metadata for a year (no text compiled). */
  document(kind: ReportKind, year: number): KindDocument;
  /** The template files compiled so far, by path. */
  readonly compiled: ReadonlyMap<string, CompiledFile>;
}

/**
 * @param root the project: no template is read from outside it (src/io/project-path.ts).
 * @param previous the set this one replaces (the preview's last): a file whose text is the same is not
 *   parsed and compiled again. Its compiled template is bound to the earlier Handlebars environment, which
 *   has the same helpers (helpers.ts) and nothing else.
 */
export function compileTemplates(dir: string, display: (file: string) => string, root = dirname(dir), previous?: TemplateSet): TemplateSet {
  const hb = Handlebars.create();
  hb.registerHelper(helpers as Handlebars.HelperDeclareSpec);
  const where = confinedTo(root);
  // `{{…}}` prints data text as literal text, never as Markdown (literal.ts).
  hb.registerHelper(PRINT_HELPER, printed);
  (hb as unknown as { JavaScriptCompiler: unknown }).JavaScriptCompiler = literalCompiler(hb);
  guardHelpers(hb, HELPER_CONTRACTS); // misuse told in the helper's terms, with file and line (helper-guard.ts)
  const kinds = discoverKinds(dir, display, where);
  const files = new Map<string, CompiledFile>();
  const reports = new Map<string, CompiledReport>();
  const documents = new Map<string, KindDocument>();
  const spec = (kind: ReportKind, year: number): KindSpec => {
    const found = kinds.get(kind);
    if (!found) throw new UserError({ message: `unknown report "${kind}"`, hint: `known: ${[...kinds.keys()].join(", ") || `none (add templates/<kind>/report.yaml)`}` });
    if (!found.years.includes(year)) {
      throw new UserError({
        file: display(found.dir),
        message: `report "${kind}" does not exist for ${year}`,
        hint: `its years: ${found.years.join(", ") || "none"}; for ${year}: ${kindsForYear(kinds, year).map((k) => k.kind).join(", ") || "no kind"}. Add ${relative(process.cwd(), found.dir) || found.dir}/${year}/document.yaml to make it exist`,
      });
    }
    return found;
  };
  const compileFile = (found: string): CompiledFile => {
    const file = resolveInside(root, dir, relative(dir, found), "template", display);
    let compiled = files.get(file);
    if (!compiled) {
      const source = readText(file, display(file), "a template", where);
      const before = previous?.compiled.get(file);
      if (before && before.source === source && before.display === display(file)) {
        files.set(file, before);
        return before;
      }
      let ast: hbs.AST.Program;
      try {
        ast = hb.parse(source); // syntax errors now, with the file, rather than at first render
      } catch (e) {
        throw new UserError({ file: display(file), line: lineFromHandlebars(String((e as Error).message)), message: `template syntax: ${String((e as Error).message).split("\n").pop()}` });
      }
      checkTemplateNames(ast, display(file), helpers); // names no object may hold: constructor, __proto__, …
      compiled = { display: display(file), source, render: hb.compile(source, { strict: true }) };
      files.set(file, compiled);
    }
    return compiled;
  };
  const set: TemplateSet = {
    dir,
    kinds,
    compiled: files,
    kindsFor: (year) => kindsForYear(kinds, year),
    document(kind, year) {
      const key = `${kind}\0${year}`;
      let doc = documents.get(key);
      if (!doc) documents.set(key, (doc = loadKindDocument(spec(kind, year), year, display, where)));
      return doc;
    },
    report(kind, year) {
      const key = `${kind}\0${year}`;
      let report = reports.get(key);
      if (!report) {
        const s = spec(kind, year);
        const list = s.templates.map((entry) => compileFile(resolveTemplate(kinds, s, entry, year, display, where)));
        reports.set(key, (report = { spec: s, year, files: list, document: set.document(kind, year) }));
      }
      return report;
    },
  };
  return set;
}

export interface RenderOptions {
  /**
   * Where to collect the gaps (figures not published yet, unknown metadata), each shown as a mark.
   * Without it, any gap is an error listing every gap of the report at once.
   */
  readonly gaps?: Gap[];
  /** More names for the templates (a brief's `brief`, src/brief/context.ts). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Given, receives each template's text and output, for a source map (source-map.ts). */
  readonly chunks?: RenderedChunk[];
}

/** Renders one report for one region to Markdown, file by file (each file's text is kept apart). */
export function renderMarkdown(set: TemplateSet, kind: ReportKind, dataset: Dataset, region: Region, options: RenderOptions = {}): string {
  const report = set.report(kind, dataset.year);
  const gaps: Gap[] = options.gaps ?? [];
  const context = { ...buildContext(dataset, region, report.document, { kinds: set.kindsFor(dataset.year).map((k) => k.kind), load: (other) => set.document(other, dataset.year) }, gaps), ...options.extra };
  const markdown = report.files
    .map((file) => {
      const data: { bulletin: RenderData } = { bulletin: { dataset, template: file.display, gaps } };
      try {
        const rendered = file.render(context, { data }).trim();
        options.chunks?.push({ file: file.display, template: file.source, rendered });
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
    .join(PIECE_SEPARATOR);
  if (!options.gaps && gaps.length > 0) throw gapsError(gaps);
  return markdown;
}

function lineFromHandlebars(message: string): number | undefined {
  const m = /line (\d+)/.exec(message) ?? / - (\d+):\d+/.exec(message);
  return m ? Number(m[1]) : undefined;
}
