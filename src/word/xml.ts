/**
 * A DOCX part's XML as a small element tree (saxes, a strict, namespace-aware SAX parser). Element and
 * attribute names are canonicalised to the prefixes of ECMA-376 (`w:p`, `w:val`, `w14:paraId`) whatever prefix
 * the writer declared — Word, LibreOffice and WPS all write `w:`, but the schema binds by namespace URI, and
 * Strict OOXML (ISO/IEC 29500 Strict, `purl.oclc.org` URIs) names the same elements under other URIs.
 */
import { SaxesParser } from "saxes";

export interface XmlElement {
  /** `prefix:local` with the canonical prefix of its namespace (below), or the local name alone. */
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}
export type XmlNode = XmlElement | string;

const PREFIXES: Readonly<Record<string, string>> = {
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
  "http://purl.oclc.org/ooxml/wordprocessingml/main": "w",
  "http://schemas.microsoft.com/office/word/2010/wordml": "w14",
  "http://schemas.microsoft.com/office/word/2012/wordml": "w15",
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
  "http://purl.oclc.org/ooxml/officeDocument/relationships": "r",
  "http://schemas.openxmlformats.org/package/2006/relationships": "rel",
  "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties": "cp",
  "http://purl.oclc.org/ooxml/officeDocument/customProperties": "cp",
  "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes": "vt",
  "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes": "vt",
  "http://schemas.openxmlformats.org/markup-compatibility/2006": "mc",
  "http://www.w3.org/XML/1998/namespace": "xml",
  // The review record a DOCX of this project carries (src/render/docx/provenance.ts REVIEW_NS).
  "urn:gz-hrss-bulletin:review:1": "rv",
};

function canonical(uri: string, local: string, prefix: string): string {
  if (uri === "") return local;
  return `${PREFIXES[uri] ?? prefix}:${local}`;
}

/** Parses one part; throws an Error with the part's name and the parser's line on malformed XML. */
export function parseXml(text: string, part: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const root: { children: XmlNode[] } = { children: [] };
  const stack: { children: XmlNode[] }[] = [root];
  parser.on("opentag", (tag) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === "xmlns" || a.name === "xmlns") continue;
      attrs[canonical(a.uri, a.local, a.prefix)] = a.value;
    }
    const el = { name: canonical(tag.uri, tag.local, tag.prefix), attrs, children: [] as XmlNode[] };
    stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const text_ = (t: string) => {
    const top = stack[stack.length - 1]!;
    if (stack.length > 1) top.children.push(t);
  };
  parser.on("text", text_);
  parser.on("cdata", text_);
  try {
    parser.write(text).close();
  } catch (e) {
    throw new Error(`${part}: ${(e as Error).message}`);
  }
  const top = root.children.find((c): c is XmlElement => typeof c !== "string");
  if (!top) throw new Error(`${part}: no root element`);
  return top;
}

export function elements(el: XmlElement | undefined, name?: string): XmlElement[] {
  if (!el) return [];
  return el.children.filter((c): c is XmlElement => typeof c !== "string" && (name === undefined || c.name === name));
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c): c is XmlElement => typeof c !== "string" && c.name === name);
}

/** The `w:val` (or another attribute) of a child: `<w:pStyle w:val="Heading1"/>`. */
export function childVal(el: XmlElement | undefined, name: string, attr = "w:val"): string | undefined {
  return child(el, name)?.attrs[attr];
}

/** Every text node under the element, in order. */
export function textContent(el: XmlElement): string {
  return el.children.map((c) => (typeof c === "string" ? c : textContent(c))).join("");
}

/**
 * An OOXML on/off property (ST_OnOff, ECMA-376 Part 1 §17.17.4): present without w:val, or with true/1/on, is on.
 */
export function isOn(el: XmlElement | undefined): boolean {
  if (!el) return false;
  const v = el.attrs["w:val"];
  return v === undefined || v === "true" || v === "1" || v === "on";
}
