/**
 * An OFD package read back as a reader takes it (GB/T 33190-2016 §7): unzipped, each part parsed (the project's small
 * XML tree, src/word/xml.ts), the entry followed to the document, its pages and resources; and the text of each page
 * in the order its objects are drawn (layers in order, objects in order), runs on one baseline joined into a line.
 */
import { unzipSync } from "fflate";
import { child, elements, parseXml, textContent, type XmlElement } from "../../src/word/xml.js";

export interface OfdRun {
  readonly text: string;
  readonly font: string;
  /** Absolute position of the first character (mm) and each character's x. */
  readonly x: number;
  readonly baseline: number;
  readonly xs: readonly number[];
  readonly size: number;
  readonly layer: string;
  readonly object: XmlElement;
}

export interface OfdPage {
  readonly id: string;
  readonly path: string;
  readonly content: XmlElement;
  readonly runs: readonly OfdRun[];
  /** Runs joined into lines: consecutive runs on one baseline. */
  readonly lines: readonly string[];
}

export interface OfdRead {
  readonly files: Readonly<Record<string, Uint8Array>>;
  readonly entry: XmlElement;
  readonly docRoot: string;
  readonly document: XmlElement;
  readonly publicRes: XmlElement;
  readonly pages: readonly OfdPage[];
  /** Font resource id → its element. */
  readonly fonts: ReadonlyMap<string, XmlElement>;
}

const text = (files: Readonly<Record<string, Uint8Array>>, path: string): string => {
  const f = files[path];
  if (!f) throw new Error(`${path} missing from the package`);
  return Buffer.from(f).toString("utf8");
};

const dirOf = (path: string) => path.replace(/[^/]*$/, "");

/** DeltaX with its `g n d` repeats expanded (§11.4). */
export function deltas(value: string | undefined): number[] {
  const t = (value ?? "").trim().split(/\s+/).filter((s) => s !== "");
  const out: number[] = [];
  for (let i = 0; i < t.length; ) {
    if (t[i] === "g") {
      for (let k = 0; k < Number(t[i + 1]); k++) out.push(Number(t[i + 2]));
      i += 3;
    } else out.push(Number(t[i++]));
  }
  return out;
}

export function readOfd(data: Uint8Array): OfdRead {
  const files = unzipSync(data);
  const entry = parseXml(text(files, "OFD.xml"), "OFD.xml");
  const docRoot = textContent(child(child(entry, "ofd:DocBody"), "ofd:DocRoot")!).trim();
  const document = parseXml(text(files, docRoot), docRoot);
  const base = dirOf(docRoot);
  const common = child(document, "ofd:CommonData")!;
  const resPath = base + textContent(child(common, "ofd:PublicRes")!).trim();
  const publicRes = parseXml(text(files, resPath), resPath);
  const fonts = new Map(elements(child(publicRes, "ofd:Fonts"), "ofd:Font").map((f) => [f.attrs.ID!, f]));
  const pages = elements(child(document, "ofd:Pages"), "ofd:Page").map((p) => {
    const path = base + p.attrs.BaseLoc!;
    const content = parseXml(text(files, path), path);
    const runs: OfdRun[] = [];
    for (const layer of elements(child(content, "ofd:Content"), "ofd:Layer")) {
      for (const o of elements(layer, "ofd:TextObject")) {
        const [bx, by] = o.attrs.Boundary!.split(" ").map(Number);
        const ctm = o.attrs.CTM?.split(" ").map(Number);
        for (const code of elements(o, "ofd:TextCode")) {
          const chars = [...textContent(code)];
          const x0 = Number(code.attrs.X), y = Number(code.attrs.Y);
          const d = deltas(code.attrs.DeltaX);
          const xs = chars.map((_, i) => bx! + x0 + d.slice(0, i).reduce((a, b) => a + b, 0));
          // A turned run: its baseline where the CTM puts its start.
          const baseline = ctm ? by! + ctm[1]! * x0 + ctm[3]! * y + ctm[5]! : by! + y;
          runs.push({ text: chars.join(""), font: o.attrs.Font!, x: xs[0]!, baseline, xs, size: Number(o.attrs.Size), layer: layer.attrs.Type ?? "Body", object: o });
        }
      }
    }
    const lines: string[] = [];
    runs.forEach((r, i) => {
      const prev = runs[i - 1];
      if (prev && Math.abs(prev.baseline - r.baseline) < 0.01 && r.x >= prev.x) lines[lines.length - 1] += r.text;
      else lines.push(r.text);
    });
    return { id: p.attrs.ID!, path, content, runs, lines };
  });
  return { files, entry, docRoot, document, publicRes, pages, fonts };
}

/** Every element under `el` (itself included), depth first. */
export function allElements(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap((c) => (typeof c === "string" ? [] : allElements(c)))];
}
