/**
 * One page's Content.xml (GB/T 33190-2016 §7.7 table 11, §8 layers): the laid-out page's items in their order —
 * which is the reading order (src/present/pages/types.ts: the page number last) and the painting order — each run
 * of items of one kind in a layer of the matching type:
 * - Background: the shades (a draft's marks, each placed just before the line it lies behind);
 * - Body: the content (lines, charts);
 * - Foreground: page furniture, the items of role `artifact` (the page number, a table's rules, a header row
 *   repeated on a later page): OFD has no artifact mark as tagged PDF has; the layer type says what they are.
 * Runs, not one layer of each type: a repeated header row stays where it is read and drawn, above its rows.
 */
import type { FontProfile } from "../../fonts/profile.js";
import type { LaidPage, PageItem } from "../../present/pages/types.js";
import type { FontResources } from "./fonts.js";
import type { Ids } from "./ids.js";
import { pathObject } from "./objects.js";
import { svgObjects } from "./svg.js";
import { lineObjects } from "./text.js";
import { mm, rgb } from "./units.js";

const NS = "http://www.ofdspec.org/2016";

function itemObjects(item: PageItem, ids: Ids, fonts: FontProfile, resources: FontResources): string[] {
  switch (item.kind) {
    case "line":
      return lineObjects(item, ids, fonts, resources);
    case "picture":
      return svgObjects(item, ids, fonts, resources);
    case "rule": {
      const xml = pathObject(ids, [{ op: "M", x: mm(item.x1), y: mm(item.y1) }, { op: "L", x: mm(item.x2), y: mm(item.y2) }], { stroke: "0 0 0", lineWidth: mm(item.width) });
      return xml ? [xml] : [];
    }
    case "shade": {
      const [x, y, w, h] = [mm(item.x), mm(item.top), mm(item.width), mm(item.height)];
      const xml = pathObject(ids, [{ op: "M", x, y }, { op: "L", x: x + w, y }, { op: "L", x: x + w, y: y + h }, { op: "L", x, y: y + h }, { op: "C" }], { fill: rgb(item.color) });
      return xml ? [xml] : [];
    }
  }
}

type LayerType = "Background" | "Body" | "Foreground";

const layerOf = (item: PageItem): LayerType => (item.kind === "shade" ? "Background" : item.role === "artifact" ? "Foreground" : "Body");

export function pageContent(page: LaidPage, ids: Ids, fonts: FontProfile, resources: FontResources): string {
  const runs: { type: LayerType; items: PageItem[] }[] = [];
  for (const item of page.items) {
    const type = layerOf(item);
    const last = runs.at(-1);
    if (last?.type === type) last.items.push(item);
    else runs.push({ type, items: [item] });
  }
  const layers = runs.map(({ type, items }) => {
    const id = ids.next();
    return `<ofd:Layer ID="${id}" Type="${type}">${items.flatMap((i) => itemObjects(i, ids, fonts, resources)).join("")}</ofd:Layer>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="${NS}"><ofd:Content>${layers.join("")}</ofd:Content></ofd:Page>`;
}

export { NS };
