/**
 * Runs joined for drawing. The presentation splits a paragraph's text where a figure from data/ starts and ends
 * (its provenance, `ref` and `region`, is on its own run); a renderer that does not draw provenance joins such a
 * run with its like-styled neighbours again — `canJoin` says which neighbours may be one (the PDF keeps a number
 * with its unit and a draft mark apart; Word keeps only a draft mark apart).
 */
import type { PresentedRun } from "./types.js";

/** Neighbours `canJoin` allows become one run, in the second one's face (a draft mark kept); provenance is dropped. */
export function joinRuns(runs: readonly PresentedRun[], canJoin: (a: PresentedRun, b: PresentedRun) => boolean): PresentedRun[] {
  const out: PresentedRun[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && canJoin(last, r)) out[out.length - 1] = { text: last.text + r.text, face: r.face, ...(r.gap ? { gap: true as const } : {}) };
    else out.push(r);
  }
  return out;
}

/** Set in the same face (role and weight). */
export const sameFace = (a: PresentedRun, b: PresentedRun): boolean => a.face.role === b.face.role && a.face.bold === b.face.bold;
