/**
 * Pictures handed to docx by reference. docx 9 names every image by a SHA-1 of its bytes, computed in
 * JavaScript (`hashedId` in node_modules/docx/dist/index.cjs, for an ImageRun's data and its fallback) — ~35 ms for
 * a bulletin's seven 300 ppi PNGs on a cold build's critical path, to learn which images are the same. It gets a
 * short stand-in instead, named by Node's native SHA-256 of the bytes (equal pictures, equal stand-ins: docx still
 * packs one file for both), and the stand-ins are swapped for the bytes in the package's parts. docx reads an
 * image's bytes for nothing else when its type is given (its `imageTypeOf`), and numbers the files
 * media/image1.png … by the order they are added, as before.
 */
import { createHash } from "node:crypto";

const PREFIX = "bulletin-media:";

export class MediaTable {
  private readonly byStandIn = new Map<string, Uint8Array>();

  /** The stand-in docx packs for `data`. */
  standIn(data: Uint8Array): Buffer {
    const key = `${PREFIX}${createHash("sha256").update(data).digest("hex")}`;
    this.byStandIn.set(key, data);
    return Buffer.from(key, "latin1");
  }

  /** The package's parts with every stand-in under word/media/ replaced by its picture. */
  resolve(parts: Map<string, Uint8Array>): void {
    for (const [path, data] of parts) {
      if (!path.startsWith("word/media/") || data.length !== PREFIX.length + 64) continue;
      const picture = this.byStandIn.get(Buffer.from(data).toString("latin1"));
      if (picture) parts.set(path, picture);
    }
    for (const [path, data] of parts) {
      if (path.startsWith("word/media/") && Buffer.from(data.subarray(0, PREFIX.length)).toString("latin1") === PREFIX) throw new Error(`${path}: a picture's stand-in was left in the package`);
    }
  }
}
