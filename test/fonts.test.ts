import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFontProfile, readFontFiles } from "../src/fonts/profile.js";
import { checkCoverage, textsByFace } from "../src/fonts/coverage.js";
import { UserError } from "../src/errors.js";
import type { DocModel } from "../src/model/types.js";
import { ROOT } from "./support/dataset.js";

const profile = loadFontProfile("default", join(ROOT, "fonts"));
const model = (text: string): DocModel => ({
  meta: { report: "bulletin", region: { code: "520000", name: "贵州省" }, year: 2020, title: "t", author: "a", subject: "s", keywords: [], lang: "zh-CN" },
  blocks: [{ type: "title", text: "标题" }, { type: "paragraph", runs: [{ text }] }],
});

describe("font profiles", () => {
  it("the default profile serves every role from the npm fonts", () => {
    expect(profile.roles.body.regular.family).toBe("Noto Serif SC");
    expect(profile.roles.heading1.regular.family).toBe("Noto Sans SC");
    expect(profile.roles.chart.bold.postscriptName).toBe("NotoSansSC-Bold");
    // four files serve the five roles: each is read and parsed once
    expect(profile.faces.map((f) => f.postscriptName).sort()).toEqual(["NotoSansSC-Bold", "NotoSansSC-Regular", "NotoSerifSC-Bold", "NotoSerifSC-Regular"]);
  });

  it("the official profile names each missing font file and how to fix it", () => {
    const e = (() => {
      try {
        loadFontProfile("official", join(ROOT, "fonts"), (f) => f.slice(ROOT.length));
      } catch (error) {
        return error as UserError;
      }
      throw new Error("expected an error");
    })();
    expect(e).toBeInstanceOf(UserError);
    const files = e.problems.map((p) => p.file);
    expect(files).toEqual(expect.arrayContaining(["fonts/FZXBSJW.TTF", "fonts/simfang.ttf", "fonts/simhei.ttf", "fonts/simkai.ttf"]));
    expect(e.problems[0]!.message).toMatch(/font file for role \w+ not found/);
    expect(e.problems[0]!.hint).toMatch(/copy the font into fonts\//);
  });

  it("the official profile uses the files a user puts in fonts/", () => {
    const dir = mkdtempSync(join(tmpdir(), "fonts-"));
    const require = createRequire(import.meta.url);
    const sans = join(dirname(require.resolve("@expo-google-fonts/noto-sans-sc/package.json")), "400Regular/NotoSansSC_400Regular.ttf");
    symlinkSync(sans, join(dir, "simhei.ttf"));
    writeFileSync(join(dir, "official.yaml"), ["title", "body", "heading1", "heading2", "chart"].map((r) => `${r}: { regular: simhei.ttf }`).join("\n"));
    const official = loadFontProfile("official", dir);
    expect(official.roles.body.regular.family).toBe("Noto Sans SC");
    expect(official.faces).toHaveLength(1);
  });

  it("a font damaged past its names loads, and is named as damaged where its glyphs are first needed", () => {
    const dir = mkdtempSync(join(tmpdir(), "fonts-"));
    const require = createRequire(import.meta.url);
    const sans = readFileSync(join(dirname(require.resolve("@expo-google-fonts/noto-sans-sc/package.json")), "400Regular/NotoSansSC_400Regular.ttf"));
    // The table directory and the name, OS/2, head and hhea tables kept, the file cut short in its glyphs.
    const info = ["name", "OS/2", "head", "hhea", "maxp", "post"].map((tag) => {
      for (let k = 0; k < sans.readUInt16BE(4); k++) if (sans.toString("latin1", 12 + 16 * k, 16 + 16 * k) === tag) return sans.readUInt32BE(20 + 16 * k) + sans.readUInt32BE(24 + 16 * k);
      return 0;
    });
    const glyf = (() => {
      for (let k = 0; k < sans.readUInt16BE(4); k++) if (sans.toString("latin1", 12 + 16 * k, 16 + 16 * k) === "glyf") return sans.readUInt32BE(20 + 16 * k);
      return sans.length;
    })();
    expect(Math.max(...info)).toBeLessThan(glyf); // the cut leaves the names whole
    writeFileSync(join(dir, "simhei.ttf"), sans.subarray(0, glyf + 1000)); // truncated in its glyph data
    writeFileSync(join(dir, "official.yaml"), ["title", "body", "heading1", "heading2", "chart"].map((r) => `${r}: { regular: simhei.ttf }`).join("\n"));
    const official = loadFontProfile("official", dir, (f) => f.slice(dir.length + 1));
    expect(official.roles.body.regular.family).toBe("Noto Sans SC");
    let error: unknown;
    try {
      official.roles.body.regular.font.layout("就业");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).problems[0]).toMatchObject({ file: "simhei.ttf", message: expect.stringMatching(/^not a usable font \(truncated or damaged\?\)/) });
  });

  it("an unknown profile is an error listing the known ones", () => {
    expect(() => loadFontProfile("fancy", join(ROOT, "fonts"))).toThrow(/unknown font profile "fancy"[\s\S]*auto, default, official/);
  });

  it("files for the render workers are shared memory, each read whole only when a thread first needs its glyphs", () => {
    const files = readFontFiles("default", join(ROOT, "fonts"));
    // four files for the five roles, each in memory a worker thread can see without a copy, not read yet
    expect(files.size).toBe(4);
    for (const f of files.values()) {
      expect(f.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Atomics.load(f.read, 0)).toBe(0);
    }
    const shared = loadFontProfile("default", join(ROOT, "fonts"));
    expect(shared.faces.map((f) => f.postscriptName)).toEqual(profile.faces.map((f) => f.postscriptName));
    // names and metrics without the glyphs: the faces stay unread until their bytes are asked for
    const bold = shared.roles.chart.bold;
    expect(bold.info).toEqual(profile.roles.chart.bold.info);
    for (const f of files.values()) expect(Atomics.load(f.read, 0)).toBe(0);
    const sharedBold = files.get(bold.file)!;
    expect(sharedBold.bytes.some((b, i) => i > sharedBold.bytes.length / 2 && b !== 0)).toBe(false);
    // asked for, read whole into the shared memory (another thread sees the flag and the bytes)
    expect(bold.data.buffer).toBe(sharedBold.bytes.buffer);
    expect(Atomics.load(sharedBold.read, 0)).toBe(1);
    expect(bold.data.equals(profile.roles.chart.bold.data)).toBe(true);
    expect(bold.font.layout("字").advanceWidth).toBe(profile.roles.chart.bold.font.layout("字").advanceWidth);
    // the next load sizes the files again (a font replaced since is seen)
    const again = loadFontProfile("default", join(ROOT, "fonts"));
    for (const face of again.faces) expect(face.data.buffer).not.toBe(files.get(face.file)!.bytes.buffer);
  });

  describe("auto (the default)", () => {
    const sans = join(dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-sc/package.json")), "400Regular/NotoSansSC_400Regular.ttf");
    const folder = (files: string[]): string => {
      const dir = mkdtempSync(join(tmpdir(), "fonts-auto-"));
      writeFileSync(join(dir, "official.yaml"), ["title: { regular: a.ttf }", "body: { regular: b.ttf }", "heading1: { regular: c.ttf }", "heading2: { regular: d.ttf }", "chart: { regular: c.ttf }"].join("\n"));
      for (const f of files) symlinkSync(sans, join(dir, f));
      return dir;
    };
    it("uses the free fonts when none of the official files is in fonts/", () => {
      expect(loadFontProfile("auto", folder([])).name).toBe("default");
      expect(loadFontProfile("auto", join(ROOT, "fonts")).name).toBe("default");
    });
    it("uses the official fonts when all of them are there", () => {
      expect(loadFontProfile("auto", folder(["a.ttf", "b.ttf", "c.ttf", "d.ttf"])).name).toBe("official");
    });
    it("names the missing ones when only some are there", () => {
      expect(() => loadFontProfile("auto", folder(["a.ttf", "c.ttf"]))).toThrow(/b\.ttf[\s\S]*role body not found[\s\S]*--fonts default/);
    });
  });
});

describe("glyph coverage", () => {
  it("passes the bulletin's characters", () => {
    expect(() => checkCoverage(model("2020年，全省城镇新增就业61.64万人〔〕“”—"), profile, "x")).not.toThrow();
  });

  it("lists the characters a role's font lacks and where they occur", () => {
    const e = (() => {
      try {
        checkCoverage(model("新增就业\u{20000}人，ก"), profile, "report bulletin for 520000");
      } catch (error) {
        return error as UserError;
      }
      throw new Error("expected an error");
    })();
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]!.file).toBe("report bulletin for 520000");
    expect(e.problems[0]!.message).toContain("U+20000");
    expect(e.problems[0]!.message).toContain("U+0E01");
    expect(e.problems[0]!.message).toContain("block 2 (paragraph)");
    expect(e.problems[0]!.message).toContain("body font Noto Serif SC");
  });

  it("checks a bold run against the bold face, a run-in heading against heading 2's, a caption against its own", () => {
    const m: DocModel = {
      meta: model("x").meta,
      blocks: [
        { type: "paragraph", runs: [{ text: "（一）标题。", style: "runIn" }, { text: "正文" }, { text: "加粗", style: "bold" }] },
        { type: "table", number: 1, caption: "表题", header: ["甲"], align: ["left"], rows: [["乙"]], notes: [] },
      ],
    };
    const faces = textsByFace(m, profile).map((t) => ({ text: t.text, file: t.face.file }));
    expect(faces).toContainEqual({ text: "加粗", file: profile.roles.body.bold.file });
    expect(faces).toContainEqual({ text: "正文", file: profile.roles.body.regular.file });
    expect(faces).toContainEqual({ text: "（一）标题。", file: profile.roles.heading2.regular.file });
    expect(faces).toContainEqual({ text: "表1 表题", file: profile.roles.heading1.regular.file });
  });
});
