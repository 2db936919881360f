/**
 * Watches data/, templates/ and fonts/ (fs.watch, recursive: inotify on Linux with Node ≥ 20, FSEvents on
 * macOS) and reports which of them changed, a burst of events (an editor's save writes, renames and
 * touches) gathered into one call.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";
import type { Area } from "./session.js";

const AREAS: readonly Area[] = ["data", "templates", "fonts"];
/** Events closer together than this are one change. */
const SETTLE_MS = 40;

export function watchSources(root: string, onChange: (areas: Area[]) => void): { close(): void } {
  const seen = new Set<Area>();
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];
  for (const area of AREAS) {
    const dir = join(root, area);
    if (!existsSync(dir)) continue;
    const w = watch(dir, { recursive: true }, (_event, file) => {
      // Editors' swap and backup files are not sources.
      if (file && /(^|[\\/])(\.#|#)|~$|\.sw[px]$/.test(String(file))) return;
      seen.add(area);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const areas = [...seen];
        seen.clear();
        onChange(areas);
      }, SETTLE_MS);
    });
    w.on("error", () => undefined); // a folder removed while watched: the next build reports what is missing
    watchers.push(w);
  }
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
