// One Typst compile in a fresh process (the peer's "cold"), then RECOMPILES edits of the text in the same
// process (the peer's "warm": Typst keeps its caches between compiles, as its watch mode does). Prints JSON:
// { ms (first compile + PDF), recompileMs[], pages, maxRssMiB }. Arguments: workspace, main file, font folders.
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";

const t0 = performance.now();
const { NodeCompiler } = await import("@myriaddreamin/typst-ts-node-compiler");
const [workspace, main, ...fontPaths] = process.argv.slice(2);
const compiler = NodeCompiler.create({ workspace, fontArgs: [{ fontPaths }] });
const mainFilePath = join(workspace, main);
const compileOnce = (content) => {
  const result = compiler.compile(content === undefined ? { mainFilePath } : { mainFileContent: content });
  const doc = result.result;
  if (!doc) throw new Error(`typst: ${JSON.stringify(result.takeDiagnostics?.() ?? result)}`);
  return compiler.pdf(doc);
};
const pdf = compileOnce();
const ms = performance.now() - t0;
writeFileSync(join(workspace, "out.pdf"), pdf);
const source = readFileSync(mainFilePath, "utf8");
const recompileMs = [];
for (let i = 0; i < Number(process.env.RECOMPILES ?? 0); i++) {
  // An edit in the middle of the text, as a template edit in the preview.
  const at = source.indexOf("\n= ", source.length >> 1);
  const edited = `${source.slice(0, at)}\n修改${i}。\n${source.slice(at)}`;
  const t = performance.now();
  compileOnce(edited);
  recompileMs.push(performance.now() - t);
}
const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
console.log(JSON.stringify({ ms, recompileMs, pages, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
