/**
 * A paragraph a template writes over several lines is one paragraph of one line's text: the line ends (Markdown's
 * soft breaks) print as nothing between Chinese characters and full-width marks, as a space between Latin words
 * (src/model/parse.ts joinSoftBreaks, after CSS Text 3's segment break rule) — the PDF used to break its line there.
 * A hard break (a line ending in a backslash) stays a line break.
 */
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../src/model/parse.js";
import { parseContext } from "./support/parse-context.js";
import type { DocModel } from "../src/model/types.js";

const ctx = parseContext("换行测试");

const texts = (m: DocModel) => m.blocks.flatMap((b) => (b.type === "paragraph" ? [b.runs.map((r) => r.text).join("")] : []));

describe("a paragraph over several template lines", () => {
  it("joins Chinese lines with nothing, Latin words with a space, and keeps a hard break", async () => {
    const model = await parseMarkdown("在规范分配秩序方面做出积极努力，\n收入分配制度改革迈出新步伐。\n\nthe PDF\nand DOCX 共 3\n项。\n\n第一行\\\n第二行\n", ctx);
    expect(texts(model)).toEqual(["在规范分配秩序方面做出积极努力，收入分配制度改革迈出新步伐。", "the PDF and DOCX 共 3 项。", "第一行\n第二行"]);
  });
});
