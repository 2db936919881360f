/**
 * Before rendering, every character of the document is checked against the face that sets it; a glyph a
 * font lacks would otherwise come out as a blank box (PDF) or a substituted face (Word).
 */
import { UserError, type Problem } from "../errors.js";
import type { DocModel } from "../model/types.js";
import { fontFace, presentOnce, presentedTexts } from "../present/present.js";
import { missingGlyphs, type FontFace, type FontProfile, type FontRole } from "./profile.js";
import { svgText, svgUsesBold } from "./svg.js";

/**
 * Every (face, text, where) the document sets, from its presented form (src/present/): the face a run is
 * really set in, so bold body text is checked against the bold face. Chart labels are checked against the
 * chart faces (regular, and bold where the SVG asks for bold).
 */
export function textsByFace(model: DocModel, profile: FontProfile): { face: FontFace; role: FontRole; text: string; where: string }[] {
  const doc = presentOnce(model, profile);
  const out = presentedTexts(doc).map(({ face, text, where }) => ({ face: fontFace(profile, face), role: face.role, text, where }));
  model.blocks.forEach((b, i) => {
    if (b.type !== "figure") return;
    // The template file and line the block came from (template/source-map.ts), else its place in the model.
    const where = `${b.source ? `${b.source.file}: line ${b.source.line}` : `block ${i + 1} (figure)`}, chart ${b.chart}`;
    const text = svgText(b.svg);
    out.push({ face: profile.roles.chart.regular, role: "chart", text, where });
    if (svgUsesBold(b.svg)) out.push({ face: profile.roles.chart.bold, role: "chart", text, where });
  });
  return out;
}

export function checkCoverage(model: DocModel, profile: FontProfile, origin: string): void {
  const missing = new Map<string, { chars: Set<string>; where: Set<string> }>();
  for (const { face, role, text, where } of textsByFace(model, profile)) {
    const lacking = missingGlyphs(face, text);
    if (lacking.length === 0) continue;
    const key = `${role} font ${face.family} (${face.file})`;
    const entry = missing.get(key) ?? { chars: new Set(), where: new Set() };
    lacking.forEach((c) => entry.chars.add(c));
    entry.where.add(where);
    missing.set(key, entry);
  }
  if (missing.size === 0) return;
  const problems: Problem[] = [...missing].map(([key, { chars, where }]) => ({
    file: origin,
    message: `the ${key} has no glyph for ${[...chars].map((c) => `“${c}” U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`).join(", ")}, used in ${[...where].join(", ")}`,
    hint: "use a font with these characters for that role (fonts/README.md), or change the text",
  }));
  throw new UserError(problems);
}
