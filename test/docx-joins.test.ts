/**
 * The DOCX's line-level no-break rules (src/render/docx/joins.ts), made when the page profile asks for them
 * (`lines.joinMax` > 0; the default's is 0): a place name, and a number with its unit, up to joinMax em, each a run of
 * its own (East Asian language en-US, not proofed) with U+2060 between its characters; the DOCX read back
 * (src/word/reader.ts, what review and import read) has the text without them; and LibreOffice 7.4, laying the
 * bulletin out, splits none of them across lines, where without them it splits some.
 */
import { describe, expect, it } from "vitest";
import { loadFontProfile } from "../src/fonts/profile.js";
import type { DocModel } from "../src/model/types.js";
import { DEFAULT_PROFILE_DATA, PAGE_PROFILE, type PageProfile } from "../src/present/profile.js";
import { RENDERERS } from "../src/render/index.js";
import { WORD_JOINER, joiner } from "../src/render/docx/joins.js";
import { allParagraphs, paragraphText, parseDocx } from "../src/word/index.js";
import { SYNTHETIC_DATE, syntheticModel } from "./fixtures/docx/synthetic.js";
import { builtModel } from "./support/built.js";
import { hasSoffice, libreOfficePages, NO_SOFFICE } from "./support/libreoffice.js";

const J = WORD_JOINER;
const withJoinMax = (joinMax: number): PageProfile => ({ ...PAGE_PROFILE, lines: { ...PAGE_PROFILE.lines, joinMax } });
/** A model set on the default profile with lines.joinMax 3 (as a kind's page.yaml would give it). */
const joined = (model: DocModel): DocModel => ({ ...model, meta: { ...model.meta, pageProfile: { ...DEFAULT_PROFILE_DATA, lines: { ...DEFAULT_PROFILE_DATA.lines, joinMax: 3 } } } });
const fonts = () => loadFontProfile("default", "fonts");

describe("joins", () => {
  const places = ["黔东南州", "黔东南", "贵州省", "全省"];

  it("keeps a place name and a number with its unit whole up to joinMax em, and nothing else", () => {
    expect(joiner(withJoinMax(3), places)("2020年贵州省共有53家企业，增长3.2%。")).toEqual([
      { text: `2020${J}年`, join: true },
      { text: `贵${J}州${J}省`, join: true },
      { text: "共有" },
      { text: `53${J}家`, join: true },
      { text: "企业，增长3.2%。" },
    ]);
    // Wider than joinMax: 黔东南州 is 4 em, 186.41亿元 5 em (a digit half an em).
    expect(joiner(withJoinMax(3), places)("黔东南州基金结余186.41亿元")).toEqual([{ text: "黔东南州基金结余186.41亿元" }]);
    expect(joiner(withJoinMax(5), places)("黔东南州结余186.41亿元")).toEqual([{ text: `黔${J}东${J}南${J}州`, join: true }, { text: "结余" }, { text: `186.41${J}亿${J}元`, join: true }]);
  });

  it("makes none under the default profile (joinMax 0)", () => {
    expect(PAGE_PROFILE.lines.joinMax).toBe(0);
    expect(joiner(PAGE_PROFILE, places)("2020年贵州省共有53家企业")).toEqual([{ text: "2020年贵州省共有53家企业" }]);
  });

  it("changes no text but the joiners", () => {
    const text = "2019-2020学年，黔东南州17名、全省11名，2020年12月31日，〔2021〕72号。";
    const pieces = joiner(withJoinMax(4), places)(text);
    expect(pieces.filter((p) => p.join).length).toBeGreaterThanOrEqual(7);
    expect(pieces.map((p) => p.text).join("").replaceAll(J, "")).toBe(text);
  });
});

describe("the DOCX", () => {
  it("sets each join as a run of its own, East Asian language en-US, not proofed; read back without the joiners", async () => {
    const docx = await RENDERERS.docx(joined(syntheticModel()), fonts(), { date: SYNTHETIC_DATE });
    const xml = await (await import("jszip")).default.loadAsync(docx).then((z) => z.file("word/document.xml")!.async("string"));
    const runs = [...xml.matchAll(/<w:r>((?:(?!<\/w:r>)[\s\S])*)<\/w:r>/g)].map((m) => m[1]!);
    const joins = runs.filter((r) => r.includes(J));
    expect(joins.length).toBeGreaterThan(3);
    for (const r of joins) expect(r).toMatch(/<w:rPr><w:noProof\/><w:lang w:eastAsia="en-US"\/><\/w:rPr><w:t xml:space="preserve">[^<]*<\/w:t>$/);
    expect(joins.some((r) => r.includes(`2020${J}年`))).toBe(true);
    const text = allParagraphs(parseDocx("synthetic.docx", docx).body).map((p) => paragraphText(p, "accept")).join("\n");
    expect(text).not.toContain(J);
    expect(text).toContain("2020年贵州省人力资源和社会保障事业发展统计公报");
    expect(text).toContain("黔人社通〔2021〕72号");
  });
});

if (!hasSoffice()) console.warn(`docx-joins: ${NO_SOFFICE}`);

describe.skipIf(!hasSoffice())("the bulletin DOCX in LibreOffice 7.4", () => {
  it("splits no place name nor number with its unit up to joinMax across lines (it does without joins), and shows the same characters", async () => {
    const model = builtModel("520000", "bulletin");
    const places = model.meta.placeNames ?? [];
    const faces = fonts().faces.map((f) => f.file);
    /** Line ends inside a place name, or between a number and its unit, that a join of 3 em would have kept whole. */
    const splits = (pages: readonly string[]): string[] => {
      const lines = pages.join("\n").split("\n").map((l) => l.replace(/\s+/g, "")).filter((l) => l !== "" && !/^—\d+—$/.test(l));
      const out: string[] = [];
      for (const [i, line] of lines.slice(0, -1).entries()) {
        const next = lines[i + 1]!;
        const at = `${line.slice(-6)}|${next.slice(0, 6)}`;
        for (const p of places) for (let k = 1; k < p.length; k++) if (p.length <= 3 && line.endsWith(p.slice(0, k)) && next.startsWith(p.slice(k))) out.push(at);
        const number = /\d[\d.,]*$/.exec(line)?.[0];
        const unit = PAGE_PROFILE.lines.units.find((u) => next.startsWith(u));
        if (number && unit && number.length / 2 + unit.length <= 3) out.push(at);
      }
      return out;
    };
    const chars = (pages: readonly string[]) => [...pages.join("").replace(/\s|—\s*\d+\s*—/g, "")].sort().join("");
    const plain = libreOfficePages(await RENDERERS.docx(model, fonts(), { date: SYNTHETIC_DATE }), faces);
    const withJoins = libreOfficePages(await RENDERERS.docx(joined(model), fonts(), { date: SYNTHETIC_DATE }), faces);
    expect(splits(plain).length).toBeGreaterThan(5);
    expect(splits(withJoins)).toEqual([]);
    expect(chars(withJoins)).toBe(chars(plain));
    console.info(`docx-joins: LibreOffice splits ${splits(plain).length} place names or numbers from their units without joins, none with them`);
  }, 300_000);
});
