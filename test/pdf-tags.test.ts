/**
 * The PDF's tag tree (src/render/pdf/draw.ts, issue 24: PDF/UA-1 in structure), read back with pdf.js
 * (`getStructTree`, marked content in the text content): the reading order of the structure elements, their types
 * against the model (Title, H1 for 一、, H2 for （一） — run-in headings too —, P, Table with TR/TH/TD and the
 * header cells' scope, Figure with alternative text, Caption, Note), and every piece of text either inside a
 * structure element's marked content or an artifact (page numbers).
 */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadFontProfile } from "../src/fonts/profile.js";
import { presentDocument } from "../src/present/present.js";
import { builtFile, builtModel } from "./support/built.js";
import { ROOT } from "./support/dataset.js";

const fonts = loadFontProfile("default", join(ROOT, "fonts"));

interface Node {
  readonly role?: string;
  readonly alt?: string;
  readonly type?: string;
  readonly children?: readonly Node[];
}

const REPORTS = [
  { region: "520000", report: "bulletin" },
  { region: "520300", report: "prefecture" },
];

async function read(region: string, report: string) {
  const data = builtFile(`${region}-${report}.pdf`);
  const doc = await getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise;
  const trees: Node[] = [];
  const unmarked: string[] = [];
  const artifacts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    trees.push((await page.getStructTree()) as Node);
    const content = await page.getTextContent({ includeMarkedContent: true });
    // The marked content open around each text item: a structure element's (an id), or an artifact.
    const open: string[] = [];
    for (const item of content.items as { type?: string; tag?: string; id?: string; str?: string }[]) {
      if (item.type === "beginMarkedContent" || item.type === "beginMarkedContentProps") open.push(item.id ? "structure" : (item.tag ?? ""));
      else if (item.type === "endMarkedContent") open.pop();
      else if (item.str?.trim()) {
        if (open.includes("Artifact")) artifacts.push(item.str);
        else if (!open.includes("structure")) unmarked.push(`p${n}: ${item.str}`);
      }
    }
  }
  return { data, doc, trees, unmarked, artifacts, markInfo: await doc.getMarkInfo() };
}

/** The document's structure elements in reading order (pages in order; one element continued on a page is listed again). */
function elements(trees: readonly Node[]): Node[] {
  const out: Node[] = [];
  const walk = (x: Node): void => {
    if (x.role && x.role !== "Root" && x.role !== "Document") out.push(x);
    for (const c of x.children ?? []) if (!c.type) walk(c);
  };
  trees.forEach(walk);
  return out;
}

describe.each(REPORTS)("the tag tree of $region $report", ({ region, report }) => {
  it("is marked, and every piece of text is a structure element's or an artifact (the page numbers)", async () => {
    const { markInfo, unmarked, artifacts, doc } = await read(region, report);
    expect(markInfo?.Marked).toBe(true);
    expect(unmarked).toEqual([]);
    const numbers = artifacts.filter((s) => /^—\s*\d+\s*—$/.test(s.trim()));
    expect(numbers).toHaveLength(doc.numPages);
  });

  it("has the model's headings as H1 and H2 (run-in ones too), in order, the title as /Title, and no text outside Document", async () => {
    const { trees, data } = await read(region, report);
    // The headings the presentation stage outlines (a prefecture report's quoted passages keep their run-in
    // style but are not its headings).
    const presented = presentDocument(builtModel(region, report), fonts);
    const expected = presented.blocks.flatMap((b) => (b.kind === "paragraph" && b.outline ? [b.outline.level === 1 ? "H1" : "H2"] : []));
    if (report === "bulletin") expect(expected).toContain("H2");
    expect(expected.length).toBeGreaterThan(0);
    const found = elements(trees).map((e) => e.role).filter((r) => r === "H1" || r === "H2");
    expect(found).toEqual(expected);
    // The title keeps its own type in the file (role-mapped to P for PDF 1.7 readers, as pdf.js reports it).
    const raw = data.toString("latin1");
    expect(raw).toMatch(/\/S \/Title\b/);
    expect(raw).toMatch(/\/RoleMap <<\s*\/Title \/P\s*>>/);
    for (const t of trees) expect(t.children?.map((c) => c.role)).toEqual(["Document"]);
  });

  it("tags tables as Table, TR, TH (scoped to their column) and TD, with their caption, and figures with alternative text and a caption", async () => {
    const { trees, data } = await read(region, report);
    const model = builtModel(region, report);
    const all = elements(trees);
    const tables = all.filter((e) => e.role === "Table");
    const modelTables = model.blocks.filter((b) => b.type === "table");
    expect(tables.length).toBeGreaterThanOrEqual(modelTables.length);
    for (const t of tables) {
      const rows = (t.children ?? []).filter((c) => c.role === "TR");
      if (rows.length === 0) continue; // a table's caption alone at a page's foot
      for (const row of rows) for (const cell of row.children ?? []) expect(["TH", "TD"]).toContain(cell.role);
    }
    const headers = tables.flatMap((t) => (t.children ?? []).filter((c) => c.role === "TR").flatMap((r) => (r.children ?? []).filter((c) => c.role === "TH")));
    expect(headers.length).toBeGreaterThanOrEqual(modelTables.reduce((n, t) => n + (t.type === "table" ? t.header.length : 0), 0));
    expect(data.toString("latin1")).toMatch(/\/S \/TH\s*\/A <<\s*\/O \/Table\s*\/Scope \/Column\s*>>/);
    const figures = all.filter((e) => e.role === "Figure");
    const modelFigures = model.blocks.filter((b) => b.type === "figure");
    expect(figures).toHaveLength(modelFigures.length);
    // The alternative text is what the web page's <desc> says: the chart described by its data.
    const described = presentDocument(model, fonts).blocks.flatMap((b) => (b.kind === "figure" ? [b.description] : []));
    expect(figures.map((f) => f.alt)).toEqual(described);
    for (const alt of described) expect(alt).toMatch(/。$/);
    expect(all.filter((e) => e.role === "Caption").length).toBe(modelFigures.length + modelTables.length);
  });
});
