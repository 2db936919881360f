import { Resvg } from "@resvg/resvg-js";
import { readFileSync } from "node:fs";
const svg = readFileSync(process.argv[2], "utf8");
const r = new Resvg(svg, { fitTo: { mode: "width", value: 800 }, font: { loadSystemFonts: false, fontFiles: [process.argv[3]], defaultFontFamily: 'Noto Sans SC' } });
console.log(r.render().asPng().length);
