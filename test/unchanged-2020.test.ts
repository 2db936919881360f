/**
 * The 2020 outputs did not change when report kinds became folders: the DOCX files built as `npm run build`
 * builds them (no SOURCE_DATE_EPOCH: the 成文日期; the default fonts) have the SHA-256 they had before
 * (/work/baseline-sha-2020.txt of the restructuring). DOCX only: it is zipped by fflate, whose bytes do not
 * depend on the Node release; the PDFs' (Node's zlib) are compared by the snapshot tests' text instead.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/pipeline.js";
import { parseArgs, type BuildOptions } from "../src/build/options.js";
import { ROOT } from "./support/dataset.js";

const BEFORE: Record<string, string> = {
  "520000-bulletin.docx": "2c960a506cf2f34d338b7ca2ef73d06c4011ee32a0481f286f5655d2e912f86e",
  "520300-prefecture.docx": "78b6090ed49dec4f6c02a309fc60caf4a442d51592ff2b3677881f645360044e",
};

describe("2020", () => {
  it("builds the same DOCX bytes as before the restructuring", async () => {
    const epoch = process.env.SOURCE_DATE_EPOCH;
    delete process.env.SOURCE_DATE_EPOCH;
    try {
      const out = mkdtempSync(join(tmpdir(), "bulletin-2020-"));
      const hashes: Record<string, string> = {};
      for (const region of ["520000", "520300"]) {
        const result = await build(ROOT, parseArgs(["--region", region, "--format", "docx", "--fonts", "default", "--out", out, "--jobs", "1"], ROOT) as BuildOptions, { start() {}, done() {} });
        for (const e of result.entries) hashes[e.path.split("/").pop()!] = e.sha256;
      }
      expect(hashes).toEqual(BEFORE);
    } finally {
      if (epoch !== undefined) process.env.SOURCE_DATE_EPOCH = epoch;
    }
  }, 120_000);
});
