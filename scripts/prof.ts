import { loadEngine } from "../src/build/pipeline.js";
import { compose } from "../src/compose.js";
import { RENDERERS } from "../src/render/index.js";
const t0 = performance.now();
const engine = loadEngine(process.cwd(), { year: 2020, fonts: "default" });
console.log("engine", Math.round(performance.now() - t0));
for (const region of [engine.dataset.regions[0]!, engine.dataset.regions[3]!, engine.dataset.regions[4]!]) {
  const report = region.code === "520000" ? "bulletin" : "prefecture";
  let t = performance.now();
  const { model } = await compose(engine.templates, engine.dataset, report, region, engine.charts);
  const tc = performance.now() - t; t = performance.now();
  await RENDERERS.pdf(model, engine.fonts, { date: engine.date });
  const tp = performance.now() - t; t = performance.now();
  await RENDERERS.docx(model, engine.fonts, { date: engine.date });
  const td = performance.now() - t;
  console.log(region.code, "compose", Math.round(tc), "pdf", Math.round(tp), "docx", Math.round(td));
}
console.log("total", Math.round(performance.now() - t0), "uptime", Math.round(process.uptime() * 1000));
