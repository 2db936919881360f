/**
 * One page's Content.xml (GB/T 33190-2016 §7.7 table 11, §8 layers): the laid-out page's items in three layers,
 * painted in this order —
 * - Background: the shades (a draft's marks behind the figures they mark), so no text is ever under one;
 * - Body: the content in reading order (lines, charts), which a reader's text extraction follows;
 * - Foreground: page furniture, the items of role `artifact` (the page number, a table's rules): OFD has no
 *   artifact mark as tagged PDF has, and a layer of its own keeps them apart from the text that is read.
 * Items are already in reading order (src/present/pages/types.ts), the page number last.
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

const LAYERS = ["Background", "Body", "Foreground"] as const;

const layerOf = (item: PageItem): (typeof LAYERS)[number] => (item.kind === "shade" ? "Background" : item.role === "artifact" ? "Foreground" : "Body");

export function pageContent(page: LaidPage, ids: Ids, fonts: FontProfile, resources: FontResources): string {
  const layers = LAYERS.map((type) => {
    const items = page.items.filter((i) => layerOf(i) === type);
    if (items.length === 0) return "";
    const id = ids.next();
    return `<ofd:Layer ID="${id}" Type="${type}">${items.flatMap((i) => itemObjects(i, ids, fonts, resources)).join("")}</ofd:Layer>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="${NS}"><ofd:Content>${layers.join("")}</ofd:Content></ofd:Page>`;
}

export { NS };
