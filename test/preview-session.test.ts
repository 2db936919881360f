/**
 * The preview's warm session (src/preview/session.ts), over a copy of the project, without the server: after
 * template edits — whose rebuilds reuse the compiled templates and Markdown trees of the files not edited —
 * every file it serves is the bytes `npm run build` makes from the same files without any cache; every
 * report's HTML is made before any other file; a change seen during a rebuild stops it, and the next makes
 * everything.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { PreviewSession, type RebuildResult } from "../src/preview/session.js";
import { useArtefactCache } from "../src/cache/store.js";
import { ROOT, copySubject } from "./support/dataset.js";

let dir: string;
const sessions: PreviewSession[] = [];
/** A session over the copy, closed at the end (it has a render thread). */
const open = (args: string[]): PreviewSession => {
  const session = new PreviewSession(dir, parseArgs(args, dir) as BuildOptions);
  sessions.push(session);
  return session;
};
const quiet = { start() {}, done() {} };
const INCOME = "templates/bulletin/2020/05-income.md.hbs";
const WAGES = "templates/bulletin/2020/06-wages.md.hbs";
const END = "templates/prefecture/2020/99-end.md.hbs";

/** `npm run build` of the copy as it is now, without the artefact cache: served path → bytes. */
async function built(args: string[]): Promise<Map<string, Buffer>> {
  const out = mkdtempSync(join(tmpdir(), "bulletin-session-out-"));
  const previous = process.env.BULLETIN_CACHE;
  process.env.BULLETIN_CACHE = "off";
  try {
    const result = await build(dir, parseArgs([...args, "--out", out, "--jobs", "1"], dir) as BuildOptions, quiet);
    return new Map(
      result.entries.map((e) => {
        const path = `${e.year}/${e.region}-${e.report}.${e.format}`;
        return [path, readFileSync(join(out, path))];
      }),
    );
  } finally {
    if (previous === undefined) delete process.env.BULLETIN_CACHE;
    else process.env.BULLETIN_CACHE = previous;
    useArtefactCache(dir); // the session's cache again
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Every file the session serves equals the build's — an HTML page once its blocks' template lines (data-source,
 * which only the preview's pages carry, for the hover) are taken out.
 */
async function sameAsBuild(session: PreviewSession, args: string[]): Promise<void> {
  expect(session.failure).toBeUndefined();
  const expected = await built(args);
  const served = session.list().flatMap((r) => [...r.paths.values()]);
  expect(served.sort()).toEqual([...expected.keys()].sort());
  for (const path of served) {
    expect(session.file(path).failure, path).toBeUndefined();
    const data = session.file(path).file!.data;
    if (path.endsWith(".html")) {
      const page = data.toString("utf8");
      expect(page, path).toMatch(/ data-source="templates\/[^"]+:\d+"/);
      expect(page.replace(/ data-source="[^"]*"/g, "") === expected.get(path)!.toString("utf8"), `${path}: the preview's page is the build's, with template lines`).toBe(true);
    } else expect(data.equals(expected.get(path)!), `${path}: the preview's bytes are the build's`).toBe(true);
  }
}

/** The first rebuild stopped for the change seen while it ran; the second, after it, ran to its end. */
async function stoppedThenMade(running: Promise<RebuildResult>, next: Promise<RebuildResult>): Promise<void> {
  const [first, second] = await Promise.all([running, next]);
  expect(first.superseded).toBe(true);
  expect(second.superseded).toBe(false);
}

/** Writes a template of the copy: its original text with `added` after it (or after its first line). */
const write = (file: string, added: string, at: "end" | "top" = "end"): void => {
  const text = readFileSync(join(ROOT, file), "utf8");
  const cut = at === "end" ? text.length : text.indexOf("\n") + 1;
  writeFileSync(join(dir, file), `${text.slice(0, cut)}\n${added}\n\n${text.slice(cut)}`);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bulletin-session-"));
  copySubject(dir);
  process.env.SOURCE_DATE_EPOCH = "1623196800";
});
afterAll(async () => {
  for (const s of sessions) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the preview's session", () => {
  it("serves the build's bytes after template edits (the province: HTML, PDF, DOCX)", async () => {
    const args = ["--region", "520000", "--fonts", "default"];
    const session = open(args);
    await session.rebuild();
    await sameAsBuild(session, args);
    write(INCOME, "会话测试新加的一段，有*强调*与**加粗**。");
    const edited = await session.rebuild(["templates"]);
    expect(edited.changed).toContain("2020/520000-bulletin.html");
    await sameAsBuild(session, args);
    // A second file edited, lines added: every template after it starts lower in the report's Markdown.
    write(WAGES, "会话测试：工资一节前新加的段落。", "top");
    await session.rebuild(["templates"]);
    const html = session.file("2020/520000-bulletin.html").file!.data.toString("utf8");
    expect(html).toContain("会话测试新加的一段");
    expect(html).toContain("会话测试：工资一节前新加的段落。");
    await sameAsBuild(session, args);
  });

  it("serves the build's bytes for every report after an edit of the bulletin the briefs quote, HTML first", async () => {
    const args = ["--region", "all", "--format", "html,docx", "--fonts", "default"];
    const session = open(args);
    await session.rebuild();
    const order: string[] = [];
    session.onPublish = (paths) => order.push(...paths);
    write(INCOME, "会话测试：遵义市城镇居民人均可支配收入一段。"); // 遵义's brief quotes what the bulletin says of 遵义市
    await session.rebuild(["templates"]);
    expect(order.filter((p) => p.endsWith(".html")).sort()).toEqual(["2020/520000-bulletin.html", "2020/520300-prefecture.html"]);
    const lastHtml = Math.max(...order.map((p, i) => (p.endsWith(".html") ? i : -1)));
    expect(lastHtml).toBeLessThan(order.findIndex((p) => p.endsWith(".docx")));
    await sameAsBuild(session, args);
  });

  it("stops a rebuild for a change seen while it runs; the next makes every file", async () => {
    const args = ["--region", "520000", "--format", "html,docx", "--fonts", "default"];
    const session = open(args);
    await session.rebuild();
    write(INCOME, "会话测试再改的一段。");
    const running = session.rebuild(["templates"]);
    const next = session.rebuild(["templates"]); // a second save while the first rebuild runs
    await stoppedThenMade(running, next);
    expect(session.list().length).toBe(1);
    expect(session.file("2020/520000-bulletin.docx").file!.data.includes(Buffer.from("word/document.xml"))).toBe(true);
    await sameAsBuild(session, args);
  });

  it("drops the renders a stopped rebuild sent ahead and had not started; none is taken for a failure, the next makes them", async () => {
    const args = ["--region", "all", "--format", "html,docx", "--fonts", "default"];
    const session = open(args);
    await session.rebuild();
    // A template every prefecture brief ends with: nine reports change.
    write(END, "会话测试：九份简报一起重建时又改的一段。");
    const running = session.rebuild(["templates"]);
    // Saved again once five pages are made: their DOCX renders were sent ahead, the thread takes two at a time.
    let pages = 0;
    await new Promise<void>((resolve) => (session.onPublish = (paths) => (pages += paths.filter((p) => p.endsWith(".html")).length) >= 5 && resolve()));
    write(END, "会话测试：九份简报一起重建时再改的一段。");
    await stoppedThenMade(running, session.rebuild(["templates"]));
    expect(session.list().length).toBe(10);
    for (const report of session.list()) expect(report.failure, report.job.region.code).toBeUndefined();
    expect(session.file("2020/520300-prefecture.html").file!.data.toString("utf8")).toContain("再改的一段");
    await sameAsBuild(session, args);
  });
});
