/**
 * `npm run preview`'s server on a free port, over a copy of the project (the real data/ and templates/ are
 * never edited): a template edit reaches the served PDF and is announced by a server-sent event; a broken
 * template shows its located problem in the page with the last good version one click away; fixing it
 * brings the report back (the same bytes as before the break); provenance of a figure; no file outside the
 * reports. Waits poll with a deadline, none asserts a time.
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { startPreview, type Preview } from "../src/preview/server.js";
import { build } from "../src/build/pipeline.js";
import { CONTENT_SECURITY_POLICY } from "../src/render/html/index.js";
import { provenance } from "../src/preview/provenance.js";
import type { Dataset, Observation } from "../src/data/types.js";
import { readPdf } from "./support/pdf.js";
import { ROOT, copySubject } from "./support/dataset.js";

const PDF = "2020/520300-prefecture.pdf";
const TEMPLATE = "templates/prefecture/2020/01-figures.md.hbs";

let dir: string;
let preview: Preview;
let original: string;
const events: string[] = [];
let stopEvents: AbortController;

async function get(path: string): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await fetch(new URL(path, preview.url));
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: Buffer.from(await res.arrayBuffer()) };
}

/** A request with its path sent as written (fetch would normalise `..`), and the Host header given. */
function raw(path: string, host?: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(preview.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET", ...(host !== undefined && { headers: { host } }) }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Polls until `ok` holds, or fails after the deadline. */
async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Status {
  build: number;
  busy: boolean;
  failure: string | null;
  reports: { failure: string | null }[];
}
const status = async (): Promise<Status> => JSON.parse((await get("/__status.json")).body.toString("utf8")) as Status;
/** After an edit: a build later than `after`, finished, in the state the edit leads to. */
const rebuilt = (after: number, failing: boolean) =>
  until("a rebuild", status, (s) => s.build > after && !s.busy && (s.failure !== null || s.reports.some((r) => r.failure !== null)) === failing);
const pdfText = async (data: Buffer): Promise<string> => (await readPdf(data)).pages.flatMap((p) => p.lines.map((l) => l.text)).join("\n");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "bulletin-preview-"));
  copySubject(dir);
  original = readFileSync(join(dir, TEMPLATE), "utf8");
  const options = parseArgs(["--region", "520300", "--format", "pdf", "--fonts", "default"]) as BuildOptions;
  preview = await startPreview({ root: dir, build: options, port: 0 });
  // The page's event stream, read as a browser's EventSource would.
  stopEvents = new AbortController();
  const res = await fetch(new URL("/__events", preview.url), { signal: stopEvents.signal });
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) events.push(decoder.decode(chunk));
    } catch {
      // aborted at the end
    }
  })();
}, 180_000);

afterAll(async () => {
  stopEvents?.abort();
  await preview?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run preview", () => {
  it("listens on 127.0.0.1 and serves the index and the report at its out/ path", async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await get("/");
    expect(index.type).toContain("text/html");
    expect(index.body.toString()).toContain(`href="/${PDF}"`);
    expect(index.body.toString()).toContain('<script src="/__preview.js"');
    const pdf = await get(`/${PDF}`);
    expect(pdf.type).toBe("application/pdf");
    expect(await pdfText(pdf.body)).toContain("遵义市");
  });

  it("answers only requests addressed to 127.0.0.1:<port> or localhost:<port> (DNS rebinding gets 421, no content)", async () => {
    const { port } = new URL(preview.url);
    for (const path of ["/", `/${PDF}`, "/__provenance/2020.json", "/__status.json", "/__events", "/__font.ttf", "/__preview.js"]) {
      for (const host of [`evil.example:${port}`, "evil.example", `127.0.0.1:${port}.evil.example`, "127.0.0.1", `localhost:${Number(port) + 1}`, `[::1]:${port}`]) {
        expect(await raw(path, host), `${path} with Host: ${host}`).toEqual({ status: 421, body: "" });
      }
    }
    expect((await raw("/__status.json", `localhost:${port}`)).status).toBe(200);
    expect((await raw("/__status.json", `LOCALHOST:${port}`)).status).toBe(200);
    expect((await raw("/__provenance/2020.json", `127.0.0.1:${port}`)).body).toContain('"indicators"');
  });

  it("rebuilds after a template edit, tells the page, and serves the new PDF", async () => {
    const before = (await status()).build;
    writeFileSync(join(dir, TEMPLATE), `${original}\n预览测试：这一段是编辑后新加的。\n`);
    await rebuilt(before, false);
    const text = await pdfText((await get(`/${PDF}`)).body);
    expect(text).toContain("预览测试：这一段是编辑后新加的。");
    await until("the reload event", async () => events.join(""), (e) => e.includes("event: reload") && e.includes(PDF));
  });

  it("sees a template saved as editors save it — a new file renamed over the old — save after save", async () => {
    // Node 20's recursive watch on Linux lost such a file after its first save (src/preview/watch.ts).
    for (const word of ["甲", "乙", "丙"]) {
      const before = (await status()).build;
      writeFileSync(join(dir, `${TEMPLATE}.tmp`), `${original}\n原子保存第${word}次。\n`);
      renameSync(join(dir, `${TEMPLATE}.tmp`), join(dir, TEMPLATE));
      await rebuilt(before, false);
      expect(await pdfText((await get(`/${PDF}`)).body)).toContain(`原子保存第${word}次。`);
    }
    const before = (await status()).build;
    writeFileSync(join(dir, TEMPLATE), original);
    await rebuilt(before, false);
  });

  it("shows a broken template's located problem in the page, keeps the last good version, and recovers", async () => {
    const good = (await get(`/${PDF}`)).body;
    const before = (await status()).build;
    writeFileSync(join(dir, TEMPLATE), `${original}\n{{fig "employment.no_such_indicator"}}\n`);
    await rebuilt(before, true);
    const page = await get(`/${PDF}`);
    expect(page.type).toContain("text/html");
    const html = page.body.toString("utf8");
    expect(html).toContain(TEMPLATE);
    expect(html).toMatch(/line \d+/);
    expect(html).toContain("employment.no_such_indicator");
    expect(html).toContain("fix:");
    expect(html).toContain(`href="/${PDF}?last-good"`);
    const last = await get(`/${PDF}?last-good`);
    expect(last.type).toBe("application/pdf");
    expect(last.body.equals(good)).toBe(true);
    expect((await get("/")).body.toString()).toContain("employment.no_such_indicator");

    const broken = (await status()).build;
    writeFileSync(join(dir, TEMPLATE), original);
    const back = await rebuilt(broken, false);
    expect(back.reports.every((r) => r.failure === null)).toBe(true);
    const pdf = await get(`/${PDF}`);
    expect(pdf.type).toBe("application/pdf");
    expect(await pdfText(pdf.body)).not.toContain("预览测试");
  });

  it("shows a data file's located problem, and recovers when it is fixed", async () => {
    const file = "data/2020/indicators/07-social-security.csv";
    const csv = readFileSync(join(dir, file), "utf8");
    const before = (await status()).build;
    writeFileSync(join(dir, file), csv.replace("social.pension_monthly_avg,520300,2316,", "social.pension_monthly_avg,520300,2316元,"));
    await rebuilt(before, true);
    const html = (await get(`/${PDF}`)).body.toString("utf8");
    expect(html).toContain(`${file}: line 50`);
    expect(html).toContain("fix:");
    const broken = (await status()).build;
    writeFileSync(join(dir, file), csv);
    await rebuilt(broken, false);
    expect((await get(`/${PDF}`)).type).toBe("application/pdf");
  });

  it("shows a broken chart spec's located problem, and recovers when it is fixed", async () => {
    const file = "templates/charts/pension-prefectures.vl.json";
    const spec = readFileSync(join(dir, file), "utf8");
    const before = (await status()).build;
    writeFileSync(join(dir, file), spec.replace('"height": 230,', '"height": 230'));
    await rebuilt(before, true);
    const html = (await get(`/${PDF}`)).body.toString("utf8");
    expect(html).toContain(file);
    expect(html).toMatch(/line \d+/);
    const broken = (await status()).build;
    writeFileSync(join(dir, file), spec);
    await rebuilt(broken, false);
    expect((await get(`/${PDF}`)).type).toBe("application/pdf");
  });

  it("serves where each figure comes from: value and unit as published, data file and line, source", async () => {
    const res = await get("/__provenance/2020.json");
    expect(res.type).toContain("application/json");
    const p = JSON.parse(res.body.toString("utf8")) as {
      indicators: Record<string, { label: string; unit: string; source: { title: string }; regions: Record<string, { published: string | null; file: string; line: number }> }>;
    };
    const pension = p.indicators["social.pension_monthly_avg"]!;
    expect(pension.label).toBe("企业离退休人员月人均基本养老金");
    expect(pension.regions["520300"]).toMatchObject({ published: "2316元", file: "data/2020/indicators/07-social-security.csv" });
    // The line named is the row's line in the file.
    const lines = readFileSync(join(dir, "data/2020/indicators/07-social-security.csv"), "utf8").split("\n");
    expect(lines[pension.regions["520300"]!.line - 1]).toMatch(/^social\.pension_monthly_avg,520300,2316,/);
    expect(pension.source.title).toContain("统计公报");
    // An unpublished figure is null, never a number.
    expect(p.indicators["wages.avg_wage_employed"]!.regions["520300"]!.published).toBeNull();
  });

  it("serves nothing outside the files it built", async () => {
    for (const path of [
      "/../package.json",
      "/%2e%2e/package.json",
      "/%2E%2E%2Fpackage.json",
      "/2020/../../package.json",
      "/2020/%2e%2e/%2e%2e/package.json",
      "/__view/../package.json",
      "/__view/%2e%2e%2fpackage.json",
      "//etc/passwd",
      "/etc/passwd",
      `/${dir}/data/regions.yaml`,
      "/data/regions.yaml",
      "/templates/reports.yaml",
      "/2020/520300-prefecture.pdf/..%2f..%2fpackage.json",
      "/%",
    ]) {
      const res = await raw(path);
      expect([400, 404], path).toContain(res.status);
      expect(res.body).not.toContain("gz-hrss-bulletin");
      expect(res.body).not.toContain("520000");
    }
  });
});

describe("npm run preview -- --draft, HTML", () => {
  let draftDir: string;
  let draft: Preview;
  beforeAll(async () => {
    draftDir = mkdtempSync(join(tmpdir(), "bulletin-preview-draft-"));
    copySubject(draftDir);
    // One figure not published yet (empty value, no note): a gap in the draft.
    const csv = join(draftDir, "data/2020/indicators/01-employment.csv");
    writeFileSync(csv, readFileSync(csv, "utf8").replace("employment.urban_new_jobs,520000,61.64,", "employment.urban_new_jobs,520000,,"));
    draft = await startPreview({ root: draftDir, build: parseArgs(["--region", "520000", "--format", "html", "--fonts", "default", "--draft"]) as BuildOptions, port: 0 });
  }, 180_000);
  afterAll(async () => {
    await draft?.close();
    rmSync(draftDir, { recursive: true, force: true });
  });

  it("lists the draft's gaps in the index, each with its place and a link to the page that shows it", async () => {
    const index = await (await fetch(new URL("/", draft.url))).text();
    expect(index).toContain("待补充 · ");
    expect(index).toMatch(/<tr><td>templates\/bulletin\/2020\/01-employment\.md\.hbs:\d+<\/td><td>employment\.urban_new_jobs<\/td><td>城镇新增就业人数<\/td><td><a href="\/2020\/520000-bulletin\.html">520000-bulletin\.html<\/a><\/td><\/tr>/);
  });

  it("serves pages whose figures carry their indicator and region, for the provenance hover", async () => {
    const page = await (await fetch(new URL("/2020/520000-bulletin.html", draft.url))).text();
    expect(page).toContain('<span class="fig nb" data-ref="employment.unemployed_reemployed" data-region="520000">14.37万人</span>');
    expect(page).toContain('<mark class="gap" data-ref="employment.urban_new_jobs"');
    expect(page).toContain('<script src="/__preview.js"');
    const provenance = JSON.parse(await (await fetch(new URL("/__provenance/2020.json", draft.url))).text()) as { indicators: Record<string, { regions: Record<string, { published: string | null; file: string }> }> };
    expect(provenance.indicators["employment.unemployed_reemployed"]!.regions["520000"]).toMatchObject({ published: "14.37万人", file: "data/2020/indicators/01-employment.csv" });
  });

  it("marks the figures of tables and charts too", async () => {
    const page = await (await fetch(new URL("/2020/520000-bulletin.html", draft.url))).text();
    expect(page).toMatch(/<td class="r"><span class="fig" data-ref="wages\.avg_wage_employed" data-region="520000">\d+<\/span><\/td>/);
    expect(page).toContain('<path data-ref="social.pension_monthly_avg" data-region="520300" aria-label="value: 2316; regionName: 遵义"');
  });

  it("gives each block its template file and line (data-source); the page a build writes does not carry them", async () => {
    const response = await fetch(new URL("/2020/520000-bulletin.html", draft.url));
    const page = await response.text();
    const line = (at: string): string => {
      const [file, n] = at.split(":");
      return readFileSync(join(draftDir, file!), "utf8").split("\n")[Number(n) - 1]!;
    };
    // a paragraph (its run-in heading as the paragraph's), a table, a chart: each names the line it came from
    const paragraph = /<(?:p|div class="para") data-source="([^"]+)">[^\n]*data-ref="employment\.unemployed_reemployed"/.exec(page)?.[1];
    expect(paragraph).toMatch(/^templates\/bulletin\/2020\/01-employment\.md\.hbs:\d+$/);
    expect(line(paragraph!)).toContain('{{fig "employment.unemployed_reemployed"}}');
    const table = /<div class="table-block" id="table1" data-source="([^"]+)">/.exec(page)?.[1];
    expect(line(table!)).toMatch(/^:::table\{caption="分市（州）城镇单位就业人员和在岗职工年平均工资"/);
    const figures = [...page.matchAll(/<figure class="chart" id="fig\d+" aria-labelledby="[^"]+" data-source="([^"]+)">/g)].map((m) => m[1]!);
    expect(figures.length).toBeGreaterThanOrEqual(5);
    for (const at of figures) expect(line(at), at).toMatch(/^::chart\{spec="[^"]+"\}$/);
    expect(page).toMatch(/<h2 data-source="templates\/bulletin\/2020\/01-employment\.md\.hbs:1">一、/);

    // The build, on the same project and artefact cache: the same page without the template lines.
    const out = join(draftDir, "out");
    await build(draftDir, parseArgs(["--region", "520000", "--format", "html", "--fonts", "default", "--draft", "--out", out, "--jobs", "1", "--progress", "quiet"], draftDir) as BuildOptions, { start() {}, done() {} });
    const built = readFileSync(join(out, "2020/520000-bulletin.html"), "utf8");
    expect(built).not.toContain("data-source");
    expect(built).toContain('<span class="fig nb" data-ref="employment.unemployed_reemployed" data-region="520000">14.37万人</span>');
    // what the preview serves is that page, with the template lines and its script, and the policy that lets it
    // run sent as a header (the page itself carries none: it goes into the website's CMS)
    expect(built).not.toMatch(/http-equiv="Content-Security-Policy"/i);
    expect(response.headers.get("content-security-policy")).toBe(`${CONTENT_SECURITY_POLICY}; script-src 'self'; connect-src 'self'`);
    expect(page.replace(/ data-source="[^"]*"/g, "").replace(/<script src="\/__preview\.js"[^<]*<\/script>/, "")).toBe(built);
  }, 120_000);
});

describe("the provenance data (src/preview/provenance.ts)", () => {
  it("names a workbook row's sheet and cell, a bureau's own source, and the regions", () => {
    const observation = (region: string, value: string, at: Observation["at"], source?: string): Observation => ({ region, value: { text: value, value: Number(value) }, at, ...(source && { source }) });
    const dataset: Dataset = {
      year: 2021,
      document: { year: 2021, keywords: [], sources: { bulletin: { title: "统计公报", publisher: "贵州省统计局网站" }, zunyi: { title: "遵义市人社局" } } },
      regions: [
        { code: "520000", name: "贵州省", short: "贵州", level: "province" },
        { code: "520300", name: "遵义市", short: "遵义", level: "prefecture" },
      ],
      indicators: new Map([
        [
          "employment.urban_new_jobs",
          {
            id: "employment.urban_new_jobs",
            label: "城镇新增就业人数",
            unit: "万人",
            source: "bulletin",
            observations: new Map([
              ["520000", observation("520000", "61.64", { file: "data/2021/indicators/2021.xlsx", line: 3, sheet: "就业", cell: "F3" })],
              ["520300", observation("520300", "7.05", { file: "data/2021/indicators/520300.xlsx", line: 4, sheet: "就业", cell: "F4" }, "zunyi")],
            ]),
          },
        ],
      ]),
    };
    const p = provenance(dataset);
    expect(p.regions).toEqual({ "520000": "贵州省", "520300": "遵义市" });
    const ind = p.indicators["employment.urban_new_jobs"]!;
    expect(ind.source).toEqual({ id: "bulletin", title: "统计公报", publisher: "贵州省统计局网站" });
    expect(ind.regions["520000"]).toEqual({ published: "61.64万人", value: "61.64", file: "data/2021/indicators/2021.xlsx", line: 3, sheet: "就业", cell: "F3" });
    expect(ind.regions["520300"]).toEqual({ published: "7.05万人", value: "7.05", file: "data/2021/indicators/520300.xlsx", line: 4, sheet: "就业", cell: "F4", source: { id: "zunyi", title: "遵义市人社局" } });
  });
});
