/**
 * One page profile for every format: the same small document (test/fixtures/docx/synthetic.ts) rendered under the
 * default profile (GB/T 9704-2012) and under a second one (test/fixtures/page-profile: 20 mm margins, a 30 × 34 grid,
 * a 四号 body, 小四 captions, 五号 tables), given the way a user gives it — a report kind's report.yaml `page:` — and
 * each format's page setup read back: the DOCX's section and styles, the HTML's print and screen CSS, the PDF's
 * paper and left margin.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../src/errors.js";
import { loadFontProfile, type FontProfile } from "../src/fonts/profile.js";
import { confinedTo } from "../src/io/project-path.js";
import type { DocModel } from "../src/model/types.js";
import { loadPageProfile } from "../src/present/profile-file.js";
import { DEFAULT_PROFILE_DATA, PAGE_PROFILE, pageProfileOf, type PageProfile } from "../src/present/profile.js";
import { RENDERERS } from "../src/render/index.js";
import { discoverKinds } from "../src/template/kinds.js";
import { SYNTHETIC_DATE, syntheticModel } from "./fixtures/docx/synthetic.js";
import { readPdf } from "./support/pdf.js";

const ROOT = join(import.meta.dirname, "..");
const TEMPLATES = join(import.meta.dirname, "fixtures/page-profile/templates");
const display = (f: string) => relative(ROOT, f);

const attr = (element: string, name: string): number => Number(new RegExp(`\\bw:${name}="([^"]*)"`).exec(element)?.[1]);
const element = (xml: string, name: string): string => new RegExp(`<${name}\\b[^>]*/?>`).exec(xml)?.[0] ?? "";
const style = (styles: string, id: string): string => new RegExp(`<w:style\\b[^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles)?.[0] ?? "";
const twips = (pt: number) => Math.round(pt * 20);

interface Rendered {
  readonly profile: PageProfile;
  readonly document: string;
  readonly styles: string;
  readonly html: string;
  readonly pdf: Awaited<ReturnType<typeof readPdf>>;
}

let fonts: FontProfile;
let narrow: PageProfile;
const rendered: Record<"default" | "narrow", Rendered> = {} as never;

async function render(model: DocModel): Promise<Rendered> {
  const zip = await JSZip.loadAsync(await RENDERERS.docx(model, fonts, { date: SYNTHETIC_DATE }));
  return {
    profile: pageProfileOf(model.meta),
    document: await zip.file("word/document.xml")!.async("string"),
    styles: await zip.file("word/styles.xml")!.async("string"),
    html: (await RENDERERS.html(model, fonts, { date: SYNTHETIC_DATE })).toString("utf8"),
    pdf: await readPdf(await RENDERERS.pdf(model, fonts, { date: SYNTHETIC_DATE })),
  };
}

beforeAll(async () => {
  fonts = loadFontProfile("default", "fonts");
  // The second profile as a user gives it: report.yaml `page: page.yaml`, read with the kind.
  const kind = discoverKinds(TEMPLATES, display, confinedTo(ROOT)).get("narrow")!;
  expect(kind.page?.name).toBe("Test A4, 20 mm margins");
  const model = syntheticModel();
  narrow = pageProfileOf({ pageProfile: kind.page! });
  rendered.default = await render(model);
  rendered.narrow = await render({ ...model, meta: { ...model.meta, pageProfile: kind.page! } });
}, 120_000);

describe("the second profile", () => {
  it("differs from the default in every figure the formats are checked for", () => {
    const p = PAGE_PROFILE;
    expect([narrow.margin.top, narrow.margin.left, narrow.grid.lines, narrow.grid.chars]).not.toEqual([p.margin.top, p.margin.left, p.grid.lines, p.grid.chars]);
    for (const kind of ["body", "title", "caption", "tableText", "pageNumber"] as const) expect(narrow.text[kind].size, kind).not.toBe(p.text[kind].size);
    expect(narrow.text.caption.size).toBe(12);
    expect(narrow.margin.top / (72 / 25.4)).toBeCloseTo(20, 6);
  });
});

describe.each(["default", "narrow"] as const)("under the %s profile", (name) => {
  it("the DOCX's section has the profile's paper, margins, line grid and page-number place", () => {
    const { document, profile: p } = rendered[name];
    const size = element(document, "w:pgSz");
    const margin = element(document, "w:pgMar");
    expect([attr(size, "w"), attr(size, "h")]).toEqual([twips(p.page.width), twips(p.page.height)]);
    expect([attr(margin, "top"), attr(margin, "right"), attr(margin, "bottom"), attr(margin, "left")]).toEqual([p.margin.top, p.margin.right, p.margin.bottom, p.margin.left].map(twips));
    // The grid line fits grid.lines into the type area as the rounded margins leave it.
    const pitch = attr(element(document, "w:docGrid"), "linePitch");
    expect(pitch * p.grid.lines).toBeLessThanOrEqual(twips(p.typeArea.height) + 1);
    expect((pitch + 1) * p.grid.lines).toBeGreaterThan(twips(p.typeArea.height) - 1);
    // The footer's one line sits `belowTypeArea` under the type area: within its em box of the bottom margin.
    const footer = attr(margin, "footer") / 20;
    expect(footer).toBeLessThan(p.margin.bottom - p.pageNumber.belowTypeArea);
    expect(footer).toBeGreaterThan(p.margin.bottom - p.pageNumber.belowTypeArea - 2 * p.text.pageNumber.size);
  });

  it("the DOCX's styles have the profile's sizes, pitches, indents, tracking, cell padding and rules", () => {
    const { styles, profile: p } = rendered[name];
    const t = p.text;
    const sz = (id: string) => attr(element(style(styles, id), "w:sz"), "val") / 2;
    const line = (id: string) => attr(element(style(styles, id), "w:spacing"), "line") / 20;
    expect(sz("Normal")).toBe(t.body.size);
    expect(sz("Title")).toBe(t.title.size);
    expect(sz("Heading1")).toBe(t.heading1.size);
    expect(sz("Caption")).toBe(t.caption.size);
    expect(sz("TableText")).toBe(t.tableText.size);
    expect(sz("TableHeading")).toBe(t.tableHeader.size);
    expect(sz("UnitLine")).toBe(t.unit.size);
    expect(sz("TableNote")).toBe(t.note.size);
    expect(sz("Footer")).toBe(t.pageNumber.size);
    expect(line("Title")).toBeCloseTo(t.title.pitch, 1);
    expect(line("TableText")).toBeCloseTo(t.tableText.pitch, 1);
    expect(line("TableNote")).toBeCloseTo(t.note.pitch, 1);
    expect(Math.abs(line("Normal") - p.linePitch)).toBeLessThan(0.1); // the grid line, rounded down
    // Title: a body line below; the first-line indent: two characters of the profile's pitch.
    expect(attr(element(style(styles, "Title"), "w:spacing"), "after") / 20).toBeCloseTo(t.title.spaceAfter, 0);
    expect(attr(element(style(styles, "Normal"), "w:ind"), "firstLine")).toBe(twips(t.body.firstLineIndent));
    expect(attr(element(style(styles, "Signature"), "w:ind"), "right")).toBe(twips(t.signature.rightIndent));
    // Tracking that fits grid.chars body characters to the type area's width (rounded down to whole twips).
    const tracking = attr(/<w:spacing w:val="(-?\d+)"/.exec(style(styles, "Normal"))![0], "val");
    expect(p.grid.chars * (t.body.size + tracking / 20)).toBeLessThanOrEqual(p.typeArea.width);
    expect(p.grid.chars * (t.body.size + (tracking + 1) / 20)).toBeGreaterThan(p.typeArea.width - 1);
    const table = style(styles, "BulletinTable");
    expect(attr(element(table, "w:top"), "sz")).toBe(p.table.rule * 8);
    expect(attr(element(/<w:tblCellMar>[\s\S]*?<\/w:tblCellMar>/.exec(table)![0], "w:left"), "w")).toBe(twips(p.table.cellPadding.horizontal));
    expect(attr(element(/<w:tblCellMar>[\s\S]*?<\/w:tblCellMar>/.exec(table)![0], "w:top"), "w")).toBe(twips(p.table.cellPadding.vertical));
  });

  it("the DOCX's blocks are spaced as presented: the table's and the figure's space around, the note's before", () => {
    const { document, profile: p } = rendered[name];
    const caption = /<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:pStyle w:val="Caption"\/>(?:(?!<\/w:p>)[\s\S])*?SEQ 表/.exec(document)![0];
    expect(attr(element(caption, "w:spacing"), "before")).toBe(twips(p.table.around));
    const note = /<w:pStyle w:val="TableNote"\/>\s*<w:spacing [^>]*>/.exec(document)![0];
    expect(attr(element(note, "w:spacing"), "before")).toBe(twips(p.text.note.spaceBefore));
    expect(attr(element(note, "w:spacing"), "after")).toBe(twips(p.table.around));
    // The figure's unit line (or, without one, its picture) has the space before; its caption the space after.
    const unit = /<w:pStyle w:val="UnitLine"\/>\s*<w:keepNext\/>\s*<w:spacing [^>]*>(?=(?:(?!<w:pStyle)[\s\S])*<w:pStyle w:val="Figure")/.exec(document)![0];
    expect(attr(element(unit, "w:spacing"), "before")).toBe(twips(p.figure.around));
    const picture = /<w:drawing>[\s\S]*?<w:pStyle w:val="Caption"\/>\s*<w:keepLines\/>\s*<w:spacing [^>]*>/.exec(document)![0];
    expect(attr(element(picture.slice(picture.lastIndexOf("<w:spacing")), "w:spacing"), "after")).toBe(twips(p.figure.around));
  });

  it("the HTML prints on the profile's page, in its sizes, pitches, indents, cell padding and rules", () => {
    const { html, profile: p } = rendered[name];
    const t = p.text;
    const pt = (n: number) => `${Number(n.toFixed(2))}pt`;
    expect(html).toContain(`@page { size: ${pt(p.page.width)} ${pt(p.page.height)}; margin: ${pt(p.margin.top)} ${pt(p.margin.right)} ${pt(p.margin.bottom)} ${pt(p.margin.left)}; }`);
    expect(html).toContain(`content: "— " counter(page) " —"; font: ${pt(t.pageNumber.size)}/1`);
    expect(html).toContain(`padding-top: ${pt(p.pageNumber.belowTypeArea)}; margin-right: ${pt(p.pageNumber.inset)};`);
    const print = html.slice(html.indexOf("@media print"));
    expect(print).toContain(`body { font: ${pt(t.body.size)}/${pt(t.body.pitch)} `);
    expect(print).toContain(`letter-spacing: ${pt(p.charPitch - t.body.size)};`);
    expect(print).toContain(`p, .para { margin: 0; text-indent: ${pt(t.body.firstLineIndent)};`);
    expect(print).toContain(`h1 { font: 400 ${pt(t.title.size)}/${pt(t.title.pitch)} `);
    expect(print).toContain(`caption, figcaption { font-size: ${pt(t.caption.size)}; line-height: ${pt(t.caption.pitch)};`);
    expect(print).toContain(`table { font-size: ${pt(t.tableText.size)}; line-height: ${pt(t.tableText.pitch)};`);
    expect(print).toContain(`th, td { padding: ${pt(p.table.cellPadding.vertical)} ${pt(p.table.cellPadding.horizontal)}; border: ${pt(p.table.rule)} solid #000; }`);
    expect(print).toContain(`.table-block { margin: ${pt(p.table.around)} 0; }`);
    expect(print).toContain(`figure { margin: ${pt(p.figure.around)} 0; }`);
    expect(print).toContain(`.notes p { font-size: ${pt(t.note.size)}; line-height: ${pt(t.note.pitch)}; margin: ${pt(t.note.spaceBefore)} 0 0;`);
  });

  it("the HTML's screen sizes are the profile's, as ratios to the body size (17 px)", () => {
    const { html, profile: p } = rendered[name];
    const t = p.text;
    const screen = html.slice(html.indexOf("<style>"), html.indexOf("@page"));
    const em = (n: number) => `${Number(Math.max(n, 12 / 17).toFixed(3))}em`;
    expect(screen).toContain(`h1 { font: 700 ${em(t.title.size / t.body.size)}/`);
    expect(screen).toContain(`figcaption { font: 700 ${em(t.caption.size / t.body.size)}/`);
    expect(screen).toContain(`table { border-collapse: collapse; width: 100%; font-size: ${em(t.tableText.size / t.body.size)};`);
  });

  it("the PDF is on the profile's paper, its text from the left margin", () => {
    const { pdf, profile: p } = rendered[name];
    for (const page of pdf.pages) expect([page.width, page.height].map(Math.round)).toEqual([p.page.width, p.page.height].map(Math.round));
    // The table's note is set unindented: the leftmost text of the document starts at the left margin.
    const left = Math.min(...pdf.pages.flatMap((page) => page.lines.map((l) => l.x)));
    expect(left).toBeCloseTo(p.margin.left, 0);
  });
});

describe("the DOCX's keep rules (Word paginates for itself)", () => {
  it("widow control on in the document defaults; no table row split; the header repeated; a picture kept with its caption", () => {
    const { styles, document } = rendered.default;
    expect(/<w:pPrDefault><w:pPr>([\s\S]*?)<\/w:pPr>/.exec(styles)?.[1]).toContain("<w:widowControl/>");
    const rows = [...document.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row).toContain("<w:cantSplit/>");
    expect(rows[0]).toContain("<w:tblHeader/>");
    expect(style(styles, "Figure")).toMatch(/<w:keepNext\/><w:keepLines\/>/);
    expect(style(styles, "Caption")).toContain("<w:keepLines/>");
  });
});

describe("a kind's page profile file", () => {
  const write = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), "page-profile-"));
    writeFileSync(join(dir, "page.yaml"), text);
    return { file: join(dir, "page.yaml"), where: confinedTo(dir) };
  };
  const problem = (text: string) => {
    const { file, where } = write(text);
    try {
      loadPageProfile(file, "templates/x/page.yaml", where);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as Error).message;
    }
    throw new Error("no error");
  };

  it("keeps every field of the default it does not give", () => {
    const { file, where } = write("name: only the margins\nmargin: { top: 30, bottom: 42 }\n");
    const data = loadPageProfile(file, "page.yaml", where);
    expect(data.margin).toEqual({ ...DEFAULT_PROFILE_DATA.margin, top: 30, bottom: 42 });
    expect(data.text).toEqual(DEFAULT_PROFILE_DATA.text);
    expect(data.lines.units).toEqual(DEFAULT_PROFILE_DATA.lines.units);
  });

  it("names the file, line, field and fix of a mistake", () => {
    expect(problem("name: x\nmargins: { top: 30 }\n")).toMatch(/templates\/x\/page\.yaml: line 2: margins: unknown field/);
    expect(problem("name: x\ntext:\n  caption: { size: 小三 }\n")).toMatch(/text\.caption\.size: unknown size "小三"\n\s+fix: use one of 二号, 三号/);
    expect(problem("name: x\nmargin: { top: 20 }\n")).toMatch(/typeArea\.height: margin\.top \+ typeArea\.height \+ margin\.bottom is 280 mm, the page is 297 mm/);
    expect(problem("name: x\ngrid: { lines: -3 }\n")).toMatch(/line 2: grid\.lines/);
    expect(problem("margin: { top: 37 }\n")).toMatch(/name/);
  });

  it("is a file in the kind's folder, named in report.yaml", () => {
    const dir = mkdtempSync(join(tmpdir(), "page-kind-"));
    mkdirSync(join(dir, "x"));
    writeFileSync(join(dir, "x", "report.yaml"), "regions: province\ntemplates: [a.md.hbs]\npage: ../page.yaml\n");
    expect(() => discoverKinds(dir, (f) => relative(dir, f), confinedTo(dir))).toThrow(/x\/report\.yaml: line 3: page: the page profile is a \.yaml or \.json file in the kind's folder/);
  });
});
