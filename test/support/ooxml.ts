/**
 * Hand-made DOCX packages for the reader's tests: the parts given as XML text, zipped with fflate. Only what a
 * package needs is added ([Content_Types].xml, the relationships); the rest is the caller's XML.
 */
import { strToU8, zipSync } from "fflate";

export const W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

export interface Parts {
  /** The children of w:body. */
  readonly body: string;
  /** The children of w:styles. */
  readonly styles?: string;
  readonly numbering?: string;
  /** The children of w:comments. */
  readonly comments?: string;
  /** name → value, as docProps/custom.xml. */
  readonly properties?: Readonly<Record<string, string>>;
  /** The namespace prefix used for WordprocessingML (Word writes w:; any prefix is allowed). */
  readonly prefix?: string;
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function docxPackage(parts: Parts): Uint8Array {
  const w = parts.prefix ?? "w";
  const ns = `xmlns:${w}="${W_NS}" xmlns:r="${REL}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"`;
  const files: Record<string, string> = {
    "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
    "_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>${parts.properties ? `<Relationship Id="rId2" Type="${REL}/custom-properties" Target="docProps/custom.xml"/>` : ""}</Relationships>`,
    "word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><${w}:document ${ns}><${w}:body>${parts.body}</${w}:body></${w}:document>`,
  };
  const rels: string[] = [];
  if (parts.styles !== undefined) {
    files["word/styles.xml"] = `<?xml version="1.0" encoding="UTF-8"?><${w}:styles ${ns}>${parts.styles}</${w}:styles>`;
    rels.push(`<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/>`);
  }
  if (parts.numbering !== undefined) {
    files["word/numbering.xml"] = `<?xml version="1.0" encoding="UTF-8"?><${w}:numbering ${ns}>${parts.numbering}</${w}:numbering>`;
    rels.push(`<Relationship Id="rIdN" Type="${REL}/numbering" Target="numbering.xml"/>`);
  }
  if (parts.comments !== undefined) {
    files["word/comments.xml"] = `<?xml version="1.0" encoding="UTF-8"?><${w}:comments ${ns}>${parts.comments}</${w}:comments>`;
    rels.push(`<Relationship Id="rIdC" Type="${REL}/comments" Target="comments.xml"/>`);
  }
  files["word/_rels/document.xml.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`;
  if (parts.properties) {
    const props = Object.entries(parts.properties).map(([k, v], i) => `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${i + 2}" name="${escape(k)}"><vt:lpwstr>${escape(v)}</vt:lpwstr></property>`);
    files["docProps/custom.xml"] = `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${props.join("")}</Properties>`;
  }
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [name, text] of Object.entries(files)) entries[name] = [strToU8(text), { mtime: new Date(Date.UTC(2021, 0, 1)) }];
  return zipSync(entries);
}
