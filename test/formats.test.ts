/**
 * The one format table (src/formats.ts): every place that names a format reads it — a new format is a folder and
 * one entry. The source scan fails where a module lists formats (or their extensions or media types) itself.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_FORMATS, FORMAT_TABLE, FORMATS, formatSpec, readerOrder } from "../src/formats.js";
import { FLAGS, parseArgs, readmeFlags } from "../src/options/flags.js";
import { RENDERERS } from "../src/render/index.js";
import { ROOT } from "./support/dataset.js";

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/**
 * Lines that name a format's name, extension or media type without being a format list — each with why:
 * Markdown's raw-HTML node type (mdast `html`), and the preview's own pages (index, viewer, failures), which are
 * HTML whatever the formats.
 */
const NOT_FORMAT_LISTS = [
  { file: "src/model/parse.ts", line: /case "html":/ },
  { file: "src/model/parse.ts", line: /^function droppedInline\(|child\.type === "html"/ },
  { file: "src/model/markdown-tree.ts", line: /node\.type === "html"/ },
  { file: "src/preview/server.ts", line: /^const PAGE_TYPE = "text\/html; charset=utf-8";$/ },
];

describe("the format table", () => {
  it("is what the command line offers and builds by default", () => {
    expect(FORMATS).toEqual(FORMAT_TABLE.map((f) => f.name));
    expect(parseArgs(["--year", "2020"], ROOT)).toMatchObject({ formats: DEFAULT_FORMATS });
    const format = FLAGS.find((f) => f.name === "format")!;
    expect(format.value).toBe(`<${FORMATS.join(",")}>`);
    expect(readmeFlags()).toContain(`default ${DEFAULT_FORMATS.join(",")}`);
    // each name, extension and media type once
    for (const key of ["name", "extension", "mediaType"] as const) expect(new Set(FORMAT_TABLE.map((f) => f[key])).size).toBe(FORMAT_TABLE.length);
  });

  it("gives every format a renderer that loads, from the table's loader", async () => {
    expect(Object.keys(RENDERERS).sort()).toEqual([...FORMATS].sort());
    for (const spec of FORMAT_TABLE) {
      const m = await spec.load();
      expect(typeof m.render, spec.name).toBe("function");
      expect(["pages", "presented"]).toContain(m.input);
    }
  });

  it("orders a reader's list: the web page first, then the table's order", () => {
    const page = FORMAT_TABLE.filter((f) => f.opens === "page").map((f) => f.name);
    const files = FORMAT_TABLE.filter((f) => f.opens !== "page").map((f) => f.name);
    expect([...FORMATS].reverse().sort(readerOrder)).toEqual([...page, ...files]);
    expect(formatSpec("pdf").extension).toBe("pdf");
    expect(() => formatSpec("odt")).toThrow(/unknown format odt/);
  });

  it("is the only place in src/ that lists formats (a renderer's own folder may name itself)", () => {
    const names = FORMAT_TABLE.flatMap((f) => [f.name, f.extension]);
    const quoted = new RegExp(`["'\`](?:${[...new Set(names)].join("|")})["'\`]`);
    const key = new RegExp(`^\\s*(?:${[...new Set(names)].join("|")})\\s*:`);
    // an alternation in a regular expression (`\.(pdf|docx|html)$`)
    const alternation = new RegExp(`\\b(?:${[...new Set(names)].join("|")})\\|(?:${[...new Set(names)].join("|")})\\b`);
    const media = FORMAT_TABLE.map((f) => f.mediaType.replace(/;.*$/, ""));
    const own = FORMAT_TABLE.map((f) => `src/render/${f.name}/`);
    const found: string[] = [];
    for (const path of sources(join(ROOT, "src"))) {
      const file = relative(ROOT, path);
      if (file === "src/formats.ts" || own.some((dir) => file.startsWith(dir))) continue;
      readFileSync(path, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (/^\s*(?:import|export)\b.*\bfrom\s+["']/.test(line) || /^\s*(?:\/\/|\*|\/\*)/.test(line)) return;
          if (!quoted.test(line) && !key.test(line) && !alternation.test(line) && !media.some((m) => line.includes(m))) return;
          if (NOT_FORMAT_LISTS.some((n) => n.file === file && n.line.test(line.trim()))) return;
          found.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
