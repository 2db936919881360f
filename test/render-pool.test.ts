/**
 * The render pool (src/pool/render-pool.ts): a worker per format it was given, and the main thread joining in
 * for the formats no worker has — the province alone renders its PDF on a worker and its DOCX in this thread.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DroppedRender, RenderPool, type LocalRender } from "../src/pool/render-pool.js";
import { UserError } from "../src/errors.js";
import { loadFontProfile } from "../src/fonts/profile.js";
import { RENDERERS } from "../src/render/index.js";
import { ROOT } from "./support/dataset.js";
import { SYNTHETIC_DATE, syntheticModel } from "./fixtures/docx/synthetic.js";

const fonts = loadFontProfile("default", join(ROOT, "fonts"));
const pool = new RenderPool(new URL("../src/pool/worker-entry.mjs", import.meta.url), ROOT, "default", 1, ["pdf", "docx"]);
afterAll(() => pool.close());

describe("render pool", () => {
  it("renders on its worker the worker's format, and in the main thread, once joined, the other", async () => {
    const model = syntheticModel();
    const pdf = pool.render(model, "pdf", { date: SYNTHETIC_DATE });
    const docx = pool.render(model, "docx", { date: SYNTHETIC_DATE });
    const here: string[] = [];
    const local: LocalRender = (m, format, options) => {
      here.push(format);
      return RENDERERS[format](m, fonts, options);
    };
    pool.join(local);
    const [p, d] = await Promise.all([pdf, docx]);
    pool.leave();
    expect(here).toEqual(["docx"]);
    expect(p.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(d.subarray(0, 2).toString("latin1")).toBe("PK");
    // Same bytes wherever it was rendered.
    expect(p.equals(await RENDERERS.pdf(model, fonts, { date: SYNTHETIC_DATE }))).toBe(true);
  }, 60_000);

  it("passes a problem found in the main thread on as it is", async () => {
    const problem = new UserError({ file: "templates/charts/x.vl.json", message: "synthetic problem" });
    const docx = pool.render(syntheticModel(), "docx", { date: SYNTHETIC_DATE });
    pool.join(() => Promise.reject(problem));
    await expect(docx).rejects.toBe(problem);
    pool.leave();
  }, 60_000);

  it("drops the tasks no thread has taken yet, and renders those taken (dropQueued: the preview's rebuild stopped)", async () => {
    const model = syntheticModel();
    // The worker takes two tasks of its format at once; the other two wait in the pool.
    const renders = Array.from({ length: 4 }, () => pool.render(model, "pdf", { date: SYNTHETIC_DATE }));
    pool.dropQueued();
    const settled = await Promise.allSettled(renders);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected"]);
    for (const s of settled.slice(2)) expect((s as PromiseRejectedResult).reason).toBeInstanceOf(DroppedRender);
    // The pool goes on: a render after the drop is made.
    const after = await pool.render(model, "pdf", { date: SYNTHETIC_DATE });
    expect(after.equals((settled[0] as PromiseFulfilledResult<Buffer>).value)).toBe(true);
  }, 60_000);
});
