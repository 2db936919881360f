/**
 * Draft mode: figures not published yet and unknown metadata show as shaded 待补充 marks in the model, the
 * PDF and the DOCX, and are listed in out/<year>/gaps.csv; without --draft the build stops with one error
 * listing every gap, each with its template file and line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { UserError } from "../src/errors.js";
import type { DocModel, Run } from "../src/model/types.js";
import { edit, ROOT } from "./support/dataset.js";
import { scratchProject } from "./support/project.js";
import { scaffoldYear } from "../src/year/scaffold.js";
import { readPdf, pageTexts } from "./support/pdf.js";
import { docxParts } from "./support/docx.js";
import { presentDocument } from "../src/present/present.js";
import type { PresentedParagraph, PresentedRun, PresentedTable } from "../src/present/types.js";
import { loadFontProfile } from "../src/fonts/profile.js";

const textOf = (runs: readonly PresentedRun[]): string => runs.map((r) => r.text).join("");

const quiet = { start() {}, done() {} };

/** 2020 with two figures not published yet (empty value, no note) and the 发文字号 unknown. */
function draftProject(): string {
  const root = scratchProject();
  edit(join(root, "data/2020/indicators/01-employment.csv"), "employment.urban_new_jobs,520000,61.64,万人,", "employment.urban_new_jobs,520000,,万人,");
  edit(join(root, "data/2020/indicators/06-wages.csv"), /^(wages\.avg_wage_on_post,520000,)\d+,/m, "$1,");
  edit(join(root, "templates/bulletin/2020/document.yaml"), /docNumber:\n(  .*\n){3}/, "docNumber: unknown\n");
  return root;
}

describe("without --draft", () => {
  it("stops with one error listing every gap, each with its template file and line", async () => {
    const root = draftProject();
    // 遵义's pension not filled in yet: its brief (templates/prefecture/) shows the figure from its data row.
    edit(join(root, "data/2020/indicators/07-social-security.csv"), "social.pension_monthly_avg,520300,2316,", "social.pension_monthly_avg,520300,,");
    const error = await build(root, parseArgs(["--check", "--fonts", "default"], root) as BuildOptions, quiet).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    const where = (error as UserError).problems.map((p) => `${p.file}:${p.line} ${p.message}`);
    // The employment text is shared by the bulletin and the nine prefecture reports: listed once per place.
    expect(where).toEqual(
      expect.arrayContaining([
        "templates/bulletin/2020/01-employment.md.hbs:3 employment.urban_new_jobs (城镇新增就业人数) is not published yet",
        "templates/bulletin/2020/document.yaml:4 document.docNumber (发文字号) is not published yet",
        "templates/charts/employment.vl.json:8 employment.urban_new_jobs (城镇新增就业人数) is not published yet",
      ]),
    );
    expect(where.filter((w) => w.includes("wages.avg_wage_on_post")).length).toBeGreaterThanOrEqual(3); // text, table, chart
    expect(new Set(where).size).toBe(where.length);
    // A figure a brief reads from the data (no template helper names it) is located at its data row; the
    // briefs' gaps are listed with the others, before anything is composed.
    expect(where).toContain("data/2020/indicators/07-social-security.csv:50 social.pension_monthly_avg (企业离退休人员月人均基本养老金) is not published yet");
    expect((error as UserError).message.split("\n").filter((l) => /^(templates|data)\//.test(l)).length).toBe(where.length);
  }, 60_000);
});

describe("--draft", () => {
  let out: string;
  let model: DocModel;
  beforeAll(async () => {
    const root = draftProject();
    out = join(root, "out");
    const result = await build(root, parseArgs(["--draft", "--region", "520000", "--fonts", "default", "--emit", "model", "--jobs", "1", "--progress", "quiet"], root) as BuildOptions, quiet);
    expect(result.gaps.length).toBeGreaterThan(3);
    model = JSON.parse(readFileSync(join(out, "2020/520000-bulletin.model.json"), "utf8")) as DocModel;
  }, 120_000);

  it("marks each gap in the model as a Run of style gap with the indicator's id and label", () => {
    const runs = model.blocks.flatMap((b) => (b.type === "paragraph" ? b.runs : [])).filter((r: Run) => r.style === "gap");
    expect(runs).toContainEqual({ text: "【待补充：城镇新增就业人数】", style: "gap", ref: "employment.urban_new_jobs" });
    expect(runs).toContainEqual({ text: "【待补充：城镇单位在岗职工年平均工资】", style: "gap", ref: "wages.avg_wage_on_post" });
    expect(model.blocks[0]).toMatchObject({ type: "docNumber", text: "【待补充：发文字号】" });
    const wages = model.blocks.find((b) => b.type === "table" && b.caption.includes("年平均工资"));
    expect(wages?.type === "table" && wages.rows[0]).toEqual(["贵州省", expect.stringMatching(/^\d+$/), "【待补充：城镇单位在岗职工年平均工资】"]);
    // The chart of figures not all published is not drawn from part of them: a marked line instead.
    expect(model.blocks.some((b) => b.type === "figure" && b.chart === "employment")).toBe(false);
  });

  it("shades the marks in the presented document everywhere they stand: running text, table cells, the 发文字号", () => {
    const doc = presentDocument(model, loadFontProfile("default", join(ROOT, "fonts"), (f) => f));
    const gapRuns = (runs: readonly PresentedRun[]): string[] => runs.filter((r) => r.gap).map((r) => r.text);
    const paragraphs = doc.blocks.filter((b): b is PresentedParagraph => b.kind === "paragraph");
    expect(gapRuns(paragraphs.find((p) => p.style === "docNumber")!.runs)).toEqual(["【待补充：发文字号】"]);
    expect(paragraphs.flatMap((p) => gapRuns(p.runs))).toContain("【待补充：城镇新增就业人数】");
    const wages = doc.blocks.find((b): b is PresentedTable => b.kind === "table" && textOf(b.caption.runs).includes("年平均工资"))!;
    expect(wages.rows.flat().flatMap((c) => gapRuns(c.runs))).toEqual(["【待补充：城镇单位在岗职工年平均工资】"]);
    // A table cell's mark names its indicator, and its figures their indicator and region (provenance).
    expect(wages.rows.flat().flatMap((c) => c.runs.filter((r) => r.gap).map((r) => r.ref))).toEqual(["wages.avg_wage_on_post"]);
    expect(wages.rows[1]![1]!.runs).toEqual([expect.objectContaining({ text: expect.stringMatching(/^\d+$/), ref: "wages.avg_wage_employed", region: "520000" })]);
  });

  it("shows the marks in the PDF, shaded", async () => {
    const data = readFileSync(join(out, "2020/520000-bulletin.pdf"));
    const text = pageTexts(await readPdf(data)).join("\n").replace(/\s+/g, "");
    expect(text).toContain("全省城镇新增就业【待补充：城镇新增就业人数】");
    expect(text).toContain("【待补充：发文字号】");
    expect(text).not.toContain("61.64");
    // pdfmake draws an inline's background as a filled rectangle in the shade's colour (0.851 = 0xD9/255).
    const { inflateSync } = await import("node:zlib");
    const streams = [...data.toString("latin1").matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((m) => {
      try {
        return inflateSync(Buffer.from(m[1]!, "latin1")).toString("latin1");
      } catch {
        return "";
      }
    });
    expect(streams.some((s) => /0\.85098\d* 0\.85098\d* 0\.85098\d* (scn|rg)/.test(s))).toBe(true);
  });

  it("shows the marks in the DOCX, shaded", async () => {
    const xml = (await docxParts(readFileSync(join(out, "2020/520000-bulletin.docx")))).get("word/document.xml")!;
    const run = '<w:r><w:rPr><w:shd w:fill="D9D9D9" w:color="auto" w:val="clear"/></w:rPr><w:t xml:space="preserve">【待补充：城镇新增就业人数】</w:t></w:r>';
    expect(xml.includes(run)).toBe(true);
    expect(xml.includes('<w:t xml:space="preserve">【待补充：发文字号】</w:t>')).toBe(true);
  });

  it("lists the gaps beside the outputs", () => {
    const csv = readFileSync(join(out, "2020/gaps.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("file,line,id,label");
    expect(csv).toContain("templates/bulletin/2020/01-employment.md.hbs,3,employment.urban_new_jobs,城镇新增就业人数");
    expect(csv).toContain("templates/bulletin/2020/document.yaml,4,document.docNumber,发文字号");
    expect(existsSync(join(out, "2020/520000-bulletin.docx"))).toBe(true);
  });
});

describe("--draft with a chart none of whose figures is published", () => {
  // A synthetic year (made by the tool's own scaffold from 2020: every figure to fill in) in which the figures
  // of the employment chart are not published at all (each row says why in its note): no figure to draw.
  let root: string;
  beforeAll(async () => {
    root = scratchProject();
    await scaffoldYear(root, 2021, { from: 2020 });
    const chart = ["employment.urban_new_jobs", "employment.unemployed_reemployed", "employment.hard_to_employ_employed", "employment.rural_labor_transfer"];
    for (const id of chart) edit(join(root, "data/2021/indicators/01-employment.csv"), new RegExp(`^(${id.replace(".", "\\.")},520000,,[^,]*,,,,[^,]*,[^,]*,)(,)`, "m"), "$1本年起不再公布$2");
  }, 120_000);

  it("draws the chart's 待补充 mark, each figure a gap at its line in the chart spec", async () => {
    const result = await build(root, parseArgs(["--draft", "--check", "--year", "2021", "--region", "520000", "--report", "bulletin", "--fonts", "default"], root) as BuildOptions, quiet);
    const chartGaps = result.gaps.filter((g) => g.file === "templates/charts/employment.vl.json").map((g) => `${g.line} ${g.id}`);
    expect(chartGaps).toEqual(["8 employment.urban_new_jobs", "9 employment.unemployed_reemployed", "10 employment.hard_to_employ_employed", "11 employment.rural_labor_transfer"]);
  }, 120_000);

  it("without --draft, stops with the chart's figures among the gaps", async () => {
    const error = await build(root, parseArgs(["--check", "--year", "2021", "--region", "520000", "--report", "bulletin", "--fonts", "default"], root) as BuildOptions, quiet).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain("templates/charts/employment.vl.json: line 8: employment.urban_new_jobs (城镇新增就业人数) is not published yet");
  }, 120_000);
});

describe("the command line", () => {
  const run = (root: string, args: string[]): { status: number | null; stderr: string } => {
    const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, CI: "true" } });
    return { status: r.status, stderr: r.stderr };
  };

  it("exits 2 listing every gap without --draft, 0 with it, the list on the console both times", () => {
    const root = draftProject();
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    const strict = run(root, ["--check", "--fonts", "default", "--report", "bulletin", "--progress", "quiet"]);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/^error: \d+ problems\n/);
    expect(strict.stderr).toContain("templates/bulletin/2020/01-employment.md.hbs: line 3: employment.urban_new_jobs (城镇新增就业人数) is not published yet");
    expect(strict.stderr).toContain("templates/bulletin/2020/document.yaml: line 4: document.docNumber (发文字号) is not published yet");
    const draft = run(root, ["--check", "--draft", "--fonts", "default", "--report", "bulletin", "--progress", "quiet"]);
    expect(draft.status).toBe(0);
    expect(draft.stderr).toContain("templates/bulletin/2020/01-employment.md.hbs:3  employment.urban_new_jobs  城镇新增就业人数");
  }, 60_000);
});
