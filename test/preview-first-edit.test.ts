/**
 * The preview loses no edit saved around its first build (src/preview/server.ts): its watcher starts before
 * the first build reads a file. The edit here is saved at the last moment the old order lost it — when the
 * first build has finished, before `startPreview` returns (in its `onRebuild`, which the first build calls) —
 * and must reach the served page. Over a copy of the project; waits poll with a deadline, none asserts a time.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { startPreview, type Preview } from "../src/preview/server.js";
import { ROOT, copySubject } from "./support/dataset.js";

const HTML = "2020/520300-prefecture.html";
const TEMPLATE = "templates/prefecture/2020/01-figures.md.hbs";
const MARK = "预览测试：首次构建时保存的编辑。";

const dir = mkdtempSync(join(tmpdir(), "bulletin-preview-first-"));
let preview: Preview | undefined;
afterAll(async () => {
  await preview?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run preview: an edit saved while it starts", () => {
  it("is built and served, not lost", async () => {
    copySubject(dir);
    const original = readFileSync(join(dir, TEMPLATE), "utf8");
    const options = parseArgs(["--region", "520300", "--format", "html", "--fonts", "default"]) as BuildOptions;
    let saved = false;
    preview = await startPreview({
      root: dir,
      build: options,
      port: 0,
      onRebuild: () => {
        if (saved) return;
        saved = true; // right after the first build, as a clerk saves a template while the page first loads
        writeFileSync(join(dir, TEMPLATE), `${original}\n${MARK}\n`);
      },
    });
    expect(saved).toBe(true);
    const page = async (): Promise<string> => (await (await fetch(new URL(`/${HTML}`, preview!.url))).text());
    const deadline = Date.now() + 90_000;
    let html = await page();
    while (!html.includes(MARK) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      html = await page();
    }
    expect(html, "the edit saved during the first build never reached the page").toContain(MARK);
  }, 180_000);
});
