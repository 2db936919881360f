/**
 * A PDF drawn in a thread that drew others before it — the preview's render thread, after each edit, with the
 * shaped texts, font subsets and compressed streams of the documents before (src/render/pdf/font-memo.ts,
 * deflate-memo.ts) — is byte for byte the PDF of the same document drawn alone in a fresh process.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFontProfile } from "../src/fonts/profile.js";
import type { DocModel } from "../src/model/types.js";
import { RENDERERS } from "../src/render/index.js";
import { builtModel } from "./support/built.js";
import { ROOT } from "./support/dataset.js";
import { readPdf } from "./support/pdf.js";
import { quickSubset } from "../src/render/pdf/fontkit.js";
import * as fontkit from "fontkit";

const fonts = loadFontProfile("default", join(ROOT, "fonts"));
const date = new Date(1623196800_000);
const bulletin = builtModel("520000", "bulletin");

/** The bulletin with a paragraph added half-way (as a template edit adds one), in a fresh model object. */
function edited(text: string): DocModel {
  const blocks = [...bulletin.blocks];
  const at = blocks.findIndex((b, i) => i > blocks.length / 2 && b.type === "paragraph");
  blocks.splice(at, 0, { type: "paragraph", runs: [{ text }] });
  return structuredClone({ ...bulletin, blocks });
}

/** The model's PDF from a process that drew nothing before it. */
function alone(model: DocModel): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "bulletin-pdf-alone-"));
  try {
    writeFileSync(join(dir, "model.json"), JSON.stringify(model));
    execFileSync(process.execPath, ["--import", "tsx", "test/support/render-pdf-alone.ts", join(dir, "model.json"), join(dir, "out.pdf")], { cwd: ROOT, stdio: "pipe" });
    return readFileSync(join(dir, "out.pdf"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("PDFs drawn one after another in a thread (src/render/pdf/font-memo.ts, deflate-memo.ts)", () => {
  it("are the bytes of each drawn alone, an edit bringing characters the document had not, or none new", async () => {
    // 鑫淼 are in no other paragraph: the fonts' subsets grow, and the glyphs drawn after them are numbered anew.
    const grown = edited("预览测试：新加的一段，鑫淼二字。");
    const same = edited("全省城镇新增就业。");
    const here: Buffer[] = [];
    for (const model of [bulletin, grown, same, grown]) here.push(await RENDERERS.pdf(model, fonts, { date }));
    expect(here[1]!.equals(here[2]!)).toBe(false);
    expect(here[3]!.equals(here[1]!), "the same document again, from the memos").toBe(true);
    expect(here[1]!.equals(alone(grown)), "after the bulletin: as drawn alone").toBe(true);
    expect(here[2]!.equals(alone(same)), "after an edit with new glyphs: as drawn alone").toBe(true);
    const text = (await readPdf(here[1]!)).pages.flatMap((p) => p.lines.map((l) => l.text.replace(/\s/g, ""))).join("\n");
    expect(text).toContain("预览测试：新加的一段，鑫淼二字。");
  }, 120_000);
});

describe("a PDF's TrueType subsets (src/render/pdf/fontkit.ts quickSubset)", () => {
  type Subset = { includeGlyph(id: number): number; encode(): Uint8Array };
  const text = readFileSync(join(ROOT, "templates/bulletin/2020/01-employment.md.hbs"), "utf8");
  it("are fontkit's bytes, simple glyphs copied without decoding them, composites as fontkit adds them", () => {
    // the profile's faces (no composite glyph in them), and pdfmake's Roboto (724 composites: À, É, ü …)
    const roboto = { postscriptName: "Roboto", font: fontkit.create(readFileSync(join(ROOT, "node_modules/pdfmake/build/fonts/Roboto/Roboto-Regular.ttf"))) };
    for (const face of [...fonts.faces, roboto]) {
      const font = face.font as unknown as { layout(t: string): { glyphs: { id: number }[] }; numGlyphs: number; loca: { offsets: number[] }; _getTableStream(tag: string): { pos: number; readBuffer(n: number): Uint8Array }; createSubset(): Subset };
      const ids = [...new Set(font.layout(`${text}ÀÉü0123456789%`).glyphs.map((g) => g.id))];
      // and the first composite glyphs of the face (numberOfContours < 0), with the components they bring
      const composites: number[] = [];
      for (let id = 0; id < font.numGlyphs && composites.length < 20; id++) {
        const stream = font._getTableStream("glyf");
        stream.pos += font.loca.offsets[id]!;
        const head = stream.readBuffer(Math.min(2, font.loca.offsets[id + 1]! - font.loca.offsets[id]!));
        if (head.length === 2 && head[0]! >= 0x80) composites.push(id);
      }
      const subset = (quick: boolean): Buffer => {
        const s = font.createSubset();
        if (quick) quickSubset(s);
        for (const id of [...ids, ...composites]) s.includeGlyph(id);
        return Buffer.from(s.encode());
      };
      expect(ids.length + composites.length).toBeGreaterThan(face === roboto ? 20 : 300);
      expect(subset(true).equals(subset(false)), face.postscriptName).toBe(true);
    }
  });
});
