/**
 * The OFD package (GB/T 33190-2016 §7.2, figure 2): a zip holding
 *
 *     OFD.xml                         entry: DocInfo (metadata), DocRoot → Doc_0/Document.xml        (§7.4)
 *     Doc_0/Document.xml              CommonData (MaxUnitID, PageArea, PublicRes), Pages, Outlines   (§7.5)
 *     Doc_0/PublicRes.xml             fonts, BaseLoc Res                                             (§7.9)
 *     Doc_0/Res/font_<id>.ttf         the embedded font files
 *     Doc_0/Pages/Page_<n>/Content.xml                                                             (§7.7)
 *
 * Same inputs, same bytes: the creation date is the render options' date, the document id a digest of what the
 * document is (report, region, year), object ids counted in drawing order, and every zip entry dated 1980-01-01
 * 00:00 (the first DOS date; ../zip.ts writes DOS fields from UTC, so the time zone changes nothing).
 */
import { createHash } from "node:crypto";
import type { DocMeta } from "../../model/types.js";
import type { OutlineTarget } from "../../present/pages/types.js";
import { NS } from "./page.js";
import { esc, mm, num } from "./units.js";
import { zipArchive, type ZipEntry } from "../zip.js";

/** Software that wrote the document (DocInfo Creator). */
const CREATOR = "gz-hrss-bulletin";

export interface PackageParts {
  readonly meta: DocMeta;
  readonly date: Date;
  /** Page size in points. */
  readonly page: { readonly width: number; readonly height: number };
  /** Each page's id and Content.xml, in order. */
  readonly pages: readonly { readonly id: number; readonly xml: string }[];
  readonly outline: readonly OutlineTarget[];
  readonly fonts: { readonly xml: string; readonly files: Readonly<Record<string, Uint8Array>> };
  readonly maxUnitId: number;
}

const head = `<?xml version="1.0" encoding="UTF-8"?>\n`;

/** DocID (§7.4 table 4): 32 hexadecimal digits, the same for every build of this report for this region and year. */
function docId(meta: DocMeta): string {
  return createHash("sha256").update(JSON.stringify(["ofd", meta.report, meta.region.code, meta.year])).digest("hex").slice(0, 32);
}

/** OFD.xml (§7.4 table 3, DocInfo table 4 in its element order). */
function entry(meta: DocMeta, date: Date): string {
  const day = date.toISOString().slice(0, 10);
  const el = (name: string, text: string) => (text === "" ? "" : `<ofd:${name}>${esc(text)}</ofd:${name}>`);
  const keywords = meta.keywords.length ? `<ofd:Keywords>${meta.keywords.map((k) => el("Keyword", k)).join("")}</ofd:Keywords>` : "";
  const info = [el("DocID", docId(meta)), el("Title", meta.title), el("Author", meta.author), el("Subject", meta.subject), el("CreationDate", day), keywords, el("Creator", CREATOR)].join("");
  return `${head}<ofd:OFD xmlns:ofd="${NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>${info}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`;
}

/** Outlines (§7.8 table 17): level-1 headings with their level-2 headings inside, each going to its heading's top. */
function outlines(targets: readonly OutlineTarget[], pageIds: readonly number[]): string {
  const elem = (t: OutlineTarget, inner: string) => {
    const dest = `<ofd:Dest Type="XYZ" PageID="${pageIds[t.page - 1]}" Left="0" Top="${num(mm(t.top))}"/>`;
    return `<ofd:OutlineElem Title="${esc(t.text)}"><ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto>${dest}</ofd:Goto></ofd:Action></ofd:Actions>${inner}</ofd:OutlineElem>`;
  };
  const out: string[] = [];
  for (let i = 0; i < targets.length; ) {
    const t = targets[i++]!;
    const children: OutlineTarget[] = [];
    while (t.level === 1 && i < targets.length && targets[i]!.level === 2) children.push(targets[i++]!);
    out.push(elem(t, children.map((c) => elem(c, "")).join("")));
  }
  return out.length ? `<ofd:Outlines>${out.join("")}</ofd:Outlines>` : "";
}

function documentXml(parts: PackageParts): string {
  const area = `<ofd:PageArea><ofd:PhysicalBox>0 0 ${num(mm(parts.page.width))} ${num(mm(parts.page.height))}</ofd:PhysicalBox></ofd:PageArea>`;
  const common = `<ofd:CommonData><ofd:MaxUnitID>${parts.maxUnitId}</ofd:MaxUnitID>${area}<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>`;
  const pages = `<ofd:Pages>${parts.pages.map((p, i) => `<ofd:Page ID="${p.id}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join("")}</ofd:Pages>`;
  const ids = parts.pages.map((p) => p.id);
  return `${head}<ofd:Document xmlns:ofd="${NS}">${common}${pages}${outlines(parts.outline, ids)}</ofd:Document>`;
}

export function ofdPackage(parts: PackageParts): Buffer {
  const xml = (name: string, text: string): ZipEntry => ({ name, data: Buffer.from(text, "utf8") });
  const entries: ZipEntry[] = [
    xml("OFD.xml", entry(parts.meta, parts.date)),
    xml("Doc_0/Document.xml", documentXml(parts)),
    xml("Doc_0/PublicRes.xml", `${head}<ofd:Res xmlns:ofd="${NS}" BaseLoc="Res">${parts.fonts.xml}</ofd:Res>`),
    ...Object.entries(parts.fonts.files).map(([name, data]) => ({ name: `Doc_0/Res/${name}`, data })),
    ...parts.pages.map((p, i) => xml(`Doc_0/Pages/Page_${i}/Content.xml`, p.xml)),
  ];
  return zipArchive(entries, ZIP_DATE);
}

/** The first DOS date. */
const ZIP_DATE = new Date(Date.UTC(1980, 0, 1));
