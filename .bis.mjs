import { readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
const F = "node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf";
let lines = readFileSync(process.argv[2], "utf8").split("\n");
const panics = (ls) => { writeFileSync("/tmp/i21l/b.svg", ls.join("\n")); return spawnSync("node", [".r.mjs", "/tmp/i21l/b.svg", F]).status !== 0; };
console.log("full panics", panics(lines));
for (let i = lines.length - 1; i >= 0; i--) {
  if (!/^<(path|text|rect|line)\b.*(\/>|<\/text>)$/.test(lines[i])) continue;
  const t = lines.filter((_, j) => j !== i);
  if (panics(t)) lines = t;
}
console.log(lines.filter((l) => /^<(path|text|rect|line)/.test(l)).join("\n"));
