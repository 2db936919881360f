/**
 * Builds cannot damage each other or the user's files (src/output/stage.ts, src/output/lock.ts): one build
 * at a time per output folder, a manifest made from the files' bytes, an "unchanged" that is true for a
 * read-only folder, and --force that never moves or re-permissions what the tool did not write (a mount
 * point, a user's 0700 folder). The cases that need the machine's help run where it allows — a read-only
 * folder as an unprivileged user (setpriv, as root), a tmpfs mounted inside the output folder — and say so
 * where it does not.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { basename, dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { OutputStage, type ManifestEntry } from "../src/output/stage.js";
import { lockFile } from "../src/output/lock.js";
import { yearIndex } from "../src/products/year-index.js";
import { UserError } from "../src/errors.js";
import { ROOT } from "./support/dataset.js";

/** tsx's loader by its URL: the project's working folder is a scratch copy without node_modules/. */
const TSX = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
const sha = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex");

/** A project of its own (data/, templates/, fonts/ copied) with nothing beside it. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), "bulletin-trust-"));
  for (const d of ["data", "templates", "fonts"]) cpSync(join(ROOT, d), join(root, d), { recursive: true });
  return root;
}

const BUILD = ["--format", "html", "--jobs", "1", "--fonts", "default", "--progress", "quiet"];

/** The CLI in `root` (its working folder), as a child process. */
function cli(root: string, args: readonly string[], user?: "nobody"): { status: number | null; stderr: string } {
  const node = [process.execPath, "--import", TSX, join(ROOT, "src/cli.ts"), ...args];
  const [command, ...rest] = user ? ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", ...node] : node;
  // nobody gets a temporary folder of its own (tsx keeps its cache there), beside the project it owns
  const tmp = user ? join(dirname(root), `${basename(root)}-tmp`) : undefined;
  if (tmp) {
    mkdirSync(tmp, { recursive: true });
    execFileSync("chown", ["nobody:nogroup", tmp]);
  }
  const r = spawnSync(command!, rest, { cwd: root, env: { ...process.env, CI: "true", BULLETIN_CACHE: join(root, ".cache-of-test"), HOME: root, ...(tmp && { TMPDIR: tmp }) }, encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

/** Every file the manifest lists is there with its size and hash, inside the output folder; every document is listed. */
function expectManifestTrue(root: string, out: string): ManifestEntry[] {
  const { outputs } = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { outputs: ManifestEntry[] };
  for (const e of outputs) {
    const file = resolve(root, e.path);
    expect(file.startsWith(`${out}/`), `${e.path} inside ${out}`).toBe(true);
    const data = readFileSync(file);
    expect({ path: e.path, bytes: e.bytes, sha256: e.sha256 }).toEqual({ path: e.path, bytes: data.length, sha256: sha(data) });
  }
  const listed = new Set(outputs.map((e) => resolve(root, e.path)));
  for (const year of readdirSync(out).filter((d) => /^\d{4}$/.test(d))) {
    for (const f of readdirSync(join(out, year)).filter((f) => /^\d{6}-.*\.(pdf|docx|html)$/.test(f) && lstatSync(join(out, year, f)).isFile())) expect(listed.has(join(out, year, f)), `${year}/${f} listed`).toBe(true);
  }
  return outputs;
}

describe("two builds into the same output folder at once", () => {
  it("run one after the other, or the second stops naming the first; out/ and its manifest agree with the bytes", async () => {
    const root = project();
    const run = (region: string): Promise<{ status: number | null; stderr: string }> =>
      new Promise((done) => {
        const child = spawn(process.execPath, ["--import", TSX, join(ROOT, "src/cli.ts"), "--region", region, ...BUILD, "--out", "out"], {
          cwd: root,
          env: { ...process.env, CI: "true", BULLETIN_CACHE: join(root, ".cache-of-test") },
        });
        let stderr = "";
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
        child.on("close", (status) => done({ status, stderr }));
      });
    const results = await Promise.all([run("520000"), run("520300")]);
    expect(results.some((r) => r.status === 0)).toBe(true);
    for (const r of results) {
      if (r.status === 0) continue;
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/another build is writing these outputs: process \d+, started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, command: .*src\/cli\.ts --region 5\d{5}/);
      expect(r.stderr).not.toContain("    at ");
    }
    const out = join(root, "out");
    const listed = expectManifestTrue(root, out).map((e) => e.region);
    const built = ["520000", "520300"].filter((_, i) => results[i]!.status === 0);
    expect(listed).toEqual(built); // every successful build's document is there and listed
    expect(readdirSync(root).filter((n) => n.startsWith(".out."))).toEqual([]); // no lock, no staging left
  }, 240_000);

  it("a lock held by a running process stops the build before anything is written, naming it", () => {
    const root = mkdtempSync(join(tmpdir(), "bulletin-lock-"));
    const out = join(root, "out");
    const holder = spawn("sleep", ["60"]);
    try {
      writeFileSync(lockFile(out), JSON.stringify({ pid: holder.pid, host: hostname(), started: "2026-01-02T03:04:05.000Z", command: "scripts/build.mjs --region all" }));
      const e = (() => {
        try {
          OutputStage.open(root, out);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).message).toContain(`another build is writing these outputs: process ${holder.pid}, started 2026-01-02 03:04:05 UTC, command: scripts/build.mjs --region all`);
      expect(readdirSync(root)).toEqual([".out.lock"]);
    } finally {
      holder.kill();
    }
  });

  it("the lock of a process that is gone (or whose id was reused) is taken over, and released after the build", () => {
    const root = mkdtempSync(join(tmpdir(), "bulletin-lock-"));
    const out = join(root, "out");
    const gone = spawnSync("true").pid;
    for (const lock of [
      { pid: gone, host: hostname(), started: "2026-01-02T03:04:05.000Z", command: "killed" },
      // this very process's id, recorded with another start time: a process of that id that is not the holder
      { pid: process.ppid, host: hostname(), started: "2026-01-02T03:04:05.000Z", ticks: "1", command: "earlier" },
      "{ half-writ", // a lock whose writer was killed while writing it
    ]) {
      writeFileSync(lockFile(out), typeof lock === "string" ? lock : JSON.stringify(lock));
      const stage = OutputStage.open(root, out);
      expect(JSON.parse(readFileSync(lockFile(out), "utf8")).pid).toBe(process.pid);
      stage.write([{ name: "2020/completeness.csv", data: "a\n" }]);
      stage.commit();
      expect(readdirSync(root)).toEqual(["out"]);
    }
  });
});

/** A committed set with three documents and an old manifest, for the tampering cases. */
function committed(): { root: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), "bulletin-manifest-"));
  const out = join(root, "out");
  const stage = OutputStage.open(root, out);
  for (const [region, report] of [["520000", "bulletin"], ["520100", "prefecture"], ["520300", "prefecture"]] as const) {
    stage.write([{ name: `2020/${region}-${report}.html`, data: `<p>${region}</p>`, entry: { report, region, year: 2020, format: "html", title: `${region} 报告` } }]);
  }
  stage.commit();
  return { root, out };
}

/** The next build: one more document, then the manifest it writes and the entries the year's index is made from. */
function rebuild(root: string, out: string): { manifest: ManifestEntry[]; index: string } {
  const stage = OutputStage.open(root, out);
  stage.write([{ name: "2020/520000-bulletin.pdf", data: "%PDF new", entry: { report: "bulletin", region: "520000", year: 2020, format: "pdf", title: "520000 报告" } }]);
  const index = String(yearIndex(stage.outputs(), 2020, "公报").data);
  stage.commit();
  return { manifest: expectManifestTrue(root, out), index };
}

describe("the manifest is made from the files' bytes, never from the old manifest", () => {
  const tamper = (out: string, edit: (outputs: ManifestEntry[]) => unknown): void => {
    const file = join(out, "manifest.json");
    const { outputs } = JSON.parse(readFileSync(file, "utf8")) as { outputs: ManifestEntry[] };
    writeFileSync(file, typeof edit(outputs) === "string" ? (edit(outputs) as string) : JSON.stringify({ outputs: edit(outputs) }));
  };
  const paths = (m: ManifestEntry[]): string[] => m.map((e) => e.path);
  const all = ["out/2020/520000-bulletin.html", "out/2020/520000-bulletin.pdf", "out/2020/520100-prefecture.html", "out/2020/520300-prefecture.html"];

  it("a wrong SHA-256 or size in the old manifest is not carried over (nor the title of an entry that does not match)", () => {
    const { root, out } = committed();
    tamper(out, (o) => o.map((e, i) => (i === 1 ? { ...e, sha256: "0".repeat(64), bytes: 1, title: "<script>假标题</script>" } : e)));
    const { manifest, index } = rebuild(root, out);
    expect(paths(manifest)).toEqual(all);
    expect(manifest.find((e) => e.region === "520100")).not.toHaveProperty("title");
    expect(manifest.find((e) => e.region === "520300")!.title).toBe("520300 报告"); // an entry true of its bytes keeps its label
    expect(index).not.toContain("假标题");
  });

  it("an unparseable old manifest: the new one still lists every document of the set", () => {
    for (const broken of ["{broken", "", "null", '{"outputs": 5}', '{"outputs": [null, 3, "x"]}']) {
      const { root, out } = committed();
      tamper(out, () => broken);
      expect(paths(rebuild(root, out).manifest)).toEqual(all);
    }
  });

  it("an entry pointing outside the output folder, or to a file that is not there, is dropped, and the index does not link it", () => {
    const { root, out } = committed();
    tamper(out, (o) => [
      ...o,
      { ...o[0]!, path: "../../../../etc/passwd", region: "529999" },
      { ...o[0]!, path: "out/2020/520200-prefecture.html", region: "520200", report: "prefecture" },
      { ...o[0]!, path: "out/../../x/2020/520400-prefecture.html", region: "520400", report: "prefecture" },
    ]);
    const { manifest, index } = rebuild(root, out);
    expect(paths(manifest)).toEqual(all);
    expect(index).not.toMatch(/passwd|529999|520200|520400/);
  });

  it("a link or a FIFO named like a document is not listed (and needs --force: it is not the build's)", () => {
    const { root, out } = committed();
    execFileSync("ln", ["-s", "/etc/passwd", join(out, "2020/520600-prefecture.html")]);
    execFileSync("mkfifo", [join(out, "2020/520700-prefecture.pdf")]);
    expect(() => OutputStage.open(root, out)).toThrow(/holds files a build did not write: 2020\/520600-prefecture\.html, 2020\/520700-prefecture\.pdf/);
    const stage = OutputStage.open(root, out, { force: true });
    stage.commit();
    expect(paths(expectManifestTrue(root, out))).toEqual(all.filter((p) => !p.endsWith(".pdf")));
  });
});

describe("--force and the user's folder", () => {
  it("a 0700 output folder stays 0700 (swapped or written in place), and the user's files stay where they are", () => {
    const root = mkdtempSync(join(tmpdir(), "bulletin-mode-"));
    const out = join(root, "out");
    mkdirSync(join(out, "2020"), { recursive: true, mode: 0o700 });
    chmodSync(out, 0o700);
    chmodSync(join(out, "2020"), 0o750);
    let stage = OutputStage.open(root, out);
    stage.write([{ name: "2020/520000-bulletin.html", data: "a", entry: { report: "bulletin", region: "520000", year: 2020, format: "html" } }]);
    stage.commit();
    expect([statSync(out).mode & 0o777, statSync(join(out, "2020")).mode & 0o777]).toEqual([0o700, 0o750]);
    writeFileSync(join(out, "notes.txt"), "mine");
    const inode = statSync(out).ino;
    stage = OutputStage.open(root, out, { force: true });
    stage.write([{ name: "2020/520000-bulletin.html", data: "b", entry: { report: "bulletin", region: "520000", year: 2020, format: "html" } }]);
    stage.commit();
    expect(statSync(out).ino).toBe(inode); // written in place: the folder itself never moved
    expect(statSync(out).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(join(out, "2020/520000-bulletin.html"), "utf8")).toBe("b");
    expect(readdirSync(root)).toEqual(["out"]);
    expectManifestTrue(root, out);
  });

  it("a build killed while renaming its files in place is finished by the next", () => {
    const root = mkdtempSync(join(tmpdir(), "bulletin-inplace-"));
    const out = join(root, "out");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    // what a killed in-place build leaves once its set is complete: its files and manifest beside out/
    const left = join(root, ".out.inplace-999999");
    mkdirSync(join(left, "2020"), { recursive: true });
    writeFileSync(join(left, "2020/520000-bulletin.html"), "new");
    writeFileSync(join(left, "manifest.json"), JSON.stringify({ outputs: [{ report: "bulletin", region: "520000", year: 2020, format: "html", path: "out/2020/520000-bulletin.html", bytes: 3, sha256: sha("new") }] }));
    const stage = OutputStage.open(root, out, { force: true });
    stage.abort();
    expect(readFileSync(join(out, "2020/520000-bulletin.html"), "utf8")).toBe("new");
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(readdirSync(root)).toEqual(["out"]);
    expectManifestTrue(root, out);
  });

  it("a mount point inside the output folder is never moved (tmpfs, where this machine lets us mount one)", (ctx) => {
    const root = mkdtempSync(join(tmpdir(), "bulletin-mount-"));
    const out = join(root, "out");
    const share = join(out, "share");
    mkdirSync(share, { recursive: true });
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", share], { encoding: "utf8" });
    if (mounted.status !== 0) {
      ctx.skip(`cannot mount a tmpfs here (${(mounted.stderr || mounted.error?.message || "").trim() || `exit ${mounted.status}`}): the mount-point case is not run`);
      return;
    }
    try {
      writeFileSync(join(share, "mine.txt"), "mine");
      for (let i = 0; i < 2; i++) {
        const stage = OutputStage.open(root, out, { force: true });
        stage.write([{ name: "2020/520000-bulletin.html", data: `v${i}`, entry: { report: "bulletin", region: "520000", year: 2020, format: "html" } }]);
        stage.commit();
        expect(readFileSync(join(share, "mine.txt"), "utf8")).toBe("mine");
        expect(spawnSync("mountpoint", ["-q", share]).status).toBe(0); // still mounted where the user put it
        expect(readdirSync(root)).toEqual(["out"]);
        expectManifestTrue(root, out);
      }
      // an output folder that is itself a mount point: refused, with the way out
      const stage = OutputStage.open(root, out, { force: true });
      stage.abort();
      expect(() => OutputStage.open(root, share)).toThrow(/^--out .*\/out\/share: is a mount point[\s\S]*fix: build into a folder inside it, e\.g\. --out .*\/out\/share\/bulletin/);
      expect(readFileSync(join(share, "mine.txt"), "utf8")).toBe("mine");
    } finally {
      spawnSync("umount", [share]);
    }
  });
});

describe("a read-only output folder, as an unprivileged user", () => {
  it("exit 2 saying the outputs are unchanged — and they are: the same folder, the same files, nothing beside it", (ctx) => {
    const setpriv = spawnSync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "true"]);
    if (process.getuid?.() !== 0 || setpriv.status !== 0) {
      ctx.skip(`needs root and setpriv (util-linux) to build as nobody${setpriv.error ? `: ${setpriv.error.message}` : ""}: the read-only case is not run`);
      return;
    }
    // nobody must run the tool: this checkout and the folders above it open to others (a checkout made in a
    // 0700 folder, such as mktemp -d's, cannot be: the case is then skipped, saying so)
    for (let dir = ROOT; dir !== dirname(dir); dir = dirname(dir)) {
      if ((statSync(dir).mode & 0o005) !== 0o005) {
        ctx.skip(`nobody cannot read the checkout through ${dir} (mode ${(statSync(dir).mode & 0o777).toString(8)}): the read-only case is not run`);
        return;
      }
    }
    const root = project();
    // nobody must reach the project: the test run's own temporary folders (npm test makes its TMPDIR 0700) are
    // opened for passing through (o+x); any other folder on the way that nobody cannot pass skips the case.
    for (let dir = dirname(root); dir !== dirname(dir); dir = dirname(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) !== 0) continue;
      if (!dir.startsWith(tmpdir())) {
        ctx.skip(`nobody cannot pass through ${dir}: the read-only case is not run`);
        return;
      }
      chmodSync(dir, (mode & 0o777) | 0o001);
    }
    // nobody must own the project
    execFileSync("chown", ["-R", "nobody:nogroup", root]);
    chmodSync(root, 0o755);
    const first = cli(root, ["--region", "520000", ...BUILD, "--out", "out"], "nobody");
    expect(first.status, first.stderr).toBe(0);
    const out = join(root, "out");
    chmodSync(out, 0o555);
    chmodSync(join(out, "2020"), 0o555);
    const before = { ino: statSync(out).ino, files: readdirSync(out, { recursive: true }).map(String).sort(), manifest: readFileSync(join(out, "manifest.json"), "utf8") };
    const second = cli(root, ["--region", "520000", ...BUILD, "--out", "out"], "nobody");
    expect(second.status, second.stderr).toBe(2);
    expect(second.stderr).toMatch(/--out out: out, out\/2020 are read-only for this user: nothing was written\n\s+fix: .*the previous outputs are unchanged/);
    expect({ ino: statSync(out).ino, files: readdirSync(out, { recursive: true }).map(String).sort(), manifest: readFileSync(join(out, "manifest.json"), "utf8") }).toEqual(before);
    expect(readdirSync(root).filter((n) => n.startsWith(".out."))).toEqual([]);
    expect(existsSync(join(root, ".out.lock"))).toBe(false);
    rmSync(root, { recursive: true, force: true });
  }, 180_000);
});
