/**
 * Font digests for the artefact cache's keys (src/cache/font-digest.ts): the SHA-256 of the face's bytes when
 * there is a cache, remembered by stat data; nothing hashed when the cache is off (no key is used then).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { faceDigest } from "../src/cache/font-digest.js";
import { useArtefactCache } from "../src/cache/store.js";
import { loadFontProfile } from "../src/fonts/profile.js";
import { ROOT } from "./support/dataset.js";

const previous = process.env.BULLETIN_CACHE;
afterEach(() => {
  if (previous === undefined) delete process.env.BULLETIN_CACHE;
  else process.env.BULLETIN_CACHE = previous;
});

describe("font digests", () => {
  it("are the SHA-256 of the face's bytes, remembered in the cache's folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "bulletin-digest-"));
    process.env.BULLETIN_CACHE = dir;
    useArtefactCache(ROOT);
    const face = loadFontProfile("default", join(ROOT, "fonts")).roles.chart.regular;
    expect(faceDigest(face)).toBe(createHash("sha256").update(face.data).digest("hex"));
    const memo = JSON.parse(readFileSync(join(dir, "font-digests.json"), "utf8")) as Record<string, { sha256: string }>;
    expect(memo[face.file]!.sha256).toBe(faceDigest(face));
  });

  it("are not computed without a cache: no key is looked up or stored", () => {
    process.env.BULLETIN_CACHE = "off";
    const cache = useArtefactCache(ROOT);
    expect(cache.dir).toBeUndefined();
    const face = loadFontProfile("default", join(ROOT, "fonts")).roles.chart.bold;
    expect(faceDigest(face)).not.toMatch(/^[0-9a-f]{64}$/);
  });
});
