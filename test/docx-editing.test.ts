/**
 * The built bulletin DOCX made to be edited (issue 23), read from its XML: every figure a locked content control
 * tagged with its indicator and region, every paragraph in a `src_<n>` bookmark the review record names, the build
 * in custom properties, fonts named as installed, heading numbers in the heading styles, every paragraph style based
 * on Normal; and, where LibreOffice can run, no character lost and no page holding only a heading when it lays the
 * DOCX out (with the default profile's fonts installed, as on a user's machine).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { loadFontProfile } from "../src/fonts/profile.js";
import { readDocx } from "../src/word/index.js";
import { confinedTo } from "../src/io/project-path.js";
import { readRecord } from "../src/review/record.js";
import { builtFile, builtModel } from "./support/built.js";
import { docxParts, paragraphTexts } from "./support/docx.js";

let parts: Map<string, string>;
const doc = () => parts.get("word/document.xml")!;
const styles = () => parts.get("word/styles.xml")!;

beforeAll(async () => {
  parts = await docxParts(builtFile("520000-bulletin.docx"));
});

describe("the DOCX made to be edited", () => {
  it("makes every figure of the model a locked content control tagged with its indicator and region", () => {
    // The figures the presentation gave each paragraph, in document order, as the review record keeps them.
    const record = readRecord(readDocx(join(inject("built"), "520000-bulletin.docx"), confinedTo(inject("built"))));
    const refs = [...record.entries.values()].flatMap((e) => e.segments.flatMap((seg) => (seg.ref ? [`fig:${seg.ref}@${seg.region}`] : [])));
    const model = builtModel("520000", "bulletin");
    const inText = model.blocks.flatMap((b) => (b.type === "paragraph" ? b.runs.filter((r) => r.ref && r.style !== "gap").map((r) => `fig:${r.ref}@${r.region}`) : []));
    for (const ref of inText) expect(refs).toContain(ref);
    const controls = [...doc().matchAll(/<w:sdt><w:sdtPr>([\s\S]*?)<\/w:sdtPr><w:sdtContent>([\s\S]*?)<\/w:sdtContent><\/w:sdt>/g)];
    expect(refs.length).toBeGreaterThan(200);
    expect(controls.map((c) => /<w:tag w:val="([^"]+)"\/>/.exec(c[1]!)?.[1])).toEqual(refs);
    for (const [, pr, content] of controls) {
      expect(pr).toContain('<w:lock w:val="contentLocked"/>');
      expect(pr).toMatch(/<w:alias w:val="数据：[^"]+（\d{6}）"\/>/);
      expect(content).toMatch(/^<w:r>[\s\S]*<\/w:r>$/); // inline: runs only
    }
    // Ids unique in the document (w:id of controls and bookmarks).
    const ids = [...doc().matchAll(/<w:(?:id|bookmarkStart) (?:w:val|w:id)="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("bookmarks every paragraph with text, and the record holds its template line and generated text", () => {
    const record = readRecord(readDocx(join(inject("built"), "520000-bulletin.docx"), confinedTo(inject("built"))));
    const names = [...doc().matchAll(/<w:bookmarkStart w:id="\d+" w:name="src_(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(names.length).toBe(record.entries.size);
    expect(record.build).toMatchObject({ report: "bulletin", region: "520000", year: 2020 });
    expect(record.build.templates.map((t) => t.file)).toContain("templates/bulletin/2020/01-employment.md.hbs");
    const employment = [...record.entries.values()].find((e) => e.segments.some((s) => s.ref === "employment.urban_new_jobs"))!;
    expect(employment).toMatchObject({ file: "templates/bulletin/2020/01-employment.md.hbs", line: 3 });
    expect(employment.segments.slice(0, 2)).toEqual([{ text: "2020年，全省城镇新增就业" }, { text: "61.64万人", ref: "employment.urban_new_jobs", region: "520000" }]);
    // Every paragraph of the document with text is in a bookmark.
    const texts = [...doc().matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]).filter((p) => /<w:t[ >]/.test(p));
    for (const p of texts) expect(p, p.slice(0, 200)).toMatch(/<w:bookmarkStart w:id="\d+" w:name="src_\d+"\/>/);
    // The build in custom document properties.
    expect(parts.get("docProps/custom.xml")).toMatch(/name="bulletin.report"[\s\S]*?<vt:lpwstr>bulletin<\/vt:lpwstr>/);
  });

  it("names the profile's families as installed, never a renamed subset, and embeds none", () => {
    const profile = loadFontProfile("default", "fonts");
    const families = new Set(profile.faces.map((f) => f.family));
    for (const part of ["word/document.xml", "word/styles.xml"])
      for (const r of parts.get(part)!.matchAll(/<w:rFonts\b[^>]*>/g)) for (const m of r[0].matchAll(/w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"/g)) expect(families, `${part}: ${m[1]}`).toContain(m[1]);
    for (const m of parts.get("word/fontTable.xml")!.matchAll(/<w:font w:name="([^"]+)"/g)) expect(families).toContain(m[1]);
    expect([...parts.keys()].filter((k) => k.startsWith("word/fonts/"))).toEqual([]);
  });

  it("numbers headings from the Heading 1/2 styles and bases every paragraph style on Normal", () => {
    const st = styles();
    const numId = (id: string) => new RegExp(`w:styleId="${id}"[\\s\\S]*?<w:numPr><w:ilvl w:val="(\\d)"/><w:numId w:val="(\\d+)"/></w:numPr>`).exec(st);
    expect(numId("Heading1")?.[1]).toBe("0");
    expect(numId("Heading2")?.[1]).toBe("1");
    const numbering = parts.get("word/numbering.xml")!;
    expect(numbering).toMatch(/<w:lvl w:ilvl="0"[\s\S]*?<w:numFmt w:val="chineseCounting"\/>[\s\S]*?<w:lvlText w:val="%1、"\/>/);
    expect(numbering).toMatch(/<w:lvl w:ilvl="1"[\s\S]*?<w:numFmt w:val="chineseCounting"\/>[\s\S]*?<w:lvlText w:val="（%2）"\/>/);
    // No heading paragraph carries its own numbering, and no typed number where the style numbers it.
    expect(doc()).not.toMatch(/<w:numId w:val="[1-9]\d*"\/>/);
    expect(paragraphTexts(doc())).toContain("一、促进城乡就业");
    const paragraphStyles = [...st.matchAll(/<w:style w:type="paragraph"[^>]*w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)];
    expect(paragraphStyles.length).toBeGreaterThan(10);
    for (const [, id, body] of paragraphStyles) if (id !== "Normal") expect(body, id).toContain('<w:basedOn w:val="Normal"/>');
  });
});

/** soffice can lay the DOCX out here (LibreOffice 7.4, libreoffice-writer-nogui) with pdftotext (poppler-utils). */
const office = spawnSync("soffice", ["--version"]).status === 0 && spawnSync("pdftotext", ["-v"]).status === 0;
if (!office) console.warn("docx-editing: LibreOffice layout checks skipped: soffice (libreoffice-writer-nogui) or pdftotext (poppler-utils) is missing");

describe.skipIf(!office)("the DOCX in LibreOffice 7.4", () => {
  it("loses no character and has no page holding only a heading", () => {
    const dir = mkdtempSync(join(tmpdir(), "docx-lo-"));
    // A user's machine: the default profile's families installed (fontconfig reads ~/.fonts).
    const home = join(dir, "home");
    mkdirSync(join(home, ".fonts"), { recursive: true });
    for (const f of loadFontProfile("default", "fonts").faces) symlinkSync(f.file, join(home, ".fonts", f.file.split("/").pop()!));
    const docx = join(dir, "bulletin.docx");
    writeFileSync(docx, builtFile("520000-bulletin.docx"));
    const env = { ...process.env, HOME: home };
    const run = spawnSync("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "pdf", "--outdir", dir, docx], { env, encoding: "utf8", timeout: 240_000 });
    expect(run.status, run.stderr).toBe(0);
    const pdf = join(dir, "bulletin.pdf");
    const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout)?.[1]);
    const pageTexts = Array.from({ length: pages }, (_, i) => spawnSync("pdftotext", ["-layout", "-f", String(i + 1), "-l", String(i + 1), pdf, "-"], { encoding: "utf8" }).stdout);
    // Every character of the document's text (tracked deletions aside) is on some page.
    const count = (s: string) => {
      const m = new Map<string, number>();
      for (const ch of s) if (!/\s/.test(ch)) m.set(ch, (m.get(ch) ?? 0) + 1);
      return m;
    };
    const want = count([...doc().matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">")).join(""));
    const got = count(pageTexts.join(""));
    const lost = [...want].filter(([ch, n]) => (got.get(ch) ?? 0) < n).map(([ch, n]) => `${ch}×${n - (got.get(ch) ?? 0)}`);
    expect(lost).toEqual([]);
    for (const [i, text] of pageTexts.entries()) {
      const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !/^—\s*\d+\s*—$/.test(l));
      expect(lines.length, `page ${i + 1}: ${lines.join(" / ")}`).toBeGreaterThan(1);
    }
    console.info(`docx-editing: LibreOffice lays the bulletin DOCX out in ${pages} pages, no character lost`);
  }, 300_000);
});
