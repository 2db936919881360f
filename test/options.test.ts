/** Flags are declared once (FLAGS): the help, the parser and the README's command-line block agree. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FLAGS, FORMATS, USAGE, parseArgs, readmeFlags, type BuildOptions } from "../src/options/flags.js";
import { RENDERERS } from "../src/render/index.js";
import { ROOT } from "./support/dataset.js";

describe("flags", () => {
  it("the README shows the flags as FLAGS declares them", () => {
    // If this fails, paste the output of readmeFlags() into README.md's "Command line" block.
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(`\`\`\`\n${readmeFlags()}\n\`\`\``);
  });

  it("every flag is in the help and parses", () => {
    for (const flag of FLAGS) expect(USAGE).toContain(`--${flag.name}`);
    const switches = FLAGS.filter((f) => !f.value).map((f) => `--${f.name}`);
    expect(switches).toEqual(["--draft", "--strict", "--force", "--check"]);
    expect(parseArgs(switches, ROOT)).toMatchObject({ draft: true, strict: true, force: true, check: true });
    expect(parseArgs([], ROOT)).toMatchObject({ draft: false, strict: false, force: false, check: false, reports: [] } satisfies Partial<BuildOptions>);
    expect(parseArgs(["--report", "bulletin, prefecture,bulletin"], ROOT)).toMatchObject({ reports: ["bulletin", "prefecture"] });
    expect(() => parseArgs(["--draft=yes"], ROOT)).toThrow(/--draft takes no value/);
    expect(() => parseArgs(["--report"], ROOT)).toThrow(/--report needs a value/);
  });

  it("the default year is data (data/config.yaml), not code", () => {
    const config = readFileSync(join(ROOT, "data/config.yaml"), "utf8");
    expect(parseArgs([], ROOT)).toMatchObject({ year: Number(/^defaultYear: (\d{4})$/m.exec(config)![1]) });
    expect(parseArgs(["--year", "2031"], "/nonexistent")).toMatchObject({ year: 2031 });
    expect(() => parseArgs([], "/nonexistent")).toThrow(/data\/config\.yaml: missing/);
  });

  it("the formats are one registry: every format has its renderer", () => {
    expect(Object.keys(RENDERERS).sort()).toEqual([...FORMATS].sort());
  });
});
