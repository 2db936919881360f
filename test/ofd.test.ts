/**
 * The OFD writer (src/render/ofd/, GB/T 33190-2016) read back: a hand-made laid-out document (two pages; lines in
 * the body and heading faces, bold among them; a line with spacing; a chart; rules; a shade; the page numbers; an
 * outline) written, unzipped and parsed — the package's structure as the standard lays it out, the ids, the fonts,
 * each character where the layout put it, the text of each page in reading order.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { beforeAll, describe, expect, it } from "vitest";
import { loadFontProfile, textWidth, type FontProfile } from "../src/fonts/profile.js";
import type { Face, LaidOutDocument, LineItem, PageItem } from "../src/present/pages/types.js";
import { writeOfd } from "../src/render/ofd/index.js";
import { mm } from "../src/render/ofd/units.js";
import { abbreviated, parsePath, transform } from "../src/render/ofd/path.js";
import { parseTransform, svgObjects } from "../src/render/ofd/svg.js";
import { Ids } from "../src/render/ofd/ids.js";
import { FontResources } from "../src/render/ofd/fonts.js";
import { child, elements, parseXml, textContent } from "../src/word/xml.js";
import { RENDERERS } from "../src/render/index.js";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { builtFile, builtModel } from "./support/built.js";
import { ROOT } from "./support/dataset.js";
import { allElements, readOfd, type OfdRead } from "./support/ofd.js";
import { ofdFixture, SVG } from "./support/ofd-fixture.js";

const DATE = new Date("2021-05-31T00:00:00Z");
let fonts: FontProfile;
let doc: LaidOutDocument;
let bytes: Buffer;
let ofd: OfdRead;

beforeAll(async () => {
  fonts = loadFontProfile("default", join(ROOT, "fonts"));
  doc = ofdFixture(fonts);
  bytes = await writeOfd(doc, fonts, { date: DATE });
  ofd = readOfd(bytes);
});

/** The texts of a chart's SVG, in order (each text or tspan a run). */
function svgTexts(svg: string): string[] {
  const walk = (el: ReturnType<typeof parseXml>): string[] =>
    /(^|:)(text|tspan)$/.test(el.name) && el.children.every((c) => typeof c === "string") ? [textContent(el).trim()].filter((t) => t !== "") : el.children.flatMap((c) => (typeof c === "string" ? [] : walk(c)));
  return walk(parseXml(svg, "svg"));
}

describe("OFD package (GB/T 33190-2016 §7)", () => {
  it("has the entry, the document, its resources and a content part per page, as the standard names them", () => {
    expect(Object.keys(ofd.files).sort()).toEqual(
      ["OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml", "Doc_0/Pages/Page_0/Content.xml", "Doc_0/Pages/Page_1/Content.xml", ...[...ofd.fonts.values()].map((f) => `Doc_0/Res/${textContent(child(f, "ofd:FontFile")!)}`)].sort(),
    );
    expect(ofd.entry.name).toBe("ofd:OFD");
    expect(ofd.entry.attrs).toMatchObject({ Version: "1.0", DocType: "OFD" });
    expect(ofd.docRoot).toBe("Doc_0/Document.xml");
    expect(ofd.publicRes.attrs.BaseLoc).toBe("Res");
    const box = textContent(child(child(child(ofd.document, "ofd:CommonData"), "ofd:PageArea"), "ofd:PhysicalBox")!);
    expect(box).toBe("0 0 210.002 297"); // 595.28 × 841.89 pt
    // the CommonData elements in the schema's order
    expect(elements(child(ofd.document, "ofd:CommonData")).map((e) => e.name)).toEqual(["ofd:MaxUnitID", "ofd:PageArea", "ofd:PublicRes"]);
    expect(elements(ofd.document).map((e) => e.name)).toEqual(["ofd:CommonData", "ofd:Pages", "ofd:Outlines"]);
  });

  it("carries the document's metadata, dated by the render options' date", () => {
    const info = child(child(ofd.entry, "ofd:DocBody"), "ofd:DocInfo")!;
    const get = (n: string) => textContent(child(info, `ofd:${n}`)!);
    expect(get("Title")).toBe(doc.meta.title);
    expect(get("Author")).toBe(doc.meta.author);
    expect(get("Subject")).toBe(doc.meta.subject);
    expect(get("CreationDate")).toBe("2021-05-31");
    expect(elements(child(info, "ofd:Keywords"), "ofd:Keyword").map(textContent)).toEqual(["统计公报", "人力资源"]);
    expect(get("DocID")).toMatch(/^[0-9a-f]{32}$/);
    expect(elements(info).map((e) => e.name.slice(4))).toEqual(["DocID", "Title", "Author", "Subject", "CreationDate", "Keywords", "Creator"]);
  });

  it("gives every object a unique id, the largest being MaxUnitID", () => {
    const ids = [ofd.document, ofd.publicRes, ...ofd.pages.map((p) => p.content)].flatMap(allElements).flatMap((e) => (e.attrs.ID !== undefined ? [Number(e.attrs.ID)] : []));
    expect(ids.length).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((i) => Number.isInteger(i) && i > 0)).toBe(true);
    expect(Number(textContent(child(child(ofd.document, "ofd:CommonData"), "ofd:MaxUnitID")!))).toBe(Math.max(...ids));
  });

  it("embeds a font file for every text object's font, with a glyph for each of its characters", () => {
    const needed = new Map<string, Set<string>>();
    for (const r of ofd.pages.flatMap((p) => p.runs)) {
      expect(ofd.fonts.has(r.font), `font ${r.font}`).toBe(true);
      for (const ch of r.text) (needed.get(r.font) ?? needed.set(r.font, new Set()).get(r.font)!).add(ch);
    }
    for (const [id, chars] of needed) {
      const font = ofd.fonts.get(id)!;
      const file = ofd.files[`Doc_0/Res/${textContent(child(font, "ofd:FontFile")!)}`]!;
      const parsed = fontkit.create(Buffer.from(file)) as fontkit.Font;
      expect(parsed.familyName).toBe(font.attrs.FamilyName);
      for (const ch of chars) if (ch !== " ") expect(parsed.hasGlyphForCodePoint(ch.codePointAt(0)!), `${ch} in font ${id}`).toBe(true);
      // a subset: far smaller than the 10–15 MB face
      expect(file.length).toBeLessThan(2_000_000);
    }
    // body regular, body bold, heading, title, chart: bold marked both on the font and the text
    const boldFonts = [...ofd.fonts.values()].filter((f) => f.attrs.Bold === "true").map((f) => f.attrs.ID);
    const boldRun = ofd.pages[0]!.runs.find((r) => r.text === "76.09万人")!;
    expect(boldFonts).toContain(boldRun.font);
    expect(boldRun.object.attrs.Weight).toBe("700");
    expect(ofd.pages[0]!.runs.find((r) => r.text === "全年城镇新增就业")!.object.attrs.Weight).toBeUndefined();
  });

  it("gives each page the text of its lines, in reading order, the page number last", () => {
    const page1 = doc.pages[0]!.items.filter((i): i is LineItem => i.kind === "line").map((l) => l.text);
    expect(ofd.pages[0]!.lines).toEqual(page1);
    // page 2: the chart's words (axis labels, values) between the caption and the table, each where vega put it
    const lines2 = doc.pages[1]!.items.filter((i): i is LineItem => i.kind === "line").map((l) => l.text);
    const texts = ofd.pages[1]!.runs.map((r) => r.text);
    const chart = svgTexts(SVG);
    expect(chart.length).toBeGreaterThan(10);
    expect(texts).toEqual([lines2[0], lines2[1], ...chart, lines2[2], lines2[3]]);
    expect(ofd.pages.map((p) => p.runs.at(-1)!.text)).toEqual(["— 1 —", "— 2 —"]);
  });

  it("puts every character where the layout put it: its advance in its face plus the segment's spacing", () => {
    const justified = doc.pages[0]!.items[3] as LineItem;
    const run = ofd.pages[0]!.runs.find((r) => r.text === "城镇登记失业率为")!;
    let x = justified.x;
    const want = [...justified.segments[0]!.text].map((ch) => {
      const at = mm(x);
      x += textWidth(fonts.roles.body.regular, ch, 16) + 0.75;
      return at;
    });
    run.xs.forEach((got, i) => expect(Math.abs(got - want[i]!), `character ${i}`).toBeLessThan(0.0015));
    expect(Math.abs(run.baseline - mm(justified.baseline))).toBeLessThan(0.001);
    expect(run.size).toBeCloseTo(mm(16), 3);
    // the second segment starts where the layout said
    const pct = ofd.pages[0]!.runs.find((r) => r.text === "3.7%")!;
    expect(Math.abs(pct.x - mm(justified.x + justified.segments[1]!.x))).toBeLessThan(0.0015);
  });

  it("draws the chart as vector paths and text, no picture", () => {
    const page = ofd.pages[1]!.content;
    const all = allElements(page);
    expect(all.some((e) => e.name === "ofd:ImageObject")).toBe(false);
    const paths = all.filter((e) => e.name === "ofd:PathObject");
    // the white background, 5 gridlines and the x axis's domain line, 4 bars (the frame's and axes' background paths
    // draw nothing: no fill, no stroke); and the two table rules
    expect(paths.length).toBe(1 + 6 + 4 + 2);
    for (const p of paths) expect(textContent(child(p, "ofd:AbbreviatedData")!)).toMatch(/^M [-\d.]+ [-\d.]+( (L [-\d.]+ [-\d.]+|B( [-\d.]+){6}|Q( [-\d.]+){4}|A( [-\d.]+){7}|C|M [-\d.]+ [-\d.]+))*$/);
    // every chart object inside the picture's box (page mm), with a stroke's half width of give
    const [px, py, pw, ph] = [mm(79.37), mm(170), mm(442), mm(220)];
    for (const o of all.filter((e) => /ofd:(Path|Text)Object/.test(e.name))) {
      const [x, y, w, h] = o.attrs.Boundary!.split(" ").map(Number);
      if (y! < py - 1 || y! > py + ph) continue; // not the chart's
      expect(x!).toBeGreaterThanOrEqual(px - 0.5);
      expect(x! + w!).toBeLessThanOrEqual(px + pw + 0.5);
      expect(y! + h!).toBeLessThanOrEqual(py + ph + 0.5);
    }
    // a bar: filled in the theme's colour
    expect(paths.some((p) => child(p, "ofd:FillColor")?.attrs.Value === "74 118 168" || p.attrs.Fill === "true")).toBe(true);
  });

  it("puts shades in background layers and page furniture in foreground layers, in the items' order", () => {
    const layers = elements(child(ofd.pages[0]!.content, "ofd:Content"), "ofd:Layer");
    // title, heading, two lines; the shade; the line it lies behind; the page number
    expect(layers.map((l) => l.attrs.Type)).toEqual(["Body", "Background", "Body", "Foreground"]);
    const shade = elements(layers[1], "ofd:PathObject")[0]!;
    expect(shade.attrs).toMatchObject({ Fill: "true", Stroke: "false" });
    expect(child(shade, "ofd:FillColor")!.attrs.Value).toBe("217 217 217");
    expect(elements(layers[2], "ofd:TextObject").map((t) => textContent(child(t, "ofd:TextCode")!))).toEqual(["待补充的数字"]);
    // page 2: the rules above and below the table's row, the page number
    const layers2 = elements(child(ofd.pages[1]!.content, "ofd:Content"), "ofd:Layer");
    expect(layers2.map((l) => l.attrs.Type)).toEqual(["Body", "Foreground", "Body", "Foreground"]);
    const mmText = (pt: number) => String(Math.round(mm(pt) * 1000) / 1000);
    expect(elements(layers2[1], "ofd:PathObject").map((p) => p.attrs.LineWidth)).toEqual([mmText(1)]);
    expect(elements(layers2[3], "ofd:PathObject").map((p) => p.attrs.LineWidth)).toEqual([mmText(0.5)]);
    expect(elements(layers2[3], "ofd:TextObject").map((t) => textContent(child(t, "ofd:TextCode")!))).toEqual(["— 2 —"]);
  });

  it("has the outline: level-2 headings inside their level-1 heading, each going to its heading's page and top", () => {
    const top = elements(child(ofd.document, "ofd:Outlines"), "ofd:OutlineElem");
    expect(top.map((e) => e.attrs.Title)).toEqual(["一、就业", "二、社会保险"]);
    expect(elements(top[0], "ofd:OutlineElem").map((e) => e.attrs.Title)).toEqual(["（一）城镇就业"]);
    const dest = (e: (typeof top)[number]) => child(child(child(child(e, "ofd:Actions"), "ofd:Action"), "ofd:Goto"), "ofd:Dest")!.attrs;
    expect(dest(top[1]!)).toEqual({ Type: "XYZ", PageID: ofd.pages[1]!.id, Left: "0", Top: String(Math.round(mm(104.9) * 1000) / 1000) });
    expect(dest(elements(top[0], "ofd:OutlineElem")[0]!).PageID).toBe(ofd.pages[0]!.id);
  });

  it("gives the same bytes for the same inputs, in any time zone", async () => {
    expect(Buffer.compare(await writeOfd(ofdFixture(fonts), fonts, { date: DATE }), bytes)).toBe(0);
    const tz = process.env.TZ;
    try {
      // zip entry times are local fields (fflate): the package must not depend on where it is built
      for (const zone of ["Pacific/Kiritimati", "America/Los_Angeles"]) {
        process.env.TZ = zone;
        expect(Buffer.compare(await writeOfd(ofdFixture(fonts), fonts, { date: DATE }), bytes), zone).toBe(0);
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    expect(Buffer.compare(await writeOfd(ofdFixture(fonts), fonts, { date: new Date("2022-01-01T00:00:00Z") }), bytes)).not.toBe(0);
  });
});

/** pdftotext (poppler-utils) reads a PDF page's text in the order it is drawn (`-raw`). */
const poppler = spawnSync("pdftotext", ["-v"]).status === 0;
if (!poppler) console.warn("ofd: the comparison with the PDF's text skipped: pdftotext (poppler-utils) is missing");

describe.skipIf(!poppler).each([
  ["520000", "bulletin"],
  ["520300", "prefecture"],
])("%s-%s: the OFD of the build's pages", (region, report) => {
  it("has the PDF's pages, each with the PDF's text in the PDF's order", async () => {
    const fonts = loadFontProfile("default", join(ROOT, "fonts"));
    const read = readOfd(await RENDERERS.ofd(builtModel(region, report), fonts, { date: DATE }));
    const dir = mkdtempSync(join(tmpdir(), "bulletin-ofd-"));
    try {
      const pdf = join(dir, "doc.pdf");
      writeFileSync(pdf, builtFile(`${region}-${report}.pdf`));
      const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout)?.[1]);
      expect(read.pages.length).toBe(pages);
      // white space aside: pdftotext adds line breaks and spaces by its own measure
      const squeeze = (t: string) => t.replace(/\s+/g, "");
      const pdfText = read.pages.map((_, i) => squeeze(spawnSync("pdftotext", ["-raw", "-f", String(i + 1), "-l", String(i + 1), pdf, "-"], { encoding: "utf8" }).stdout));
      expect(read.pages.map((p) => squeeze(p.runs.map((r) => r.text).join("")))).toEqual(pdfText);
      expect(pdfText.every((t) => t.length > 0)).toBe(true);
      // the page number last on every page
      read.pages.forEach((p, i) => expect(p.runs.at(-1)!.text.replace(/\s+/g, "")).toMatch(new RegExp(`^—?${i + 1}—?$`)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("--format ofd", () => {
  it("builds the OFD as a format of the table: in the manifest, the year's index and the report's page links", async () => {
    const out = mkdtempSync(join(tmpdir(), "bulletin-ofd-build-"));
    try {
      const options = parseArgs(["--year", "2020", "--report", "prefecture", "--region", "520300", "--format", "html,ofd", "--out", out, "--fonts", "default"], ROOT) as BuildOptions;
      await build(ROOT, options, { start() {}, done() {} });
      const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { outputs: { format: string; path: string; bytes: number }[] };
      const entry = manifest.outputs.find((o) => o.format === "ofd")!;
      expect(entry.path).toMatch(/2020\/520300-prefecture\.ofd$/);
      const file = readFileSync(join(out, "2020", "520300-prefecture.ofd"));
      expect(entry.bytes).toBe(file.length);
      expect(readOfd(file).pages.length).toBeGreaterThan(1);
      expect(readFileSync(join(out, "2020", "index.html"), "utf8")).toContain('href="520300-prefecture.ofd"');
      expect(readFileSync(join(out, "2020", "520300-prefecture.html"), "utf8")).toMatch(/<a href="520300-prefecture\.ofd" type="application\/ofd"[^>]*>OFD（版式文档），/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("SVG path data → OFD abbreviated data", () => {
  it("reads absolute and relative commands, implicit lines, H/V, S/T reflections, compact arc flags and Z", () => {
    expect(abbreviated(parsePath("M0,0h409v182h-409Z"), 0, 0)).toBe("M 0 0 L 409 0 L 409 182 L 0 182 C");
    expect(abbreviated(parsePath("m10 10 5 0 0 5z"), 0, 0)).toBe("M 10 10 L 15 10 L 15 15 C");
    expect(abbreviated(parsePath("M0 0C1 2 3 4 5 6S9 10 11 12"), 0, 0)).toBe("M 0 0 B 1 2 3 4 5 6 B 7 8 9 10 11 12");
    expect(abbreviated(parsePath("M0 0Q1 1 2 0T4 0"), 0, 0)).toBe("M 0 0 Q 1 1 2 0 Q 3 -1 4 0");
    expect(abbreviated(parsePath("M0,0a5,5 0 011,1"), 0, 0)).toBe("M 0 0 A 5 5 0 0 1 1 1");
    expect(abbreviated(parsePath("M1e1,-.5.5.5"), 0, 0)).toBe("M 10 -0.5 L 0.5 0.5");
    expect(() => parsePath("M0 0 X1 1")).toThrow(/command X not understood/);
  });

  it("moves points through SVG transforms, relative to an object's origin", () => {
    const m = parseTransform("translate(31,21) scale(2)");
    expect(abbreviated(transform(parsePath("M1 1L2 3"), m), 30, 20)).toBe("M 3 3 L 5 7");
    // a quarter turn: an arc's angle turns with it; a reflection turns its sweep round
    const [arc] = transform(parsePath("M0 0A2 1 0 0 1 4 0"), parseTransform("rotate(90)")).slice(1);
    expect(arc).toMatchObject({ op: "A", angle: 90, sweep: 1 });
    expect(transform(parsePath("M0 0A2 2 0 0 1 4 0"), [1, 0, 0, -1, 0, 0])[1]).toMatchObject({ sweep: 0 });
    expect(() => transform(parsePath("M0 0A2 2 0 0 1 4 0"), [2, 0, 0, 1, 0, 0])).toThrow(/non-uniform/);
  });
});

describe("chart text", () => {
  it("anchors text by its measured width, sets bold in the chart's bold face, and turns turned text by a CTM", () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50"><g transform="translate(5,0)"><text x="45" y="20" text-anchor="end" font-size="10" font-weight="bold" fill="#333333">右对齐</text><text transform="translate(10,40) rotate(-90)" font-size="10" fill="#333333">竖</text></g></svg>`;
    const ids = new Ids();
    const resources = new FontResources(ids);
    const out = svgObjects({ kind: "picture", role: "figure", x: 72, top: 72, width: 100, height: 50, svg, alt: "" }, ids, fonts, resources).map((x) => parseXml(x.replace(/^<ofd:(\w+)/, `<ofd:$1 xmlns:ofd="http://www.ofdspec.org/2016"`), "object"));
    expect(out.map((o) => o.name)).toEqual(["ofd:TextObject", "ofd:TextObject"]);
    const [end, turned] = out as [ReturnType<typeof parseXml>, ReturnType<typeof parseXml>];
    // right end at x 50 of the SVG (45 + the group's 5), one inch from the page's edge: 25.4 + 50 pt in mm
    const [bx] = end.attrs.Boundary!.split(" ").map(Number);
    const code = child(end, "ofd:TextCode")!;
    const width = textWidth(fonts.roles.chart.bold, "右对齐", 10);
    expect(bx! + Number(code.attrs.X)).toBeCloseTo(mm(72 + 50 - width), 2);
    expect(end.attrs.Weight).toBe("700");
    expect(Number(code.attrs.Y) + Number(end.attrs.Boundary!.split(" ")[1])).toBeCloseTo(mm(72 + 20), 3);
    // turned a quarter: the CTM's linear part is the rotation at the page's scale, the text in its own space
    const ctm = turned.attrs.CTM!.split(" ").map(Number);
    expect(ctm.slice(0, 4).map((v) => Math.round(v * 1000) / 1000)).toEqual([0, -0.353, 0.353, 0].map((v) => Math.round(v * 1000) / 1000));
    expect(child(turned, "ofd:TextCode")!.attrs).toMatchObject({ X: "0", Y: "0" });
    expect(turned.attrs.Weight).toBeUndefined();
  });
});
