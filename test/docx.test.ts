/**
 * The DOCX renderer on a small synthetic model (test/fixtures/docx/synthetic.ts): page setup, named styles with East
 * Asian fonts, embedded subset fonts, odd/even page-number footers, the repeated table header, the text, and
 * byte-for-byte determinism (twice in one process, and in child processes in two time zones).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { loadFontProfile, type FontProfile } from "../src/fonts/profile.js";
import { BODY, LINES_PER_PAGE, MARGIN, MM, PAGE, PAGE_NUMBER, TYPE_AREA } from "../src/model/layout.js";
import type { DocModel } from "../src/model/types.js";
import { RENDERERS } from "../src/render/index.js";
const renderDocx = RENDERERS.docx;
import { emTopInExactLine } from "../src/render/docx/section.js";
import { bodyTracking } from "../src/render/docx/styles.js";
import { PAGE_PROFILE } from "../src/present/profile.js";
import { SYNTHETIC_DATE, syntheticModel } from "./fixtures/docx/synthetic.js";
import { paragraphTexts, styleSeparated } from "./support/docx.js";
import { prettyXml } from "./support/xml.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const twips = (pt: number) => pt * 20;
const attr = (element: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(element)?.[1];
const element = (xml: string, name: string): string => {
  const m = new RegExp(`<${name}\\b[^>]*/?>`).exec(xml);
  if (!m) throw new Error(`no <${name}>`);
  return m[0];
};
const style = (styles: string, id: string): string => {
  const m = new RegExp(`<w:style\\b[^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles);
  if (!m) throw new Error(`no style ${id}`);
  return m[0];
};

let fonts: FontProfile;
let model: DocModel;
let docx: Buffer;
let zip: JSZip;
const part = async (name: string) => {
  const f = zip.file(name);
  if (!f) throw new Error(`no part ${name}`);
  return f.async("string");
};

beforeAll(async () => {
  fonts = loadFontProfile("default", "fonts");
  model = syntheticModel();
  docx = await renderDocx(model, fonts, { date: SYNTHETIC_DATE });
  zip = await JSZip.loadAsync(docx);
});

describe("page", () => {
  it("is A4 with the GB/T 9704 margins", async () => {
    const doc = await part("word/document.xml");
    const size = element(doc, "w:pgSz");
    const margin = element(doc, "w:pgMar");
    const close = (value: string | undefined, pt: number) => expect(Math.abs(Number(value) - twips(pt))).toBeLessThanOrEqual(1);
    close(attr(size, "w:w"), 210 * MM);
    close(attr(size, "w:h"), 297 * MM);
    close(attr(margin, "w:top"), 37 * MM);
    close(attr(margin, "w:left"), 28 * MM);
    close(attr(margin, "w:right"), 26 * MM);
    close(attr(margin, "w:bottom"), 35 * MM);
    // Sanity: layout.ts says the same.
    close(attr(margin, "w:top"), MARGIN.top);
    close(attr(size, "w:w"), PAGE.width);
  });

  it("has 22 body lines on a line grid and 28 characters a line", async () => {
    const doc = await part("word/document.xml");
    const grid = element(doc, "w:docGrid");
    const pitch = Number(attr(grid, "w:linePitch"));
    expect(attr(grid, "w:type")).toBe("lines");
    expect(pitch / 20).toBeGreaterThanOrEqual(28.95);
    expect(pitch / 20).toBeLessThanOrEqual(BODY.linePitch);
    const margin = element(doc, "w:pgMar");
    const height = Number(attr(element(doc, "w:pgSz"), "w:h")) - Number(attr(margin, "w:top")) - Number(attr(margin, "w:bottom"));
    expect(Math.floor(height / pitch)).toBe(LINES_PER_PAGE);
    // Normal: exactly that pitch; tracking so that 28 characters fit the type area's width and 29 do not.
    const normal = style(await part("word/styles.xml"), "Normal");
    expect(attr(element(normal, "w:spacing"), "w:line")).toBe(String(pitch));
    expect(attr(element(normal, "w:spacing"), "w:lineRule")).toBe("exact");
    const tracking = Number(/<w:rPr>[\s\S]*<w:spacing w:val="(-?\d+)"\/>/.exec(normal)?.[1]);
    expect(tracking).toBe(bodyTracking(PAGE_PROFILE));
    const advance = BODY.size + tracking / 20;
    expect(28 * advance).toBeLessThanOrEqual(TYPE_AREA.width);
    expect(29 * advance).toBeGreaterThan(TYPE_AREA.width);
  });

  it("puts the top of the page number's em box 7 mm below the type area", async () => {
    const doc = await part("word/document.xml");
    const footer = Number(attr(element(doc, "w:pgMar"), "w:footer")) / 20;
    const spacing = element(style(await part("word/styles.xml"), "Footer"), "w:spacing");
    expect(attr(spacing, "w:lineRule")).toBe("exact");
    const line = Number(attr(spacing, "w:line")) / 20;
    expect(line).toBe(PAGE_NUMBER.size);
    // The em box's top inside the exact line (LibreOffice's placement: the baseline at the ascent's share).
    const emTop = emTopInExactLine(fonts.roles.body.regular, PAGE_NUMBER.size, line);
    expect(emTop).toBeLessThan(0);
    expect(emTop).toBeGreaterThan(-2);
    const emTopBelowTypeArea = MARGIN.bottom - (footer + line) + emTop;
    expect(Math.abs(emTopBelowTypeArea - PAGE_NUMBER.belowTypeArea)).toBeLessThan(0.1);
  });
});

describe("styles", () => {
  it("names Title, Heading1, Heading2, Normal and Caption with the role fonts for every script", async () => {
    const styles = await part("word/styles.xml");
    const expected: Record<string, string> = {
      Title: fonts.roles.title.regular.family,
      Heading1: fonts.roles.heading1.regular.family,
      Heading2: fonts.roles.heading2.regular.family,
      Normal: fonts.roles.body.regular.family,
      Caption: fonts.roles.heading1.regular.family,
    };
    for (const [id, family] of Object.entries(expected)) {
      const fontsOf = element(style(styles, id), "w:rFonts");
      // the family as installed on the user's machine (fonts.ts), never a renamed subset
      for (const script of ["w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"]) expect(attr(fontsOf, script), `${id} ${script}`).toBe(family);
    }
    expect(attr(element(style(styles, "Title"), "w:sz"), "w:val")).toBe("44");
    expect(attr(element(style(styles, "Heading1"), "w:sz"), "w:val")).toBe("32");
    expect(attr(element(style(styles, "Heading1"), "w:name"), "w:val")).toBe("heading 1");
    expect(attr(element(style(styles, "Heading1"), "w:outlineLvl"), "w:val")).toBe("0");
    expect(attr(element(style(styles, "Heading2"), "w:outlineLvl"), "w:val")).toBe("1");
    // The default title and heading 2 faces are bold files of Noto Serif SC: the styles ask for bold.
    expect(style(styles, "Title")).toContain("<w:b/>");
    expect(style(styles, "Heading2")).toContain("<w:b/>");
  });

  it("indents Normal two characters both ways, justified, in zh-CN", async () => {
    const styles = await part("word/styles.xml");
    const normal = style(styles, "Normal");
    const ind = element(normal, "w:ind");
    expect(attr(ind, "w:firstLineChars")).toBe("200");
    expect(Math.abs(Number(attr(ind, "w:firstLine")) - twips(2 * BODY.charPitch))).toBeLessThanOrEqual(1);
    expect(attr(element(normal, "w:jc"), "w:val")).toBe("both");
    expect(attr(element(normal, "w:lang"), "w:eastAsia")).toBe("zh-CN");
    expect(attr(element(styles.slice(styles.indexOf("<w:docDefaults>")), "w:lang"), "w:eastAsia")).toBe("zh-CN");
  });

  it("has a table style with rules and a picture style without exact spacing", async () => {
    const styles = await part("word/styles.xml");
    const table = style(styles, "BulletinTable");
    expect(attr(table, "w:type")).toBe("table");
    for (const side of ["top", "left", "bottom", "right", "insideH", "insideV"]) expect(attr(element(table, `w:${side}`), "w:val")).toBe("single");
    expect(attr(element(style(styles, "Figure"), "w:spacing"), "w:lineRule")).toBe("auto");
    // Off-grid styles: w:snapToGrid before w:spacing (CT_PPrBase order).
    expect(style(styles, "Title")).toMatch(/<w:snapToGrid w:val="0"\/><w:spacing/);
  });
});

describe("fonts", () => {
  it("embeds none and lists each family the text names, with the GB 2312 signature", async () => {
    const table = await part("word/fontTable.xml");
    expect(await part("word/settings.xml")).not.toContain("<w:embedTrueTypeFonts/>");
    expect(Object.keys(zip.files).filter((n) => n.startsWith("word/fonts/"))).toEqual([]);
    const families = [...table.matchAll(/<w:font w:name="([^"]+)">([\s\S]*?)<\/w:font>/g)];
    expect(families.map((f) => f[1])).toEqual(["Noto Serif SC", "Noto Sans SC"]);
    expect(Number.parseInt(attr(families[0]![2]!, "w:csb0")!, 16) & (1 << 18)).not.toBe(0);
  });
});

describe("footers", () => {
  it("has odd (right) and even (left) page numbers with PAGE fields", async () => {
    const doc = await part("word/document.xml");
    expect(await part("word/settings.xml")).toContain("<w:evenAndOddHeaders/>");
    const refs = [...doc.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)];
    expect(refs.map((r) => r[1]).sort()).toEqual(["default", "even"]);
    const rels = await part("word/_rels/document.xml.rels");
    const footerOf = async (type: string) => {
      const id = refs.find((r) => r[1] === type)![2];
      return part(`word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`);
    };
    const odd = await footerOf("default");
    const even = await footerOf("even");
    for (const footer of [odd, even]) {
      expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
      expect(footer).toContain('<w:pStyle w:val="Footer"/>');
      expect(paragraphTexts(footer).join("")).toBe("—  —"); // `— N —` around the field
    }
    const inset = String(Math.round(twips(PAGE_NUMBER.inset)));
    expect(attr(element(odd, "w:jc"), "w:val")).toBe("right");
    expect(attr(element(odd, "w:ind"), "w:right")).toBe(inset);
    expect(attr(element(even, "w:jc"), "w:val")).toBe("left");
    expect(attr(element(even, "w:ind"), "w:left")).toBe(inset);
    expect(attr(element(style(await part("word/styles.xml"), "Footer"), "w:sz"), "w:val")).toBe(String(PAGE_NUMBER.size * 2));
  });
});

describe("content", () => {
  it("contains the text of every block", async () => {
    const texts = paragraphTexts(await part("word/document.xml"));
    const expected: string[] = [];
    for (const block of model.blocks) {
      switch (block.type) {
        case "docNumber":
        case "title":
          expected.push(block.text);
          break;
        case "heading":
          expected.push(block.number + block.text);
          break;
        case "paragraph":
          expected.push(block.runs.map((r) => r.text).join(""));
          break;
        case "table":
          expected.push(`表${block.number} ${block.caption}`, `单位：${block.unit}`, ...block.header, ...block.rows.flat(), ...block.notes);
          break;
        case "figure":
          expected.push(`单位：${block.unit}`, `图${block.number} ${block.caption}`);
          break;
        case "signature":
          expected.push(...block.issuers, block.date);
          break;
      }
    }
    for (const text of expected) expect(texts, text).toContain(text);
  });

  it("sets headings in the heading styles, run-in headings and bold runs as runs", async () => {
    const doc = await part("word/document.xml");
    const t = (s: string) => `<w:r><w:t xml:space="preserve">${s}</w:t></w:r>`;
    // Every paragraph sits in its bookmark src_<n> (provenance.ts).
    const BOOKMARK = `<w:bookmarkStart w:id="\\d+" w:name="src_\\d+"/>`;
    const seq = (instr: string, cached: string) => `<w:fldSimple w:instr="${instr}">${t(cached)}</w:fldSimple>`;
    // 一、 and （一） come from the heading numbering (chineseCounting "%1、", "（%2）"); the paragraphs hold the text.
    expect(doc).toMatch(new RegExp(`<w:pStyle w:val="Heading1"/><w:keepNext/><w:keepLines/></w:pPr>${BOOKMARK}${t("促进城乡就业")}`));
    const styles = await part("word/styles.xml");
    expect(style(styles, "Heading1")).toMatch(/<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr>/);
    expect(style(styles, "Heading2")).toMatch(/<w:numPr><w:ilvl w:val="1"\/><w:numId w:val="\d+"\/><\/w:numPr>/);
    // The run-in （一） took the second level's first number (below), so this heading's （一）, which the numbering
    // would show as （二）, stays the template's text: the document reads as written.
    expect(doc).toMatch(new RegExp(`<w:pStyle w:val="Heading2"/><w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr>${BOOKMARK}${t("（一）就业困难人员")}`));
    const numbering = await part("word/numbering.xml");
    expect(numbering).toMatch(/<w:lvl w:ilvl="0"[\s\S]*?<w:numFmt w:val="chineseCounting"\/>[\s\S]*?<w:lvlText w:val="%1、"\/>/);
    expect(numbering).toMatch(/<w:lvl w:ilvl="1"[\s\S]*?<w:numFmt w:val="chineseCounting"\/>[\s\S]*?<w:lvlText w:val="（%2）"\/>/);
    // The run-in heading is a Heading 2 paragraph whose mark is hidden (Word's style separator), its text unindented after it.
    const [runIn] = styleSeparated(doc);
    expect(runIn).toContain('<w:pStyle w:val="Heading2"/>');
    expect(runIn).not.toContain("<w:numPr>"); // （一） from the style's numbering, as for headings of their own line
    expect(runIn).toMatch(new RegExp(`${t("城镇就业。")}<w:bookmarkEnd w:id="\\d+"/></w:p>`));
    expect(paragraphTexts(doc).some((p) => p.startsWith("（一）城镇就业。"))).toBe(true);
    expect(doc).toMatch(/<w:b\/><w:bCs\/><\/w:rPr><w:t xml:space="preserve">63.18万人<\/w:t>/);
    // Captions: the label, a SEQ field, the caption's text.
    expect(doc).toContain(`${t("表")}${seq("SEQ 表 \\* ARABIC", "1")}${t(" 各市（州）城镇新增就业")}`);
  });

  it("repeats the table's header row and spans the type area", async () => {
    const doc = await part("word/document.xml");
    const rows = [...doc.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(13);
    expect(rows[0]).toContain("<w:tblHeader/>");
    expect(rows.slice(1).some((r) => r.includes("<w:tblHeader/>"))).toBe(false);
    const width = Number(attr(element(doc, "w:tblW"), "w:w"));
    expect(Math.abs(width - twips(TYPE_AREA.width))).toBeLessThanOrEqual(1);
    const grid = [...doc.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid.reduce((a, b) => a + b, 0)).toBe(width);
    expect(doc).toContain('<w:tblStyle w:val="BulletinTable"/>');
  });

  it("draws the figure as SVG with a PNG fallback, sized in points, with a document-local drawing id", async () => {
    const doc = await part("word/document.xml");
    const figure = model.blocks.find((b) => b.type === "figure")!;
    const extent = element(doc, "wp:extent");
    expect(Number(attr(extent, "cx"))).toBe(figure.width * 12700);
    expect(Number(attr(extent, "cy"))).toBe(figure.height * 12700);
    expect([...doc.matchAll(/<wp:docPr id="(\d+)"/g)].map((m) => m[1])).toEqual(["1"]);
    const media = Object.keys(zip.files).filter((n) => n.startsWith("word/media/")).sort();
    expect(media.map((n) => n.replace(/.*\./, ""))).toEqual(["png", "svg"]);
    const png = await zip.file(media[0]!)!.async("nodebuffer");
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(Math.ceil((figure.width * 300) / 72)); // 300 pixels to the inch of print
    expect((png.readUInt32BE(16) / figure.width) * 72).toBeGreaterThanOrEqual(300);
    expect(await zip.file(media[1]!)!.async("string")).toBe(figure.svg);
  });

  it("writes the core properties from the model and the given date", async () => {
    const core = await part("docProps/core.xml");
    expect(core).toContain(`<dc:title>${model.meta.title}</dc:title>`);
    expect(core).toContain(`<dc:subject>${model.meta.subject}</dc:subject>`);
    expect(core).toContain(`<dc:creator>${model.meta.author}</dc:creator>`);
    expect(core).toContain(`<cp:keywords>${model.meta.keywords.join("; ")}</cp:keywords>`);
    expect(core).toMatch(/<dc:description>[^<]+<\/dc:description>/);
    expect(core).toContain(">2021-06-09T08:30:00Z</dcterms:created>");
    expect(core).toContain(">2021-06-09T08:30:00Z</dcterms:modified>");
  });

  it("matches the readable snapshot of word/document.xml", async () => {
    await expect(prettyXml(await part("word/document.xml"))).toMatchFileSnapshot("__snapshots__/docx/synthetic.document.xml");
  });
});

describe("determinism", () => {
  /** The DOS time and date of every local file header. */
  function entryTimes(data: Buffer): string[] {
    const times: string[] = [];
    for (let i = 0; i + 30 <= data.length; ) {
      if (data.readUInt32LE(i) !== 0x04034b50) break;
      times.push(`${data.readUInt16LE(i + 12).toString(16)}:${data.readUInt16LE(i + 10).toString(16)}`);
      i += 30 + data.readUInt16LE(i + 26) + data.readUInt16LE(i + 28) + data.readUInt32LE(i + 18);
    }
    return times;
  }

  it("dates every zip entry from the given date, in UTC", () => {
    const times = entryTimes(docx);
    expect(times.length).toBe(Object.keys(zip.files).length);
    const dosDate = ((2021 - 1980) << 9) | (6 << 5) | 9;
    const dosTime = (8 << 11) | (30 << 5);
    expect(new Set(times)).toEqual(new Set([`${dosDate.toString(16)}:${dosTime.toString(16)}`]));
  });

  it("gives the same bytes twice in one process, whatever was rendered in between", async () => {
    await renderDocx(syntheticModel({ extraParagraphs: 3 }), fonts, { date: new Date() });
    Math.random();
    const again = await renderDocx(model, fonts, { date: SYNTHETIC_DATE });
    expect(sha256(again)).toBe(sha256(docx));
  });

  it("gives the same bytes in UTC and in Asia/Shanghai (child processes)", async () => {
    const script = fileURLToPath(new URL("./fixtures/docx/render-hash.ts", import.meta.url));
    const run = async (tz: string) => {
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: { ...process.env, TZ: tz },
      });
      return JSON.parse(stdout.trim().split("\n").pop()!) as { tz: string; offset: number; sha256: string };
    };
    const [utc, shanghai] = await Promise.all([run("UTC"), run("Asia/Shanghai")]);
    expect(utc.offset).toBe(0);
    expect(shanghai.offset).toBe(-480); // the zone really differs
    expect(utc.sha256).toBe(shanghai.sha256);
    expect(utc.sha256).toBe(sha256(docx));
  }, 60_000);
});

