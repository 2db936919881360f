/**
 * Before rendering, every character of the document is checked against the font of its role; a glyph a
 * font lacks would otherwise come out as a blank box (PDF) or a substituted face (Word).
 */
import { UserError, type Problem } from "../errors.js";
import type { DocModel } from "../model/types.js";
import { pageNumberText } from "../model/layout.js";
import { missingGlyphs, type FontProfile, type FontRole } from "./profile.js";
import { svgText } from "./svg.js";

/** Every (role, text, where) the document sets. */
export function textsByRole(model: DocModel): { role: FontRole; text: string; where: string }[] {
  const out: { role: FontRole; text: string; where: string }[] = [{ role: "body", text: pageNumberText(1234567890), where: "page numbers" }];
  model.blocks.forEach((b, i) => {
    // The template file and line the block came from (template/source-map.ts), else its place in the model.
    const where = b.source ? `${b.source.file}: line ${b.source.line}` : `block ${i + 1} (${b.type})`;
    switch (b.type) {
      case "docNumber":
        out.push({ role: "body", text: b.text, where });
        break;
      case "title":
        out.push({ role: "title", text: b.text, where });
        break;
      case "heading":
        out.push({ role: b.level === 1 ? "heading1" : "heading2", text: b.number + b.text, where });
        break;
      case "paragraph":
        for (const r of b.runs) out.push({ role: r.style === "runIn" ? "heading2" : "body", text: r.text, where });
        break;
      case "table":
        out.push({ role: "heading1", text: `表${b.number} ${b.caption}${b.header.join("")}`, where });
        out.push({ role: "body", text: [`单位：${b.unit ?? ""}`, ...b.rows.flat(), ...b.notes].join(""), where });
        break;
      case "figure":
        out.push({ role: "heading1", text: `图${b.number} ${b.caption}`, where });
        out.push({ role: "body", text: `单位：${b.unit ?? ""}`, where });
        out.push({ role: "chart", text: svgText(b.svg), where: `${where}, chart ${b.chart}` });
        break;
      case "signature":
        out.push({ role: "body", text: [...b.issuers, b.date].join(""), where });
        break;
    }
  });
  return out;
}

export function checkCoverage(model: DocModel, profile: FontProfile, origin: string): void {
  const missing = new Map<string, { chars: Set<string>; where: Set<string> }>();
  for (const { role, text, where } of textsByRole(model)) {
    const face = profile.roles[role].regular;
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
