/**
 * The OFD renderer (GB/T 33190-2016, the format of China's electronic official documents and their archives): the
 * laid-out document — the same pages, lines and positions the PDF draws (src/present/pages/) — written as an OFD
 * package, text as text in the embedded fonts, charts as vector paths, headings as outlines.
 */
import type { FontProfile } from "../../fonts/profile.js";
import type { PagedDocument } from "../../present/pages/index.js";
import type { LaidOutDocument } from "../../present/pages/types.js";
import type { RenderOptions } from "../index.js";
import { FontResources } from "./fonts.js";
import { Ids } from "./ids.js";
import { ofdPackage } from "./package.js";
import { pageContent } from "./page.js";

/** A laid-out document → the bytes of its .ofd file. */
export async function writeOfd(doc: LaidOutDocument, fonts: FontProfile, options: Pick<RenderOptions, "date">): Promise<Buffer> {
  const ids = new Ids();
  const resources = new FontResources(ids);
  const pages = doc.pages.map((page) => {
    const id = ids.next();
    return { id, xml: pageContent(page, ids, fonts, resources) };
  });
  return ofdPackage({ meta: doc.meta, date: options.date, page: doc.page, pages, outline: doc.outline, fonts: await resources.resources(), maxUnitId: ids.max });
}

/** The format table's renderer: the pages the presentation stage laid out (the PDF's own). */
export function renderOfd(doc: PagedDocument, fonts: FontProfile, options: RenderOptions): Promise<Buffer> {
  return writeOfd(doc.pages, fonts, options);
}
