/**
 * The tool's work folders (src/io/work-folder.ts): inside the project's .cache/tmp, each process its own folder, the
 * folders of processes no longer running (a killed build's) removed by the next, a running one's left alone.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { workFolder } from "../src/io/work-folder.js";

describe("work folders", () => {
  it("are made under <root>/.cache/tmp, and a dead process's are removed while a running one's stay", () => {
    const root = mkdtempSync(join(tmpdir(), "bulletin-work-folder-"));
    const done = spawnSync(process.execPath, ["-e", "0"]); // a process that has ended: its pid is free
    const dead = join(root, ".cache", "tmp", `chart-fonts-${done.pid}-abc123`);
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      const live = join(root, ".cache", "tmp", `chart-fonts-${sleeper.pid}-def456`);
      const other = join(root, ".cache", "tmp", `other-${done.pid}-ghi789`);
      for (const dir of [dead, live, other]) mkdirSync(dir, { recursive: true });
      const folder = workFolder(root, "chart-fonts");
      expect(folder.startsWith(join(root, ".cache", "tmp", `chart-fonts-${process.pid}-`))).toBe(true);
      expect(existsSync(folder)).toBe(true);
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true); // a build still running
      expect(existsSync(other)).toBe(true); // another name: not this kind's
      expect(readdirSync(join(root, ".cache", "tmp")).sort()).toEqual([`chart-fonts-${sleeper.pid}-def456`, folder.split("/").pop()!, `other-${done.pid}-ghi789`].sort());
    } finally {
      sleeper.kill();
    }
  });
});
