/**
 * The output formats: the one table every place that names a format reads — the command line (`--format`, its
 * help and the README's flag block: src/options/flags.ts), the renderers (src/render/index.ts, the render pool),
 * output names (src/build/pipeline.ts), the preview's server and index (src/preview/), the year's index page
 * (src/products/year-index.ts, src/render/html/index-page.ts) and the links a report's web page gives to its
 * other files (src/products/report-links.ts). Adding a format is a folder (src/render/<name>/, a renderer of
 * the presented document) and one entry here; test/formats.test.ts fails where a module lists formats itself.
 *
 * The order is the build's (a render worker takes formats[i mod n]: the PDF, the longest to render, first).
 */
import type { FontProfile } from "./fonts/profile.js";
import type { PagedDocument } from "./present/pages/index.js";
import type { PresentedDocument } from "./present/types.js";
import type { RenderOptions } from "./render/index.js";

/**
 * What a renderer takes:
 * - "pages": the document paginated (src/present/paginate.ts) and laid out into positioned pages
 *   (src/present/pages/): a page format only draws them;
 * - "presented": as presented, unpaginated (a word processor or a browser lays it out itself).
 */
interface Inputs {
  readonly pages: PagedDocument;
  readonly presented: PresentedDocument;
}

interface RendererOf<K extends keyof Inputs> {
  readonly input: K;
  readonly render: (doc: Inputs[K], fonts: FontProfile, options: RenderOptions) => Promise<Buffer>;
  /**
   * What it does once before its first document (render-worker.ts), if anything; `sample` gives a short
   * document with one block of each kind (render/warm-up.ts), prepared as this format takes it.
   */
  readonly warmUp?: (fonts: FontProfile, sample: () => Promise<Inputs[K]>) => Promise<void>;
}

/**
 * What a renderer can have made from a report's text alone by another thread — a render worker idle while the
 * main thread composes — for the thread that will render the format (render-pool.ts aid): `make` runs on the
 * worker, its result crosses threads (structured clone), and `adopt` hands it over, a promise the renderer awaits
 * when it needs it. Loaded alone: the worker does not load the format's renderer for it. Changes no byte of any output.
 */
export interface TextAid {
  readonly make: (fonts: FontProfile, text: string) => Promise<unknown>;
  readonly adopt: (made: Promise<unknown>) => void;
}

/** What a format's loader gives: its renderer, and what it does before its first document. */
export type RendererModule = RendererOf<"pages"> | RendererOf<"presented">;

export interface FormatSpec {
  /** `--format` name and the manifest's `format`. */
  readonly name: string;
  /** File name extension, without the dot: `<code>-<report>.<extension>`. */
  readonly extension: string;
  /** The HTTP Content-Type the preview serves it with (and the `type` of a link to it). */
  readonly mediaType: string;
  /** Built without `--format`. */
  readonly defaultOn: boolean;
  /** How the year's index page and a report's web page name it in a link (Chinese, for the reader). */
  readonly label: string;
  /**
   * How a browser takes it: "page" — it is the web page (listed first; the preview injects its script);
   * "inline" — shown by the browser (the preview frames it in a page that reloads on change); "download" — saved.
   */
  readonly opens: "page" | "inline" | "download";
  readonly load: () => Promise<RendererModule>;
  /** Its text aid, if it has one. */
  readonly aid?: () => Promise<TextAid>;
}

export const FORMAT_TABLE = [
  {
    name: "pdf",
    extension: "pdf",
    mediaType: "application/pdf",
    defaultOn: true,
    label: "PDF",
    opens: "inline",
    load: async () => {
      const m = await import("./render/pdf/index.js");
      return { input: "pages", render: m.renderPdf, warmUp: async (fonts, sample) => void (await m.renderPdf(await sample(), fonts, { date: new Date(0) })) } satisfies RendererOf<"pages">;
    },
  },
  {
    name: "docx",
    extension: "docx",
    mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    defaultOn: true,
    label: "Word（DOCX）",
    opens: "download",
    // Word and LibreOffice paginate a DOCX themselves (with the keep rules the presentation stage sets): the
    // PDF's page flow would only move floats there, and Word places them by its own measure (issue 12 note).
    load: async () => {
      const m = await import("./render/docx/index.js");
      return { input: "presented", render: m.renderDocx, warmUp: m.prepareDocx } satisfies RendererOf<"presented">;
    },
    // The chart faces' subsets for the PNG fallbacks (render/docx/chart-fonts.ts): harfbuzz and the full garbage
    // collection it needs after, off the thread that renders the DOCX.
    aid: async () => {
      const m = await import("./render/docx/chart-fonts.js");
      return { make: m.makeChartSubsets, adopt: (made) => m.adoptChartSubsets(made as Promise<readonly import("./render/docx/chart-fonts.js").MadeSubset[] | undefined>) } satisfies TextAid;
    },
  },
  {
    name: "html",
    extension: "html",
    mediaType: "text/html; charset=utf-8",
    defaultOn: true,
    label: "网页（HTML）",
    opens: "page",
    // A web page scrolls: presented, not paginated (floats stay where the text refers to them). Strings only:
    // nothing to warm up; fonts are the reader's (a font stack), not the profile's.
    load: async () => {
      const m = await import("./render/html/index.js");
      return { input: "presented", render: (doc, _fonts, options) => m.renderHtml(doc, { sources: options.sources === true }) } satisfies RendererOf<"presented">;
    },
  },
  {
    name: "ofd",
    extension: "ofd",
    // The type OFD files are served with (GB/T 33190 names none; the one Chinese readers and sites use).
    mediaType: "application/ofd",
    defaultOn: false,
    label: "OFD（版式文档）",
    opens: "download",
    // The same laid-out pages as the PDF (src/present/pages/), written as GB/T 33190-2016 OFD for the archive.
    // Off by default (`--format pdf,docx,html,ofd` or `--format ofd`): see README "For the archive".
    load: async () => {
      const m = await import("./render/ofd/index.js");
      return { input: "pages", render: m.renderOfd } satisfies RendererOf<"pages">;
    },
  },
] as const satisfies readonly FormatSpec[];

export type Format = (typeof FORMAT_TABLE)[number]["name"];

/** Every format's name, in the table's order. */
export const FORMATS: readonly Format[] = FORMAT_TABLE.map((f) => f.name);

/** What a build makes without `--format`. */
export const DEFAULT_FORMATS: readonly Format[] = FORMAT_TABLE.filter((f) => f.defaultOn).map((f) => f.name);

const BY_NAME: ReadonlyMap<string, FormatSpec> = new Map(FORMAT_TABLE.map((f) => [f.name, f]));

/** The table's entry of a format (a manifest's `format` is a plain string: an unknown one is a bug). */
export function formatSpec(name: string): FormatSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`unknown format ${name}`);
  return spec;
}

/** A format the manifest lists, if the table knows it (older outputs may list one no longer built). */
export function knownFormat(name: string): FormatSpec | undefined {
  return BY_NAME.get(name);
}

/** Formats as a reader's list shows them: the web page first, then the files in the table's order. */
export function readerOrder(a: string, b: string): number {
  const rank = (n: string): number => {
    const i = FORMAT_TABLE.findIndex((f) => f.name === n);
    const spec = FORMAT_TABLE[i];
    return spec ? (spec.opens === "page" ? -1 : i) : FORMAT_TABLE.length;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
