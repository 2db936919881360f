/**
 * Pages, decided once: the paginated presented document laid out into positioned pages (flow.ts), for the
 * renderers that draw pages (PDF, OFD), `--emit layout`, and pagination's measure (measure.ts).
 */
import type { FontProfile } from "../../fonts/profile.js";
import type { PresentedDocument } from "../types.js";
import { layOutPages } from "./flow.js";
import type { LaidOutDocument } from "./types.js";

export type { LaidOutDocument } from "./types.js";

/** What a page renderer draws: the pages, and the presented document they come from (its blocks give the structure). */
export interface PagedDocument {
  readonly presented: PresentedDocument;
  readonly pages: LaidOutDocument;
}

const laid = new WeakMap<PresentedDocument, { fonts: FontProfile; paged: PagedDocument }>();

/** The document's pages, laid out once per paginated document and fonts in a thread (every page renderer shares them). */
export function paged(doc: PresentedDocument, fonts: FontProfile): PagedDocument {
  const hit = laid.get(doc);
  if (hit && hit.fonts === fonts) return hit.paged;
  const result = { presented: doc, pages: layOutPages(doc, fonts).document };
  laid.set(doc, { fonts, paged: result });
  return result;
}
