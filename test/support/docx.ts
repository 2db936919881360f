/** Reads a DOCX back: its XML parts, and the text of each paragraph of word/document.xml. */
import JSZip from "jszip";
import { chineseNumeral } from "../../src/model/numbering.js";
import { WORD_JOINER } from "../../src/render/docx/joins.js";

export async function docxParts(data: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(data);
  const parts = new Map<string, string>();
  for (const name of Object.keys(zip.files).sort()) {
    if (/\.(xml|rels)$/.test(name)) parts.set(name, await zip.file(name)!.async("string"));
  }
  return parts;
}

const unescape = (s: string): string => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/**
 * The text of every paragraph of a WordprocessingML part, in document order (table cells included), as Word shows
 * it: a paragraph whose mark is hidden with w:specVanish (a style separator, the run-in heading) joins the next, and
 * a numbered paragraph (the Heading 1/2 styles' numbering of src/render/docx, 一、 at level 0 and （一） at level 1,
 * the second restarting after each first; `w:numId 0` takes it off a paragraph) starts with its number. The word
 * joiners inside a place name or a number with its unit (src/render/docx/joins.ts) are no text a reader sees.
 */
export function paragraphTexts(xml: string): string[] {
  const out: string[] = [];
  let carry = "";
  const counters = [0, 0];
  for (const p of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)) {
    const style = /<w:pStyle w:val="Heading([12])"\/>/.exec(p[0])?.[1];
    const level = style === undefined || p[0].includes('<w:numId w:val="0"/>') ? undefined : String(Number(style) - 1);
    let number = "";
    if (level === "0") {
      counters[0]!++;
      counters[1] = 0;
      number = `${chineseNumeral(counters[0]!)}、`;
    } else if (level === "1") number = `（${chineseNumeral(++counters[1]!)}）`;
    const text = carry + number + [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescape(t[1]!)).join("").replaceAll(WORD_JOINER, "");
    const mark = /<w:pPr>[\s\S]*?<\/w:pPr>/.exec(p[0])?.[0] ?? "";
    if (mark.includes("<w:specVanish/>")) carry = text;
    else {
      out.push(text);
      carry = "";
    }
  }
  return out;
}

/** Paragraphs whose mark is hidden (w:vanish + w:specVanish): Word's style separator. */
export function styleSeparated(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => p[0]).filter((p) => /<w:pPr>[\s\S]*<w:vanish\/>[\s\S]*<w:specVanish\/>[\s\S]*<\/w:pPr>/.test(p));
}
