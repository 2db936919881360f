/**
 * The laid-out document (src/present/pages/) → PDF: pdfkit through pdfmake's document class (pdfkit.ts), drawing
 * what the presentation stage decided (draw.ts). For the archive and assistive technology: PDF 1.7, PDF/A-2a
 * (pdfkit then writes the pdfaid identification into the XMP and an sRGB IEC 61966-2.1 output intent from its
 * own data/sRGB_IEC61966_2_1.icc; every font embedded as a subset with its ToUnicode map), tagged (draw.ts),
 * the catalog's /Lang, and the title shown in the viewer's title bar instead of the file name.
 */
import type { FontProfile } from "../../fonts/profile.js";
import type { PagedDocument } from "../../present/pages/index.js";
import { drawPages } from "./draw.js";
import { newDocument } from "./pdfkit.js";

export interface PdfOptions {
  /** Creation and modification date written into the PDF (pdfkit derives /ID from it). */
  readonly date: Date;
}

export async function renderPdf(paged: PagedDocument, fonts: FontProfile, options: PdfOptions): Promise<Buffer> {
  const { presented: doc, pages } = paged;
  const pdf = newDocument({
    size: [pages.page.width, pages.page.height],
    margin: 0,
    autoFirstPage: false,
    font: null,
    compress: true,
    pdfVersion: "1.7",
    subset: "PDF/A-2a",
    tagged: true,
    lang: doc.meta.lang,
    displayTitle: true,
    info: {
      Title: doc.meta.title,
      Author: doc.meta.author,
      Subject: doc.meta.subject,
      Keywords: doc.meta.keywords.join(", "),
      Creator: "gz-hrss-bulletin",
      Producer: "gz-hrss-bulletin (pdfkit via pdfmake)",
      CreationDate: options.date,
      ModDate: options.date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => pdf.on("end", () => resolve(Buffer.concat(chunks))));
  pdf.on("data", (chunk) => chunks.push(chunk!));
  drawPages(pdf, pages, doc, fonts);
  pdf.end();
  return done;
}
