/**
 * A laid-out line as OFD text: one TextObject per segment (a face and its glyphs from an x, `spacing` after each), the
 * characters at the x the layout gave them — each advance from the font measure the layout used (`textWidth`,
 * src/fonts/profile.ts) plus the segment's spacing — on the line's baseline. Nothing is measured or broken again here.
 */
import { textWidth, type FontFace, type FontProfile } from "../../fonts/profile.js";
import type { Face, LineItem } from "../../present/pages/types.js";
import { weightOf, type FontResources } from "./fonts.js";
import type { Ids } from "./ids.js";
import { textObject } from "./objects.js";
import { mm } from "./units.js";

/** The face a segment is set in: the role's bold face for bold (the regular one where the profile has none). */
export const faceOf = (fonts: FontProfile, face: Face): FontFace => (face.bold ? fonts.roles[face.role].bold : fonts.roles[face.role].regular);

export function lineObjects(line: LineItem, ids: Ids, fonts: FontProfile, resources: FontResources): string[] {
  const out: string[] = [];
  for (const segment of line.segments) {
    if (segment.text === "") continue;
    const face = faceOf(fonts, segment.face);
    const chars = [...segment.text];
    const xs: number[] = [];
    let x = line.x + segment.x;
    for (const ch of chars) {
      xs.push(mm(x));
      x += textWidth(face, ch, line.size) + segment.spacing;
    }
    const right = x - segment.spacing;
    // The box of the glyphs: the line box, and at least an em above the baseline and a quarter below.
    const top = Math.min(line.top, line.baseline - line.size);
    const bottom = Math.max(line.top + line.height, line.baseline + line.size / 4);
    const left = line.x + segment.x;
    out.push(
      textObject(ids, {
        font: resources.use(face, segment.text),
        size: mm(line.size),
        bold: weightOf(face) >= 600,
        chars,
        xs,
        baseline: mm(line.baseline),
        box: [mm(left), mm(top), mm(Math.max(right - left, 0)), mm(bottom - top)],
      }),
    );
  }
  return out;
}
