/**
 * A reviewer's round written as Word writes it (ECMA-376 Part 1 §17.13: w:ins/w:del with w:author and w:date around
 * runs, a deleted paragraph's mark as w:pPr/w:rPr/w:del, an inserted paragraph with w14:paraId, a table row inserted
 * or deleted as w:trPr/w:ins|w:del (§17.13.5.19/.14) with its text in w:ins/w:del, comments as
 * w:commentRangeStart/End + w:commentReference and word/comments.xml), applied to a built DOCX's XML. Each edit
 * finds its text inside one w:t (the first occurrence after `after`, when given).
 */
import JSZip from "jszip";

export interface Edit {
  readonly op: "replace" | "insert_after" | "delete" | "comment" | "delete_paragraph" | "new_paragraph_after" | "replace_untracked" | "delete_row" | "delete_row_untracked" | "new_row_after" | "move_text" | "move_paragraph";
  readonly find: string;
  readonly after?: string;
  readonly with?: string;
  readonly text?: string;
  /** new_row_after: the new row's cells' text. */
  readonly cells?: readonly string[];
  /** move_text: the moved stretch runs from `find` to the end of the first `until` after it (runs and figures between moved whole). */
  readonly until?: string;
  /** move_text: moved to the end of the first `to_end` after the text `to`; move_paragraph: after the paragraph holding `to`. */
  readonly to?: string;
  readonly to_end?: string;
  /** move_paragraph: the bookmarks go with the text (as Word carries them), rather than stay where it was. */
  readonly keep_bookmarks?: boolean;
}

/** `xml` with the run holding offset `at` (inside its w:t) split there; the offset between the two runs. */
function splitRun(xml: string, at: number): { xml: string; at: number } {
  const rStart = xml.lastIndexOf("<w:r>", at);
  const rPr = /^<w:r>(<w:rPr>[\s\S]*?<\/w:rPr>)?/.exec(xml.slice(rStart))![1] ?? "";
  const close = "</w:t></w:r>";
  return { xml: `${xml.slice(0, at)}${close}<w:r>${rPr}<w:t xml:space="preserve">${xml.slice(at)}`, at: at + close.length };
}

/** Where `text` is (escaped) at or after `from`, inside one w:t. */
function inText(xml: string, text: string, from: number): number {
  for (let k = from; ; k++) {
    k = xml.indexOf(text, k);
    if (k < 0) throw new Error(`not found: ${text}`);
    if (xml.lastIndexOf("<w:t", k) > xml.lastIndexOf("</w:t>", k) && xml.indexOf("</w:t>", k) >= k + text.length) return k;
  }
}

export interface Round {
  readonly author: string;
  readonly date?: string;
  readonly edits: readonly Edit[];
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const W14 = "http://schemas.microsoft.com/office/word/2010/wordml";

export async function applyWordRound(docx: Buffer, round: Round): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  let xml = await zip.file("word/document.xml")!.async("string");
  if (!xml.includes("xmlns:w14=")) xml = xml.replace("<w:document ", `<w:document xmlns:w14="${W14}" `);
  const date = round.date ?? "2021-06-10T09:00:00Z";
  const rev = (() => {
    let id = 9000;
    return () => `w:id="${++id}" w:author="${esc(round.author)}" w:date="${date}"`;
  })();
  let para = 0x1000;
  const comments: string[] = [];

  let moves = 0;
  for (const e of round.edits) {
    if (e.op === "move_text" || e.op === "move_paragraph") {
      // ECMA-376 §17.13.5.22-25: w:moveFrom / w:moveTo around the runs, in named w:moveFrom/ToRangeStart…End.
      const name = `move${++moves}`;
      const range = (kind: "From" | "To", inner: string) => `<w:move${kind}RangeStart ${rev()} w:name="${name}"/><w:move${kind} ${rev()}>${inner}</w:move${kind}><w:move${kind}RangeEnd w:id="${8000 + moves}"/>`;
      const unbookmarked = (x: string) => x.replace(/<w:bookmark(Start|End) [^>]*\/>/g, "");
      if (e.op === "move_text") {
        const a = splitRun(xml, inText(xml, esc(e.find), 0));
        xml = a.xml;
        const until = inText(xml, esc(e.until!), a.at);
        const b = splitRun(xml, until + esc(e.until!).length);
        xml = b.xml;
        const moved = xml.slice(a.at, b.at);
        xml = xml.slice(0, a.at) + range("From", moved) + xml.slice(b.at);
        const to = inText(xml, esc(e.to!), a.at);
        const c = splitRun(xml, inText(xml, esc(e.to_end!), to) + esc(e.to_end!).length);
        xml = c.xml.slice(0, c.at) + range("To", unbookmarked(moved)) + c.xml.slice(c.at);
      } else {
        const at = inText(xml, esc(e.find), 0);
        const pStart = Math.max(xml.lastIndexOf("<w:p>", at), xml.lastIndexOf("<w:p ", at));
        const pEnd = xml.indexOf("</w:p>", at);
        const pPrEnd = xml.indexOf("</w:pPr>", pStart);
        const bodyStart = pPrEnd >= 0 && pPrEnd < pEnd ? pPrEnd + "</w:pPr>".length : xml.indexOf(">", pStart) + 1;
        const pPr = xml.slice(xml.indexOf(">", pStart) + 1, bodyStart);
        const content = xml.slice(bodyStart, pEnd);
        const mark = (kind: "From" | "To") => (pPr === "" ? `<w:pPr><w:rPr><w:move${kind} ${rev()}/></w:rPr></w:pPr>` : pPr.replace("</w:pPr>", `<w:rPr><w:move${kind} ${rev()}/></w:rPr></w:pPr>`));
        const source = `${xml.slice(pStart, xml.indexOf(">", pStart) + 1)}${mark("From")}${range("From", e.keep_bookmarks ? unbookmarked(content) : content)}</w:p>`;
        const moved = `<w:p w14:paraId="${(para++).toString(16).toUpperCase().padStart(8, "0")}">${mark("To")}${range("To", e.keep_bookmarks ? content : unbookmarked(content))}</w:p>`;
        xml = xml.slice(0, pStart) + source + xml.slice(pEnd + "</w:p>".length);
        const to = inText(xml, esc(e.to!), 0);
        const toEnd = xml.indexOf("</w:p>", to) + "</w:p>".length;
        xml = xml.slice(0, toEnd) + moved + xml.slice(toEnd);
      }
      continue;
    }
    const start = e.after === undefined ? 0 : xml.indexOf(esc(e.after));
    if (start < 0) throw new Error(`not found: ${e.after}`);
    // The run whose w:t holds the text.
    const needle = esc(e.find);
    let at = -1;
    for (let from = start; ; ) {
      at = xml.indexOf(needle, from);
      if (at < 0) throw new Error(`not found: ${e.find}`);
      const tOpen = xml.lastIndexOf("<w:t", at);
      const tClose = xml.lastIndexOf("</w:t>", at);
      if (tOpen > tClose && xml.indexOf("</w:t>", at) >= at + needle.length) break;
      from = at + 1;
    }
    const rStart = xml.lastIndexOf("<w:r>", at);
    const rEnd = xml.indexOf("</w:r>", at) + "</w:r>".length;
    const run = xml.slice(rStart, rEnd);
    const rPr = /^<w:r>(<w:rPr>[\s\S]*?<\/w:rPr>)?/.exec(run)![1] ?? "";
    const text = /<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/.exec(run)![1]!;
    const k = text.indexOf(needle);
    const before = text.slice(0, k);
    const rest = text.slice(k + needle.length);
    const r = (t: string) => (t === "" ? "" : `<w:r>${rPr}<w:t xml:space="preserve">${t}</w:t></w:r>`);
    const del = (t: string) => (t === "" ? "" : `<w:del ${rev()}><w:r>${rPr}<w:delText xml:space="preserve">${t}</w:delText></w:r></w:del>`);
    const ins = (t: string) => (t === "" ? "" : `<w:ins ${rev()}><w:r>${rPr}<w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:ins>`);
    const pStart = xml.lastIndexOf("<w:p>", at) > xml.lastIndexOf("<w:p ", at) ? xml.lastIndexOf("<w:p>", at) : xml.lastIndexOf("<w:p ", at);
    const pEnd = xml.indexOf("</w:p>", at) + "</w:p>".length;
    let replacement: string;
    switch (e.op) {
      case "replace":
        replacement = r(before) + del(needle) + ins(e.with!) + r(rest);
        break;
      case "replace_untracked":
        replacement = r(before) + r(esc(e.with!)) + r(rest);
        break;
      case "insert_after":
        replacement = r(before + needle) + ins(e.text!) + r(rest);
        break;
      case "delete":
        replacement = r(before) + del(needle) + r(rest);
        break;
      case "comment": {
        const id = comments.length;
        comments.push(`<w:comment w:id="${id}" w:author="${esc(round.author)}" w:date="${date}" w:initials="R"><w:p w14:paraId="${(para++).toString(16).toUpperCase().padStart(8, "0")}"><w:r><w:t xml:space="preserve">${esc(e.text!)}</w:t></w:r></w:p></w:comment>`);
        replacement = `${r(before)}<w:commentRangeStart w:id="${id}"/>${r(needle)}<w:commentRangeEnd w:id="${id}"/><w:r><w:commentReference w:id="${id}"/></w:r>${r(rest)}`;
        break;
      }
      case "delete_paragraph": {
        const p = xml.slice(pStart, pEnd);
        const deleted = p
          .replace(/<w:r>([\s\S]*?)<\/w:r>/g, (m, inner: string) => (inner.includes("<w:t") ? `<w:del ${rev()}><w:r>${inner.replace(/<w:t( [^>]*)?>/g, "<w:delText$1>").replace(/<\/w:t>/g, "</w:delText>")}</w:r></w:del>` : m))
          .replace(/<\/w:pPr>/, (m) => `<w:rPr><w:del ${rev()}/></w:rPr>${m}`);
        xml = xml.slice(0, pStart) + (deleted.includes("<w:pPr>") ? deleted : deleted.replace(/^(<w:p[^>]*>)/, `$1<w:pPr><w:rPr><w:del ${rev()}/></w:rPr></w:pPr>`)) + xml.slice(pEnd);
        continue;
      }
      case "delete_row": {
        const trStart = xml.lastIndexOf("<w:tr>", at);
        const trEnd = xml.indexOf("</w:tr>", at) + "</w:tr>".length;
        const row = xml
          .slice(trStart, trEnd)
          .replace(/<w:r>([\s\S]*?)<\/w:r>/g, (m, inner: string) => (inner.includes("<w:t") ? `<w:del ${rev()}><w:r>${inner.replace(/<w:t( [^>]*)?>/g, "<w:delText$1>").replace(/<\/w:t>/g, "</w:delText>")}</w:r></w:del>` : m))
          .replace("</w:trPr>", `<w:del ${rev()}/></w:trPr>`);
        xml = xml.slice(0, trStart) + row + xml.slice(trEnd);
        continue;
      }
      case "delete_row_untracked": {
        const trStart = xml.lastIndexOf("<w:tr>", at);
        xml = xml.slice(0, trStart) + xml.slice(xml.indexOf("</w:tr>", at) + "</w:tr>".length);
        continue;
      }
      case "new_row_after": {
        // The row found, its cells' properties kept, each cell's content one inserted paragraph (no bookmark: new).
        const trStart = xml.lastIndexOf("<w:tr>", at);
        const trEnd = xml.indexOf("</w:tr>", at) + "</w:tr>".length;
        const model = xml.slice(trStart, trEnd);
        const trPr = /<w:trPr>([\s\S]*?)<\/w:trPr>/.exec(model)?.[1] ?? "";
        const tcs = [...model.matchAll(/<w:tc>(<w:tcPr>[\s\S]*?<\/w:tcPr>)[\s\S]*?(<w:pPr>[\s\S]*?<\/w:pPr>)[\s\S]*?<\/w:tc>/g)];
        if (tcs.length !== e.cells!.length) throw new Error(`new_row_after: the row has ${tcs.length} cells, the edit ${e.cells!.length}`);
        const cells = tcs.map((tc, i) => `<w:tc>${tc[1]}<w:p>${tc[2]}${ins(e.cells![i]!)}</w:p></w:tc>`);
        xml = xml.slice(0, trEnd) + `<w:tr><w:trPr>${trPr.replace("<w:tblHeader/>", "")}<w:ins ${rev()}/></w:trPr>${cells.join("")}</w:tr>` + xml.slice(trEnd);
        continue;
      }
      case "new_paragraph_after": {
        const added = `<w:p w14:paraId="${(para++).toString(16).toUpperCase().padStart(8, "0")}"><w:pPr><w:rPr><w:ins ${rev()}/></w:rPr></w:pPr>${ins(e.text!)}</w:p>`;
        xml = xml.slice(0, pEnd) + added + xml.slice(pEnd);
        continue;
      }
    }
    xml = xml.slice(0, rStart) + replacement + xml.slice(rEnd);
  }
  zip.file("word/document.xml", xml);
  if (comments.length > 0) {
    zip.file("word/comments.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="${W14}">${comments.join("")}</w:comments>`);
    const rels = await zip.file("word/_rels/document.xml.rels")!.async("string");
    zip.file("word/_rels/document.xml.rels", rels.replace("</Relationships>", `<Relationship Id="rIdComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>`));
    const types = await zip.file("[Content_Types].xml")!.async("string");
    zip.file("[Content_Types].xml", types.replace("</Types>", `<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>`));
  }
  return Buffer.from(await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
}
