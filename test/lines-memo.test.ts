/**
 * Lines set once per content (src/present/lines/index.ts): a paragraph object with the runs and settings of one
 * laid out before, with the same font profile, gets that one's lines — pagination's split heads and tails tried
 * again, a repeated paragraph, the paragraphs an edit in the preview did not touch.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFontProfile, type FontProfile } from "../src/fonts/profile.js";
import { paragraphLines } from "../src/present/lines/index.js";
import { presentDocument } from "../src/present/present.js";
import type { PresentedParagraph } from "../src/present/types.js";
import { builtModel } from "./support/built.js";
import { ROOT } from "./support/dataset.js";

const loaded = loadFontProfile("default", join(ROOT, "fonts"));

describe("the line layout's memo", () => {
  const doc = presentDocument(builtModel("520000", "bulletin"), loaded);
  const body = doc.blocks.find((b): b is PresentedParagraph => b.kind === "paragraph" && b.style === "body" && b.runs.map((r) => r.text).join("").length > 100)!;

  it("gives a copy of a paragraph the lines set for the first, with the same fonts", () => {
    const fonts: FontProfile = { ...loaded };
    const first = paragraphLines(body, doc, fonts);
    expect(first.length).toBeGreaterThan(2);
    expect(paragraphLines(structuredClone(body), doc, fonts)).toBe(first);
  });

  it("sets a paragraph again where its text, its settings or the fonts differ", () => {
    const fonts: FontProfile = { ...loaded };
    const first = paragraphLines(body, doc, fonts);
    const edited: PresentedParagraph = { ...body, runs: [{ ...body.runs[0]!, text: `甲${body.runs[0]!.text}` }, ...body.runs.slice(1)] };
    expect(paragraphLines(edited, doc, fonts)[0]!.text.startsWith("甲")).toBe(true);
    const narrower = paragraphLines(structuredClone(body), doc, fonts, doc.profile.typeArea.width / 2);
    expect(narrower.length).toBeGreaterThan(first.length);
    const squeezed = paragraphLines({ ...body, flow: { squeeze: 0.4 } }, doc, fonts);
    expect(squeezed).not.toBe(first);
    expect(squeezed[0]!.segments[0]!.spacing).toBeLessThan(first[0]!.segments[0]!.spacing);
    expect(paragraphLines(structuredClone(body), doc, { ...loaded })).not.toBe(first);
    expect(paragraphLines(structuredClone(body), doc, { ...loaded })).toEqual(first);
  });
});
