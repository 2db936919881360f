/**
 * All or nothing (src/output/stage.ts): a build killed (SIGKILL) at each moment of writing leaves the old
 * set or the new one, under a manifest true of the files present, and the next build leaves nothing
 * behind. Plus the output folders a build refuses, and a write error as a plain message.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOutDir, OutputStage, recoverLeftovers, writeProblem } from "../src/output/stage.js";
import { UserError } from "../src/errors.js";
import { ROOT, SUBJECT_ARGS } from "./support/dataset.js";

/** A folder holding out/ (the output folder) and nothing else, so leftovers beside it are visible. */
function place(): { root: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), "bulletin-faults-"));
  return { root, out: join(root, "out") };
}

function cli(out: string, env: Record<string, string> = {}): { status: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), ...SUBJECT_ARGS, "--region", "520000", "--format", "pdf", "--jobs", "1", "--fonts", "default", "--progress", "quiet", "--out", out], {
    cwd: ROOT,
    env: { ...process.env, CI: "true", ...env },
    encoding: "utf8",
  });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

interface Manifest {
  outputs: { path: string; bytes: number; sha256: string }[];
}

/** Every file the manifest lists is there with its bytes and hash, and nothing the build writes is unlisted. */
function expectManifestTrue(out: string): Manifest {
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
  for (const e of manifest.outputs) {
    const data = readFileSync(resolve(ROOT, e.path));
    expect({ path: e.path, bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") }).toEqual({ path: e.path, bytes: e.bytes, sha256: e.sha256 });
  }
  const listed = new Set(manifest.outputs.map((e) => resolve(ROOT, e.path)));
  const documents = readdirSync(join(out, "2020")).filter((f) => /\.(pdf|docx)$/.test(f));
  for (const f of documents) expect(listed.has(join(out, "2020", f))).toBe(true);
  return manifest;
}

const sha = (file: string): string => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("a build killed while writing", () => {
  const { root, out } = place();
  let oldHash = "";
  let newHash = "";

  it("first builds the old set (date 2021-06-09)", () => {
    const r = cli(out, { SOURCE_DATE_EPOCH: "1623196800" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expectManifestTrue(out);
    oldHash = sha(join(out, "2020/520000-bulletin.pdf"));
  }, 120_000);

  // The new set differs from the old one only by its date (PDF CreationDate), so we know which is present.
  for (const point of ["staged-file", "manifest-staged", "between-renames", "swapped"]) {
    it(`at ${point}: the old or the new set, manifest true; the next build cleans up`, () => {
      const saved = mkdtempSync(join(tmpdir(), "bulletin-faults-saved-"));
      cpSync(out, join(saved, "out"), { recursive: true });
      const r = cli(out, { SOURCE_DATE_EPOCH: "1700000000", BULLETIN_CRASH_AT: point });
      expect(r.signal).toBe("SIGKILL");
      const beside = readdirSync(root).sort();
      if (point === "between-renames") {
        // the one moment the output folder is missing: both sets are whole beside it
        expect(beside.some((n) => n.startsWith(".out.old-"))).toBe(true);
        expect(beside.some((n) => n.startsWith(".out.staging-"))).toBe(true);
      } else {
        const now = sha(join(out, "2020/520000-bulletin.pdf"));
        expect(now).toBe(point === "swapped" ? (newHash ||= now) : oldHash);
        expectManifestTrue(out);
        expect(beside.filter((n) => n !== "out").length).toBeGreaterThan(0); // what the next build must clean
      }
      recoverLeftovers(out); // what the next build does first (OutputStage.open), after taking over the dead build's lock
      // the killed build's lock stays until the next build takes it over (src/output/lock.ts)
      expect(readdirSync(root).filter((n) => n !== ".out.lock")).toEqual(["out"]);
      expectManifestTrue(out);
      const after = sha(join(out, "2020/520000-bulletin.pdf"));
      expect([oldHash, newHash || after]).toContain(after);
      if (point === "staged-file" || point === "manifest-staged") expect(after).toBe(oldHash);
      else expect(after).not.toBe(oldHash);
      // back to the old set for the next moment
      rmSync(out, { recursive: true, force: true });
      cpSync(join(saved, "out"), out, { recursive: true });
      rmSync(saved, { recursive: true, force: true });
    }, 120_000);
  }

  it("a build after a killed one succeeds and leaves only out/", () => {
    const killed = cli(out, { SOURCE_DATE_EPOCH: "1700000000", BULLETIN_CRASH_AT: "staged-file" });
    expect(killed.signal).toBe("SIGKILL");
    const r = cli(out, { SOURCE_DATE_EPOCH: "1700000000" });
    expect(r.status).toBe(0);
    expect(readdirSync(root)).toEqual(["out"]);
    expectManifestTrue(out);
    expect(sha(join(out, "2020/520000-bulletin.pdf"))).toBe(newHash);
  }, 120_000);
});

describe("the output folder", () => {
  const project = ROOT.replace(/\/$/, "");
  it.each([
    ["/", /is the root of the file system/],
    [".", /is the project folder itself/],
    ["..", /holds the project folder/],
    ["data", /is the project's data\/ folder/],
    ["templates/out", /is inside the project's templates\/ folder/],
  ])("--out %s is refused", (out, message) => {
    expect(() => checkOutDir(project, out)).toThrow(UserError);
    expect(() => checkOutDir(project, out)).toThrow(message);
  });

  it("a folder holding files a build did not write is refused unless --force, and those files are kept", () => {
    const { out } = place();
    mkdirSync(join(out, "2020"), { recursive: true });
    writeFileSync(join(out, "notes.txt"), "mine");
    expect(() => OutputStage.open(ROOT, out)).toThrow(/holds files a build did not write: notes\.txt[\s\S]*--force/);
    const stage = OutputStage.open(ROOT, out, { force: true });
    stage.write([{ name: "2020/completeness.csv", data: "a,b\n" }]);
    stage.commit();
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(join(out, "2020/completeness.csv"), "utf8")).toBe("a,b\n");
    expect(readdirSync(dirname(out))).toEqual(["out"]);
  });

  it("removes the temporary files of builds before staging existed", () => {
    const { out } = place();
    mkdirSync(join(out, "2020"), { recursive: true });
    writeFileSync(join(out, "2020/520000-bulletin.pdf.4242.tmp"), "half");
    writeFileSync(join(out, "manifest.json.4242.tmp"), "half");
    const stage = OutputStage.open(ROOT, out);
    stage.write([{ name: "2020/completeness.csv", data: "a\n" }]);
    stage.commit();
    expect(readdirSync(out, { recursive: true }).map(String).sort()).toEqual(["2020", "2020/completeness.csv", "manifest.json"]);
  });

  it("a file as --out, or a file in its path, is exit 2 with a plain message", () => {
    const { root } = place();
    writeFileSync(join(root, "file"), "");
    expect(() => checkOutDir(ROOT, join(root, "file"))).toThrow(/is a file, not a folder/);
    expect(() => checkOutDir(ROOT, join(root, "file/out"))).toThrow(/is a file, not a folder/);
  });

  it("a full disk or a read-only place is a UserError naming the folder, and nothing is left behind", () => {
    for (const [code, words] of [["ENOSPC", "the disk is full"], ["EROFS", "read-only"], ["EACCES", "no permission"]] as const) {
      const e = writeProblem(Object.assign(new Error(code), { code }), "out");
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).message).toMatch(new RegExp(`^out: cannot write the outputs: .*${words}`));
    }
    const { root, out } = place();
    const stage = OutputStage.open(ROOT, out);
    stage.write([{ name: "2020/completeness.csv", data: "x" }]);
    expect(() => stage.write([{ name: "2020/completeness.csv/x", data: "x" }])).toThrow(UserError); // ENOTDIR
    stage.abort();
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});
