/**
 * The DOCX reader: a Word, WPS or LibreOffice file → WordDocument (model.ts). Shared by `npm run import` (a
 * division's draft) and `npm run review` (a reviewed build). The parts are found through the package's
 * relationships (ECMA-376 Part 2 §9.3), falling back to the usual names; anything a user could get wrong (not a
 * DOCX, no main document part, a damaged or oversized file) is a UserError naming the file.
 */
import { posix } from "node:path";
import { UserError } from "../errors.js";
import { readInput, type Confinement } from "../io/read.js";
import { LIMITS, openPackage } from "./zip.js";
import { child, childVal, elements, isOn, parseXml, textContent, type XmlElement } from "./xml.js";
import type { Block, Comment, ContentControl, Numbering, Paragraph, Revision, Row, Run, Style, Table, TextChange, WordDocument } from "./model.js";

/** U+2060, which the DOCX renderer puts between a number and its unit and inside a place name (render/docx/joins.ts): not text. */
const WORD_JOINER = "\u2060";

const REL_TYPES = {
  officeDocument: "/officeDocument",
  styles: "/styles",
  numbering: "/numbering",
  comments: "/comments",
  custom: "/custom-properties",
} as const;

/**
 * Reads a DOCX file through the one read path (src/io/read.ts: a regular file, inside `where`, bounded in size
 * before it is read). The commands that take a DOCX (`import`, `review`) confine the read to the project and
 * the one file the user named on the command line. `display` names it in messages.
 */
export function readDocx(file: string, where: Confinement, display: string = file): WordDocument {
  const bytes = readInput(file, display, "Word document", where, { bytes: LIMITS.fileBytes, hint: "remove large images or embedded fonts and save again" });
  return parseDocx(display, bytes);
}

/** Reads a DOCX held in memory (`file` names it in messages). */
export function parseDocx(file: string, bytes: Uint8Array): WordDocument {
  const pkg = openPackage(file, bytes, (name) => name.endsWith(".xml") || name.endsWith(".rels"));
  const xml = (name: string): XmlElement | undefined => {
    const data = pkg.read(name);
    if (!data) return undefined;
    try {
      return parseXml(new TextDecoder("utf-8").decode(data), name);
    } catch (e) {
      throw new UserError({ file, message: `is not a readable DOCX: ${(e as Error).message}`, hint: "open it in Word, WPS or LibreOffice and save it again as .docx" });
    }
  };
  const rootRels = relationships(xml("_rels/.rels"), "");
  const main = rootRels.find((r) => r.type.endsWith(REL_TYPES.officeDocument))?.target ?? "word/document.xml";
  const documentXml = xml(main);
  if (!documentXml) throw new UserError({ file, message: `is not a Word document (it has no ${main}; a spreadsheet or presentation?)`, hint: "give the .docx of the text, saved from Word, WPS or LibreOffice Writer" });
  const partRels = relationships(xml(relsOf(main)), posix.dirname(main));
  const part = (type: string, fallback: string) => xml(partRels.find((r) => r.type.endsWith(type))?.target ?? fallback);
  const customName = rootRels.find((r) => r.type.endsWith(REL_TYPES.custom))?.target ?? "docProps/custom.xml";

  const numbering = readNumbering(part(REL_TYPES.numbering, "word/numbering.xml"));
  const styles = readStyles(part(REL_TYPES.styles, "word/styles.xml"));
  const reader = new BodyReader(styles, numbering);
  const body = child(documentXml, "w:body");
  if (!body) throw new UserError({ file, message: `is not a readable DOCX: ${main} has no w:body`, hint: "open it in Word, WPS or LibreOffice and save it again as .docx" });
  return {
    file,
    body: reader.blocks(body, []),
    styles,
    comments: readComments(part(REL_TYPES.comments, "word/comments.xml"), styles, numbering),
    properties: readCustomProperties(xml(customName)),
    // Custom XML parts (ECMA-376 Part 1 §15.2.5): e.g. the review record of a DOCX this project built.
    customXml: pkg.names.filter((n) => /^customXml\/item\d+\.xml$/i.test(n)).sort().flatMap((n) => xml(n) ?? []),
  };
}

function relsOf(part: string): string {
  return posix.join(posix.dirname(part), "_rels", `${posix.basename(part)}.rels`);
}

function relationships(rels: XmlElement | undefined, base: string): { type: string; target: string }[] {
  return elements(rels, "rel:Relationship")
    .filter((r) => r.attrs.TargetMode !== "External")
    .map((r) => {
      const target = r.attrs.Target ?? "";
      return { type: r.attrs.Type ?? "", target: target.startsWith("/") ? target.slice(1) : posix.normalize(posix.join(base, target)) };
    });
}

function revision(el: XmlElement): Revision {
  return { id: el.attrs["w:id"], author: el.attrs["w:author"], date: el.attrs["w:date"] };
}

function intAttr(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

function readStyles(root: XmlElement | undefined): Map<string, Style> {
  const out = new Map<string, Style>();
  for (const s of elements(root, "w:style")) {
    const id = s.attrs["w:styleId"];
    if (!id) continue;
    const pPr = child(s, "w:pPr");
    const numPr = child(pPr, "w:numPr");
    const numId = childVal(numPr, "w:numId");
    out.set(id, {
      id,
      name: childVal(s, "w:name"),
      type: s.attrs["w:type"],
      basedOn: childVal(s, "w:basedOn"),
      outlineLevel: intAttr(childVal(pPr, "w:outlineLvl")),
      ...(numId !== undefined && { numbering: { numId, level: intAttr(childVal(numPr, "w:ilvl")) ?? 0 } }),
    });
  }
  return out;
}

type NumberingLevels = Map<string, Map<number, { format?: string; text?: string }>>;

/** numId → its abstract numbering's levels (w:num → w:abstractNumId → w:lvl, §17.9). */
function readNumbering(root: XmlElement | undefined): NumberingLevels {
  const abstract = new Map<string, Map<number, { format?: string; text?: string }>>();
  for (const a of elements(root, "w:abstractNum")) {
    const levels = new Map<number, { format?: string; text?: string }>();
    for (const l of elements(a, "w:lvl")) levels.set(intAttr(l.attrs["w:ilvl"]) ?? 0, { format: childVal(l, "w:numFmt"), text: childVal(l, "w:lvlText") });
    abstract.set(a.attrs["w:abstractNumId"] ?? "", levels);
  }
  const out: NumberingLevels = new Map();
  for (const n of elements(root, "w:num")) {
    const levels = abstract.get(childVal(n, "w:abstractNumId") ?? "");
    if (n.attrs["w:numId"] !== undefined && levels) out.set(n.attrs["w:numId"], levels);
  }
  return out;
}

function readComments(root: XmlElement | undefined, styles: Map<string, Style>, numbering: NumberingLevels): Map<string, Comment> {
  const out = new Map<string, Comment>();
  for (const c of elements(root, "w:comment")) {
    const id = c.attrs["w:id"] ?? "";
    const reader = new BodyReader(styles, numbering);
    const paragraphs = reader.blocks(c, []).filter((b): b is Paragraph => b.kind === "paragraph");
    out.set(id, { id, author: c.attrs["w:author"], initials: c.attrs["w:initials"], date: c.attrs["w:date"], text: paragraphs.map((p) => p.runs.filter((r) => r.change?.type !== "del").map((r) => r.text).join("")).join("\n") });
  }
  return out;
}

function readCustomProperties(root: XmlElement | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of elements(root, "cp:property")) {
    const value = elements(p)[0];
    if (p.attrs.name !== undefined) out.set(p.attrs.name, value ? textContent(value) : "");
  }
  return out;
}

function control(sdtPr: XmlElement | undefined): ContentControl {
  const known = ["w:text", "w:richText", "w:date", "w:dropDownList", "w:comboBox", "w:picture", "w:docPartObj", "w:group", "w:checkbox", "w14:checkbox", "w:citation", "w:bibliography", "w:equation"];
  const type = elements(sdtPr).find((e) => known.includes(e.name))?.name.replace(/^w1?4?:/, "");
  return {
    id: childVal(sdtPr, "w:id"),
    tag: childVal(sdtPr, "w:tag"),
    alias: childVal(sdtPr, "w:alias"),
    lock: childVal(sdtPr, "w:lock"),
    type,
    placeholder: isOn(child(sdtPr, "w:showingPlcHdr")),
  };
}

/** Elements whose content is read as if they were not there (§17.5.1 customXml, §17.16.22 hyperlink, …). */
const TRANSPARENT_INLINE = new Set(["w:hyperlink", "w:smartTag", "w:customXml", "w:fldSimple", "w:dir", "w:bdo"]);
const CHANGE_WRAPPERS = new Set(["w:ins", "w:del", "w:moveFrom", "w:moveTo"]);

interface InlineContext {
  readonly change?: TextChange;
  readonly controls: readonly ContentControl[];
}

/**
 * Walks the body in document order. Comment ranges and bookmarks may span paragraphs (§17.13.4.4, §17.13.6.2),
 * so which are open is the reader's state, not a paragraph's.
 */
class BodyReader {
  private readonly openComments = new Set<string>();
  private readonly openBookmarks = new Map<string, string>();
  /** Bookmarks started between blocks: given to the next block. */
  private pendingBookmarks: string[] = [];

  constructor(
    private readonly styles: Map<string, Style>,
    private readonly numbering: NumberingLevels,
  ) {}

  blocks(container: XmlElement, controls: readonly ContentControl[]): Block[] {
    const out: Block[] = [];
    for (const el of elements(container)) {
      if (el.name === "w:p") out.push(this.paragraph(el, controls));
      else if (el.name === "w:tbl") out.push(this.table(el, controls));
      else if (el.name === "w:sdt") {
        const props = control(child(el, "w:sdtPr"));
        out.push({ kind: "control", control: props, blocks: this.blocks(child(el, "w:sdtContent") ?? el, [...controls, props]) });
      } else if (el.name === "w:customXml" || CHANGE_WRAPPERS.has(el.name)) out.push(...this.blocks(el, controls));
      else this.marker(el, true);
    }
    return out;
  }

  /** Bookmark and comment-range markers; true when `el` was one. */
  private marker(el: XmlElement, betweenBlocks: boolean, paragraphBookmarks?: string[], paragraphComments?: string[]): boolean {
    const id = el.attrs["w:id"] ?? "";
    switch (el.name) {
      case "w:bookmarkStart": {
        const name = el.attrs["w:name"] ?? "";
        this.openBookmarks.set(id, name);
        if (betweenBlocks) this.pendingBookmarks.push(name);
        else paragraphBookmarks?.push(name);
        return true;
      }
      case "w:bookmarkEnd":
        this.openBookmarks.delete(id);
        return true;
      case "w:commentRangeStart":
        this.openComments.add(id);
        if (paragraphComments && !paragraphComments.includes(id)) paragraphComments.push(id);
        return true;
      case "w:commentRangeEnd":
        this.openComments.delete(id);
        return true;
      default:
        return false;
    }
  }

  private takeBookmarks(): string[] {
    const b = this.pendingBookmarks;
    this.pendingBookmarks = [];
    return b;
  }

  private paragraph(p: XmlElement, controls: readonly ContentControl[]): Paragraph {
    const pPr = child(p, "w:pPr");
    const styleId = childVal(pPr, "w:pStyle");
    const style = styleId !== undefined ? this.styles.get(styleId) : undefined;
    const bookmarks = this.takeBookmarks();
    const comments = [...this.openComments];
    const runs: Run[] = [];
    this.inline(p, { controls: [] }, runs, bookmarks, comments);
    const markRPr = child(pPr, "w:rPr");
    const markChange = child(markRPr, "w:ins") ?? child(markRPr, "w:del");
    const pPrChange = child(pPr, "w:pPrChange");
    const numbering = this.numberingOf(child(pPr, "w:numPr"), style);
    return {
      kind: "paragraph",
      paraId: p.attrs["w14:paraId"],
      styleId,
      styleName: style?.name,
      outlineLevel: intAttr(childVal(pPr, "w:outlineLvl")) ?? this.styleOutline(styleId),
      ...(numbering && { numbering }),
      alignment: childVal(pPr, "w:jc"),
      runs,
      ...(markChange && { mark: { type: markChange.name === "w:ins" ? "ins" : "del", ...revision(markChange) } }),
      ...(pPrChange && { formatChange: revision(pPrChange) }),
      bookmarks,
      comments,
      controls,
    };
  }

  /** w:outlineLvl through the w:basedOn chain; else a built-in `heading N` style (Word's and LibreOffice's English names). */
  private styleOutline(styleId: string | undefined): number | undefined {
    const seen = new Set<string>();
    for (let id = styleId; id !== undefined && !seen.has(id); id = this.styles.get(id)?.basedOn) {
      seen.add(id);
      const style = this.styles.get(id);
      if (style?.outlineLevel !== undefined) return style.outlineLevel;
      const heading = /^(?:heading|标题)\s*(\d)$/i.exec(style?.name ?? id);
      if (heading) return Number(heading[1]) - 1;
    }
    return undefined;
  }

  private numberingOf(numPr: XmlElement | undefined, style: Style | undefined): Numbering | undefined {
    let numId = childVal(numPr, "w:numId");
    let level = intAttr(childVal(numPr, "w:ilvl"));
    const seen = new Set<string>();
    for (let s = style; numId === undefined && s && !seen.has(s.id); s = s.basedOn ? this.styles.get(s.basedOn) : undefined) {
      seen.add(s.id);
      if (s.numbering) {
        numId = s.numbering.numId;
        level ??= s.numbering.level;
      }
    }
    // numId 0 removes numbering the style would give (§17.9.18).
    if (numId === undefined || numId === "0") return undefined;
    const lvl = this.numbering.get(numId)?.get(level ?? 0);
    return { numId, level: level ?? 0, ...(lvl?.format !== undefined && { format: lvl.format }), ...(lvl?.text !== undefined && { text: lvl.text }) };
  }

  private inline(container: XmlElement, ctx: InlineContext, out: Run[], bookmarks: string[], comments: string[]): void {
    for (const el of elements(container)) {
      if (el.name === "w:r") this.run(el, ctx, out, comments);
      else if (CHANGE_WRAPPERS.has(el.name)) this.inline(el, { ...ctx, change: { type: el.name.slice(2) as TextChange["type"], ...revision(el) } }, out, bookmarks, comments);
      else if (el.name === "w:sdt") {
        const props = control(child(el, "w:sdtPr"));
        this.inline(child(el, "w:sdtContent") ?? el, { ...ctx, controls: [...ctx.controls, props] }, out, bookmarks, comments);
      } else if (TRANSPARENT_INLINE.has(el.name)) this.inline(el, ctx, out, bookmarks, comments);
      else this.marker(el, false, bookmarks, comments);
    }
  }

  private run(r: XmlElement, ctx: InlineContext, out: Run[], comments: string[]): void {
    const rPr = child(r, "w:rPr");
    const rPrChange = child(rPr, "w:rPrChange");
    let text = "";
    for (const el of elements(r)) {
      switch (el.name) {
        case "w:t":
        case "w:delText":
          // Without the word joiners the DOCX renderer puts inside a number with its unit (render/docx/joins.ts).
          text += textContent(el).replaceAll(WORD_JOINER, "");
          break;
        case "w:tab":
        case "w:ptab":
          text += "\t";
          break;
        case "w:br":
        case "w:cr":
          text += "\n";
          break;
        case "w:noBreakHyphen":
          text += "\u2011";
          break;
        case "w:sym": {
          // w:char is a hex code in the symbol font (§17.3.3.30); fonts like Symbol map it to U+F0xx.
          const code = Number.parseInt(el.attrs["w:char"] ?? "", 16);
          if (Number.isFinite(code)) text += String.fromCodePoint(code);
          break;
        }
        case "w:commentReference": {
          const id = el.attrs["w:id"] ?? "";
          if (!comments.includes(id)) comments.push(id);
          break;
        }
        default:
          break;
      }
    }
    if (text === "") return;
    out.push({
      text,
      bold: isOn(child(rPr, "w:b")),
      italic: isOn(child(rPr, "w:i")),
      ...(ctx.change && { change: ctx.change }),
      ...(rPrChange && { formatChange: revision(rPrChange) }),
      controls: ctx.controls,
      comments: [...this.openComments],
      bookmarks: [...this.openBookmarks.values()],
    });
  }

  private table(tbl: XmlElement, controls: readonly ContentControl[]): Table {
    const bookmarks = this.takeBookmarks();
    const rows: Row[] = [];
    for (const tr of elements(tbl, "w:tr")) {
      const trPr = child(tr, "w:trPr");
      const change = child(trPr, "w:ins") ?? child(trPr, "w:del");
      const cells = elements(tr, "w:tc").map((tc) => {
        const tcPr = child(tc, "w:tcPr");
        const vMerge = child(tcPr, "w:vMerge");
        return {
          span: intAttr(childVal(tcPr, "w:gridSpan")) ?? 1,
          // A w:vMerge without w:val continues the merge (§17.4.85).
          ...(vMerge && { vMerge: vMerge.attrs["w:val"] === "restart" ? ("restart" as const) : ("continue" as const) }),
          blocks: this.blocks(tc, controls),
        };
      });
      rows.push({ cells, header: isOn(child(trPr, "w:tblHeader")), ...(change && { change: { type: change.name === "w:ins" ? "ins" : "del", ...revision(change) } }) });
    }
    return { kind: "table", styleId: childVal(child(tbl, "w:tblPr"), "w:tblStyle"), rows, bookmarks, controls };
  }
}
