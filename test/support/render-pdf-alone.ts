/**
 * `node --import tsx test/support/render-pdf-alone.ts <model.json> <out.pdf>`: one model's PDF, rendered in a
 * fresh process (no document drawn before it), at SOURCE_DATE_EPOCH 1623196800 with the default fonts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadFontProfile } from "../../src/fonts/profile.js";
import type { DocModel } from "../../src/model/types.js";
import { RENDERERS } from "../../src/render/index.js";
import { ROOT } from "./dataset.js";

const [input, output] = process.argv.slice(2);
const model = JSON.parse(readFileSync(input!, "utf8")) as DocModel;
const fonts = loadFontProfile("default", join(ROOT, "fonts"));
writeFileSync(output!, await RENDERERS.pdf(model, fonts, { date: new Date(1623196800_000) }));
