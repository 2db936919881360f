import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { loadDataset } from "/work/main/src/data/load.ts";
import { loadFontProfile } from "/work/main/src/fonts/profile.ts";
import { createChartRenderer } from "/work/main/src/charts/render.ts";
const require = createRequire("/work/main/package.json");
const { Resvg } = require("@resvg/resvg-js");
process.chdir("/work/main");
const t0 = performance.now();
const ds = loadDataset("data", 2020);
const fonts = loadFontProfile("default", "fonts");
const render = createChartRenderer("templates", fonts, (f) => f);
const t1 = performance.now();
const names = process.argv.slice(2);
for (const code of ["520000", "520300"]) {
  const region = ds.regions.find((r) => r.code === code)!;
  for (const n of names) {
    const t = performance.now();
    const fig = await render(n, ds, region);
    console.log(n, code, fig.caption, fig.unit, fig.width, fig.height, (performance.now() - t).toFixed(1), "ms");
    writeFileSync(`/tmp/charts/${n}.${code}.svg`, fig.svg);
    const png = new Resvg(fig.svg, { fitTo: { mode: "zoom", value: 2 }, font: { fontFiles: fonts.faces.map((f) => f.file), loadSystemFonts: false, defaultFontFamily: fonts.roles.chart.regular.family } }).render().asPng();
    writeFileSync(`/tmp/charts/${n}.${code}.png`, png);
  }
}
console.log("setup", (t1 - t0).toFixed(0));
