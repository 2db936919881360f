/**
 * Renders the provincial bulletin's text (no charts, no PDF/DOCX) and, with --compare, lists every
 * reference paragraph it does not reproduce, with the first point of difference. A tool for template authors.
 */
import { loadDataset } from "../src/data/load.js";
import { compileTemplates } from "../src/template/compile.js";
import { compose } from "../src/compose.js";
import { modelText } from "../src/model/text.js";
import { normalize, missingParagraphs } from "../test/support/reference.js";
import { UserError } from "../src/errors.js";

try {
  const dataset = loadDataset("data", 2020);
  const templates = compileTemplates("templates", (f) => f);
  const { model } = await compose(templates, dataset, "bulletin", dataset.regions[0]!, async (spec) => ({ chart: spec, caption: spec, svg: "", width: 0, height: 0 }));
  const text = modelText(model);
  if (!process.argv.includes("--compare")) {
    console.log(text);
  } else {
    const haystack = normalize(text);
    const missing = missingParagraphs(text);
    for (const { n, paragraph } of missing) {
      const want = normalize(paragraph);
      // longest prefix of the paragraph found in the output
      let k = 0;
      while (k < want.length && haystack.includes(want.slice(0, k + 1))) k++;
      const at = haystack.indexOf(want.slice(0, k));
      console.log(`paragraph ${n}: differs after ${k} chars\n  want: …${want.slice(Math.max(0, k - 15), k + 25)}\n  got:  …${haystack.slice(Math.max(0, at + k - 15), at + k + 25)}`);
    }
    console.log(missing.length === 0 ? "all reference paragraphs reproduced" : `${missing.length} paragraph(s) differ`);
    process.exitCode = missing.length ? 1 : 0;
  }
} catch (e) {
  if (e instanceof UserError) {
    console.error(e.message);
    process.exitCode = 2;
  } else throw e;
}
