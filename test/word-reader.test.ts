/**
 * The DOCX reader (src/word) over hand-written WordprocessingML: Word's markup and LibreOffice's for the same
 * things (ECMA-376 Part 1 §17.13 tracked changes, comments, bookmarks; §17.5.2 content controls), tables with
 * merged cells, styles and numbering, custom properties, and the bad files a user may give.
 */
import { describe, expect, it } from "vitest";
import { strToU8, zipSync } from "fflate";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../src/errors.js";
import { allParagraphs, commentAnchors, LIMITS, parseDocx, readDocx, viewText, type Table } from "../src/word/index.js";
import { docxPackage } from "./support/ooxml.js";

const STYLES = `
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="My heading"/><w:basedOn w:val="Heading1"/></w:style>
  <w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style>`;
const NUMBERING = `
  <w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>
  <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>`;

const p = (inner: string, pPr = "") => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ""}${inner}</w:p>`;
const r = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
const paragraphs = (bytes: Uint8Array) => allParagraphs(parseDocx("t.docx", bytes).body);

describe("paragraphs and runs", () => {
  it("reads styles (name, outline level through basedOn or a heading N name), numbering and alignment", () => {
    const doc = docxPackage({
      styles: STYLES,
      numbering: NUMBERING,
      body: [
        p(r("一、促进城乡就业"), `<w:pStyle w:val="Heading1"/>`),
        p(r("（一）稳就业"), `<w:pStyle w:val="Heading2"/>`),
        p(r("派生标题"), `<w:pStyle w:val="MyHeading"/>`),
        p(r("大纲段落"), `<w:outlineLvl w:val="2"/><w:jc w:val="center"/>`),
        p(r("第一项"), `<w:pStyle w:val="ListNumber"/>`),
        p(r("第二项"), `<w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>`),
        p(r("不编号"), `<w:pStyle w:val="ListNumber"/><w:numPr><w:numId w:val="0"/></w:numPr>`),
      ].join(""),
    });
    const ps = paragraphs(doc);
    expect(ps.map((x) => [x.styleName, x.outlineLevel])).toEqual([
      ["heading 1", 0],
      ["heading 2", 1],
      ["My heading", 0],
      [undefined, 2],
      ["List Number", undefined],
      [undefined, undefined],
      ["List Number", undefined],
    ]);
    expect(ps[3]!.alignment).toBe("center");
    expect(ps[4]!.numbering).toEqual({ numId: "3", level: 0, format: "decimal", text: "%1." });
    expect(ps[5]!.numbering).toEqual({ numId: "3", level: 1, format: "chineseCounting", text: "（%2）" });
    expect(ps[6]!.numbering).toBeUndefined();
  });

  it("reads w:t, w:tab, w:br, w:sym, w:noBreakHyphen, bold and italic, through hyperlinks and smart tags", () => {
    const doc = docxPackage({
      body: p(
        `<w:r><w:rPr><w:b/></w:rPr><w:t>（一）</w:t></w:r><w:r><w:rPr><w:b w:val="0"/><w:i/></w:rPr><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t><w:sym w:font="Symbol" w:char="F0B7"/><w:noBreakHyphen/></w:r>` +
          `<w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:smartTag w:uri="u" w:element="e"><w:r><w:t>标记</w:t></w:r></w:smartTag>` +
          `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`,
      ),
    });
    const [para] = paragraphs(doc);
    expect(para!.runs.map((x) => [x.text, x.bold, x.italic])).toEqual([
      ["（一）", true, false],
      ["A\tB\nC\uF0B7\u2011", false, true],
      ["链接", false, false],
      ["标记", false, false],
      ["3", false, false],
    ]);
  });

  it("binds names by namespace, not by the prefix a writer chose", () => {
    const doc = docxPackage({ prefix: "ns0", body: `<ns0:p><ns0:r><ns0:t>前缀不同</ns0:t></ns0:r></ns0:p>` });
    expect(viewText(parseDocx("t.docx", doc), "accept")).toEqual(["前缀不同"]);
  });
});

/** The same review — an insertion, a deletion, a move, a format change, a paragraph joined and one added — as Word writes it and as LibreOffice 7.4 does. */
const WORD_REVIEW = [
  `<w:p w14:paraId="1A2B3C4D"><w:r><w:t xml:space="preserve">全省城镇新增就业</w:t></w:r><w:ins w:id="1" w:author="张三" w:date="2021-03-01T10:00:00Z"><w:r><w:t>约</w:t></w:r></w:ins><w:r><w:t>61.64万人</w:t></w:r><w:del w:id="2" w:author="李四" w:date="2021-03-02T09:30:00Z"><w:r><w:delText>，同比增长</w:delText></w:r></w:del><w:r><w:t>。</w:t></w:r></w:p>`,
  `<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="李四" w:date="2021-03-02T09:31:00Z"/></w:rPr></w:pPr><w:r><w:t>第一段</w:t></w:r></w:p>`,
  `<w:p><w:r><w:t>接着第二段</w:t></w:r></w:p>`,
  `<w:p><w:pPr><w:rPr><w:ins w:id="4" w:author="张三" w:date="2021-03-01T10:05:00Z"/></w:rPr><w:pPrChange w:id="9" w:author="张三" w:date="2021-03-01T10:06:00Z"><w:pPr/></w:pPrChange></w:pPr><w:ins w:id="5" w:author="张三" w:date="2021-03-01T10:05:00Z"><w:r><w:t>新加的一段</w:t></w:r></w:ins></w:p>`,
  `<w:p><w:moveFrom w:id="6" w:author="王五" w:date="2021-03-03T08:00:00Z"><w:r><w:t>移走的话。</w:t></w:r></w:moveFrom><w:r><w:rPr><w:b/><w:rPrChange w:id="7" w:author="王五" w:date="2021-03-03T08:01:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t>留下</w:t></w:r><w:moveTo w:id="8" w:author="王五" w:date="2021-03-03T08:00:00Z"><w:r><w:t>移来的话。</w:t></w:r></w:moveTo></w:p>`,
].join("");
/** LibreOffice: no w14:paraId, dates without a zone, w:rsid attributes, the change ids counted from 0, an empty paragraph-mark w:rPr sibling. */
const LIBREOFFICE_REVIEW = [
  `<w:p><w:pPr><w:pStyle w:val="Normal"/><w:rPr></w:rPr></w:pPr><w:r><w:rPr></w:rPr><w:t xml:space="preserve">全省城镇新增就业</w:t></w:r><w:ins w:id="0" w:author="张三" w:date="2021-03-01T10:00:00"><w:r><w:rPr></w:rPr><w:t>约</w:t></w:r></w:ins><w:r><w:rPr></w:rPr><w:t>61.64万人</w:t></w:r><w:del w:id="1" w:author="李四" w:date="2021-03-02T09:30:00"><w:r><w:rPr></w:rPr><w:delText>，同比增长</w:delText></w:r></w:del><w:r><w:rPr></w:rPr><w:t>。</w:t></w:r></w:p>`,
  `<w:p><w:pPr><w:pStyle w:val="Normal"/><w:rPr><w:del w:id="2" w:author="李四" w:date="2021-03-02T09:31:00"/></w:rPr></w:pPr><w:r><w:rPr></w:rPr><w:t>第一段</w:t></w:r></w:p>`,
  `<w:p><w:pPr><w:pStyle w:val="Normal"/><w:rPr></w:rPr></w:pPr><w:r><w:rPr></w:rPr><w:t>接着第二段</w:t></w:r></w:p>`,
  `<w:p><w:pPr><w:pStyle w:val="Normal"/><w:rPr><w:ins w:id="3" w:author="张三" w:date="2021-03-01T10:05:00"/></w:rPr></w:pPr><w:ins w:id="4" w:author="张三" w:date="2021-03-01T10:05:00"><w:r><w:rPr></w:rPr><w:t>新加的一段</w:t></w:r></w:ins></w:p>`,
  `<w:p><w:pPr><w:pStyle w:val="Normal"/><w:rPr></w:rPr></w:pPr><w:del w:id="5" w:author="王五" w:date="2021-03-03T08:00:00"><w:r><w:rPr></w:rPr><w:delText>移走的话。</w:delText></w:r></w:del><w:r><w:rPr><w:b/><w:rPrChange w:id="6" w:author="王五" w:date="2021-03-03T08:01:00"><w:rPr></w:rPr></w:rPrChange></w:rPr><w:t>留下</w:t></w:r><w:ins w:id="7" w:author="王五" w:date="2021-03-03T08:00:00"><w:r><w:rPr></w:rPr><w:t>移来的话。</w:t></w:r></w:ins></w:p>`,
].join("");

describe.each([
  ["Word", WORD_REVIEW],
  ["LibreOffice", LIBREOFFICE_REVIEW],
])("tracked changes as %s writes them", (_writer, body) => {
  const doc = parseDocx("review.docx", docxPackage({ styles: STYLES, body }));

  it("gives the text with every change accepted, and with every change rejected (an inserted paragraph mark joins the next)", () => {
    expect(viewText(doc, "accept")).toEqual(["全省城镇新增就业约61.64万人。", "第一段接着第二段", "新加的一段", "留下移来的话。"]);
    expect(viewText(doc, "reject")).toEqual(["全省城镇新增就业61.64万人，同比增长。", "第一段", "接着第二段", "移走的话。留下"]);
  });

  it("keeps each change's author and date, the paragraph marks' changes and the format changes", () => {
    const ps = allParagraphs(doc.body);
    const ins = ps[0]!.runs.find((x) => x.change?.type === "ins")!;
    expect([ins.text, ins.change!.author, ins.change!.date!.slice(0, 19)]).toEqual(["约", "张三", "2021-03-01T10:00:00"]);
    const del = ps[0]!.runs.find((x) => x.change?.type === "del")!;
    expect([del.text, del.change!.author]).toEqual(["，同比增长", "李四"]);
    expect([ps[1]!.mark?.type, ps[1]!.mark?.author]).toEqual(["del", "李四"]);
    expect(ps[3]!.mark?.type).toBe("ins");
    const kept = ps[4]!.runs.find((x) => x.text === "留下")!;
    expect([kept.bold, kept.formatChange?.author]).toEqual([true, "王五"]);
  });
});

describe("content controls, bookmarks and comments", () => {
  const body = [
    `<w:bookmarkStart w:id="10" w:name="src_01-employment_3"/>`,
    `<w:p w14:paraId="00000001"><w:commentRangeStart w:id="0"/><w:r><w:t>全省城镇新增就业</w:t></w:r>`,
    `<w:sdt><w:sdtPr><w:alias w:val="城镇新增就业人数"/><w:tag w:val="employment.urban_new_jobs@520000"/><w:id w:val="-123"/><w:lock w:val="sdtContentLocked"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>61.64万人</w:t></w:r></w:sdtContent></w:sdt>`,
    `<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:t>，</w:t></w:r><w:bookmarkEnd w:id="10"/><w:r><w:t>其他。</w:t></w:r></w:p>`,
    `<w:sdt><w:sdtPr><w:tag w:val="block:02-hr-market.md.hbs:5"/><w:lock w:val="sdtLocked"/></w:sdtPr><w:sdtContent>`,
    `<w:p><w:commentRangeStart w:id="1"/><w:r><w:t>跨段的</w:t></w:r></w:p><w:p><w:r><w:t>批注</w:t></w:r><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r></w:p>`,
    `</w:sdtContent></w:sdt>`,
  ].join("");
  const comments = `<w:comment w:id="0" w:author="审核人" w:date="2021-03-04T12:00:00Z" w:initials="SH"><w:p><w:r><w:t>请核实</w:t></w:r></w:p><w:p><w:r><w:t>数据来源</w:t></w:r></w:p></w:comment><w:comment w:id="1" w:author="LibreOffice 用户" w:date="2021-03-04T12:01:00"><w:p><w:r><w:t>两段都看</w:t></w:r></w:p></w:comment>`;
  const doc = parseDocx("t.docx", docxPackage({ body, comments, properties: { "bulletin:build": "abc123", 版本: "2" } }));
  const ps = allParagraphs(doc.body);

  it("reads inline controls with tag, alias, lock and type, and block controls around paragraphs", () => {
    const fig = ps[0]!.runs.find((x) => x.text === "61.64万人")!;
    expect(fig.controls).toEqual([{ id: "-123", tag: "employment.urban_new_jobs@520000", alias: "城镇新增就业人数", lock: "sdtContentLocked", type: "text", placeholder: false }]);
    expect(ps[0]!.runs.filter((x) => x.controls.length === 0).map((x) => x.text)).toEqual(["全省城镇新增就业", "，", "其他。"]);
    const block = doc.body[1]!;
    expect(block.kind === "control" && [block.control.tag, block.control.lock]).toEqual(["block:02-hr-market.md.hbs:5", "sdtLocked"]);
    expect(ps[1]!.controls.map((c) => c.tag)).toEqual(["block:02-hr-market.md.hbs:5"]);
  });

  it("reads bookmarks, between blocks and around runs", () => {
    expect(ps[0]!.bookmarks).toEqual(["src_01-employment_3"]);
    expect(ps[0]!.runs.map((x) => x.bookmarks.length)).toEqual([1, 1, 1, 0]);
    expect(ps[0]!.paraId).toBe("00000001");
  });

  it("reads comments with author, date and text, and their anchored text across paragraphs", () => {
    expect(doc.comments.get("0")).toEqual({ id: "0", author: "审核人", initials: "SH", date: "2021-03-04T12:00:00Z", text: "请核实\n数据来源" });
    const anchors = commentAnchors(doc);
    expect(anchors.get("0")).toEqual({ text: "全省城镇新增就业61.64万人", paragraphs: [0] });
    expect(anchors.get("1")).toEqual({ text: "跨段的批注", paragraphs: [1, 2] });
  });

  it("reads the custom document properties", () => {
    expect([...doc.properties]).toEqual([["bulletin:build", "abc123"], ["版本", "2"]]);
  });
});

describe("tables", () => {
  const cell = (text: string, tcPr = "") => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ""}<w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:tc>`;
  const body = `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>` +
    `<w:tr><w:trPr><w:tblHeader/></w:trPr>${cell("指标")}${cell("2020年", `<w:gridSpan w:val="2"/>`)}</w:tr>` +
    `<w:tr>${cell("贵阳市", `<w:vMerge w:val="restart"/>`)}${cell("1.5")}${cell("2.5")}</w:tr>` +
    `<w:tr><w:trPr><w:ins w:id="1" w:author="张三" w:date="2021-03-01T00:00:00Z"/></w:trPr>${cell("", `<w:vMerge/>`)}${cell("3")}${cell("4")}</w:tr>` +
    `</w:tbl>`;
  const doc = parseDocx("t.docx", docxPackage({ body }));

  it("reads rows, cells, spans, vertical merges, header rows and inserted rows", () => {
    const table = doc.body[0] as Table;
    expect(table.styleId).toBe("TableGrid");
    expect(table.rows.map((row) => row.cells.map((c) => [c.span, c.vMerge ?? null]))).toEqual([
      [[1, null], [2, null]],
      [[1, "restart"], [1, null], [1, null]],
      [[1, "continue"], [1, null], [1, null]],
    ]);
    expect(table.rows.map((row) => row.header)).toEqual([true, false, false]);
    expect(table.rows[2]!.change?.type).toBe("ins");
    expect(viewText(doc, "reject")).toEqual(["指标", "2020年", "贵阳市", "1.5", "2.5"]);
    expect(viewText(doc, "accept")).toHaveLength(8);
  });
});

describe("a user's bad DOCX is a UserError naming the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "word-reader-"));
  const expectUserError = (f: () => unknown, pattern: RegExp) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).problems[0]!.file).toMatch(/draft/);
      expect((e as Error).message).toMatch(pattern);
      return;
    }
    throw new Error("no error");
  };

  it("not a zip", () => {
    const file = join(dir, "draft.docx");
    writeFileSync(file, "{\\rtf1 这是RTF}");
    expectUserError(() => readDocx(file), /not a DOCX \(not a zip archive/);
  });

  it("a zip without word/document.xml", () => {
    const file = join(dir, "draft-book.docx");
    writeFileSync(file, zipSync({ "xl/workbook.xml": strToU8("<workbook/>") }));
    expectUserError(() => readDocx(file), /has no word\/document\.xml/);
  });

  it("a part that would inflate beyond the bound, refused before inflating", () => {
    const zeros = new Uint8Array(LIMITS.partBytes + 1);
    const bomb = zipSync({ "word/document.xml": [zeros, { level: 9 }] });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expectUserError(() => parseDocx("draft-bomb.docx", bomb), /would inflate to \d+ bytes, more than/);
  });

  it("malformed XML, and a missing file", () => {
    expectUserError(() => parseDocx("draft-bad.docx", zipSync({ "word/document.xml": strToU8("<w:document><w:body>") })), /not a readable DOCX: word\/document\.xml/);
    expectUserError(() => readDocx(join(dir, "draft-missing.docx")), /cannot be read/);
  });
});
