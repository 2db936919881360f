/** The DOCX reader (ECMA-376 WordprocessingML → WordDocument) and its views; see reader.ts. */
export { readDocx, parseDocx } from "./reader.js";
export { LIMITS } from "./zip.js";
export { viewText, paragraphText, allParagraphs, commentAnchors, runInView, type View } from "./views.js";
export type * from "./model.js";
