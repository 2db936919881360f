/**
 * After a review, the next build shows it (issue 23: "Rebuilding after a review shows every applied edit in PDF,
 * DOCX and HTML"). The Word-written round of test/fixtures/review/word-round/ is applied to a scratch copy of the
 * project (`npm run review`'s own entry, cli.ts), the bulletin is built once from it, and each edit of the round is
 * looked for, as a few characters around it, in the text of the new PDF (pdfjs-dist), DOCX (document.xml) and HTML:
 * an applied edit's new text is there and its old text is gone; a listed one (a figure, a helper's wording) is not
 * in the output — the figure is still the data's. The built outputs of test/setup/build.ts are the "before" (each
 * old text is found there, so a window that matches nothing cannot pass unnoticed).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/options/flags.js";
import { main } from "../src/review/cli.js";
import { review } from "../src/review/review.js";
import { confinedTo } from "../src/io/project-path.js";
import { readDocx } from "../src/word/index.js";
import { builtFile } from "./support/built.js";
import { ROOT, copySubject } from "./support/dataset.js";
import { docxParts, paragraphTexts } from "./support/docx.js";
import { readPdf, pageTexts } from "./support/pdf.js";
import { applyWordRound, type Edit, type Round } from "./support/word-edits.js";

type Format = "pdf" | "docx" | "html";
const FORMATS: readonly Format[] = ["pdf", "docx", "html"];
const round = JSON.parse(readFileSync(join(ROOT, "test/fixtures/review/word-round/round.json"), "utf8")) as Round;

/** A document's running text with every blank and line end taken out (the PDF breaks lines, the HTML indents). */
const squeeze = (s: string) => s.replace(/\s+/g, "");

async function texts(dir: (name: string) => Buffer): Promise<Record<Format, string>> {
  const html = dir("520000-bulletin.html")
    .toString("utf8")
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
  const docx = paragraphTexts((await docxParts(dir("520000-bulletin.docx"))).get("word/document.xml")!).join("\n");
  const pdf = pageTexts(await readPdf(dir("520000-bulletin.pdf"))).join("\n");
  return { pdf: squeeze(pdf), docx: squeeze(docx), html: squeeze(html) };
}

/** Where an edit of the round falls in the built DOCX's text (as word-edits.ts finds it: after `after`), and what it puts there. */
interface Placed {
  readonly edit: Edit;
  readonly at: number;
  readonly length: number;
  readonly text: string;
}

function place(original: string, e: Edit): Placed | undefined {
  if (e.op === "comment") return undefined;
  const start = e.after === undefined ? 0 : original.indexOf(e.after);
  const at = original.indexOf(e.find, start);
  if (start < 0 || at < 0) throw new Error(`round edit not found in the built DOCX: ${e.find}`);
  if (e.op === "delete_paragraph") {
    const from = original.lastIndexOf("\n", at) + 1;
    const to = original.indexOf("\n", at);
    return { edit: e, at: from, length: to - from + 1, text: "" };
  }
  if (e.op === "new_paragraph_after") {
    const end = original.indexOf("\n", at);
    return { edit: e, at: end + 1, length: 0, text: `${e.text}\n` };
  }
  if (e.op === "insert_after") return { edit: e, at: at + e.find.length, length: 0, text: e.text! };
  return { edit: e, at, length: e.find.length, text: e.op === "delete" ? "" : e.with! };
}

/** `text` with the edits made (in order of place, none overlapping), and where each edit's new text starts. */
function applyAll(text: string, edits: readonly Placed[]): { text: string; at: Map<Placed, number> } {
  const at = new Map<Placed, number>();
  let out = "";
  let from = 0;
  for (const p of [...edits].sort((a, b) => a.at - b.at)) {
    if (p.at < from) throw new Error(`edits overlap at “${p.edit.find}”`);
    out += text.slice(from, p.at);
    at.set(p, out.length);
    out += p.text;
    from = p.at + p.length;
  }
  return { text: out + text.slice(from), at };
}

/** `n` characters each side of [from, to) of `text`, not past the paragraph's ends, blanks taken out. */
function window(text: string, from: number, to: number, n = 4): string {
  const start = Math.max(text.lastIndexOf("\n", from - 1) + 1, from - n);
  const lineEnd = text.indexOf("\n", to);
  const end = Math.min(lineEnd < 0 ? text.length : lineEnd, to + n);
  return squeeze(text.slice(start, end));
}

describe("rebuild after a review (Word-written round)", () => {
  let before: Record<Format, string>;
  let after: Record<Format, string>;
  let applied: Placed[];
  let listed: Placed[];
  let original: string;
  let reviewed: { text: string; at: Map<Placed, number> };

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), "review-rebuild-"));
    copySubject(root);
    const built = builtFile("520000-bulletin.docx");
    const docx = join(root, "审阅稿.docx");
    writeFileSync(docx, await applyWordRound(built, round));
    // What the review does with each edit: listed (a figure, a helper's wording) or applied; then done for real.
    const result = review(root, readDocx(docx, confinedTo(root, docx)));
    expect(result.items.filter((i) => i.status === "not placed" || i.status === "conflict")).toEqual([]);
    main([docx], root);
    original = paragraphTexts((await docxParts(built)).get("word/document.xml")!).join("\n");
    const placed = round.edits.flatMap((e) => place(original, e) ?? []);
    const isListed = (e: Edit) => result.items.some((i) => i.status === "listed" && i.kind !== "comment" && e.find.includes(i.before) && (e.with ?? "").includes(i.after));
    applied = placed.filter((p) => !isListed(p.edit));
    listed = placed.filter((p) => isListed(p.edit));
    reviewed = applyAll(original, applied);

    before = await texts(builtFile);
    const out = mkdtempSync(join(tmpdir(), "review-rebuild-out-"));
    const options = parseArgs(["--year", "2020", "--report", "bulletin", "--region", "520000", "--format", "pdf,docx,html", "--out", out, "--fonts", "default", "--progress", "quiet"], root) as BuildOptions;
    await build(root, options, { start() {}, done() {} });
    after = await texts((name) => readFileSync(join(out, "2020", name)));
  }, 600_000);

  it.each(FORMATS)("%s: every applied edit's new text is there, its old text gone", (format) => {
    expect(applied.length).toBe(15); // 22 edits: 3 comments, 4 listed (test/review.test.ts)
    const missing: string[] = [];
    // Counted, not just found: a short stretch (a table's header cell) may be elsewhere in the document too.
    const count = (text: string, s: string) => text.split(s).length - 1;
    for (const p of applied) {
      const was = window(original, p.at, p.at + p.length);
      const now = window(reviewed.text, reviewed.at.get(p)!, reviewed.at.get(p)! + p.text.length);
      const what = `(${p.edit.op} ${p.edit.find})`;
      // The new text: a deleted paragraph leaves none (the window there is the next paragraph's start).
      if (p.edit.op !== "delete_paragraph" && count(after[format], now) <= count(before[format], now)) missing.push(`“${now}” ${what} is not in the rebuilt ${format} (or not more often than before)`);
      // The old text: a new paragraph replaces none (the window there is the next paragraph's start).
      if (p.edit.op === "new_paragraph_after") continue;
      if (count(before[format], was) === 0) missing.push(`before the review, “${was}” ${what} is not in the ${format}`);
      if (count(after[format], was) >= count(before[format], was)) missing.push(`“${was}” ${what} is still in the rebuilt ${format}`);
    }
    expect(missing).toEqual([]);
  });

  it.each(FORMATS)("%s: a figure or a helper's wording the reviewer changed is listed, not printed", (format) => {
    expect(listed.map((p) => p.edit.find)).toEqual(["61.64万人", "85.37万人", "分别为", "7.59万人"]);
    for (const p of listed) {
      const was = window(original, p.at, p.at + p.length, 2);
      const asked = window(`${original.slice(0, p.at)}${p.text}${original.slice(p.at + p.length)}`, p.at, p.at + p.text.length, 2);
      expect(after[format], format).toContain(was);
      expect(after[format], format).not.toContain(asked);
    }
  });
});
