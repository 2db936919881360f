/**
 * Watches data/, templates/ and fonts/ and reports which of them changed, a burst of events (an editor's save
 * writes, renames and touches) gathered into one call.
 *
 * Each folder is watched on its own (fs.watch without `recursive`, an inotify watch per folder on Linux), and
 * folders made later are added when they appear. Node 20's `recursive: true` on Linux watches every file by
 * itself instead: a file saved by writing a new one and renaming it over the old (vim, emacs, many IDEs'
 * "safe write") is watched no more, and its next save is never seen. A folder's watch sees whatever
 * happens to the names in it.
 */
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { join, sep } from "node:path";
import type { Area } from "./session.js";

const AREAS: readonly Area[] = ["data", "templates", "fonts"];
/**
 * Events closer together than this are one change. A save's events come within a millisecond or two of each
 * other (write in place: truncate and write; atomic save: write, rename), so a short wait is enough, and every
 * millisecond of it is a millisecond more before the page shows the edit.
 */
const SETTLE_MS = 10;
/** Editors' swap and backup files are not sources. */
const EDITOR_FILE = /(^|[\\/])(\.#|#)|~$|\.sw[px]$/;

export function watchSources(root: string, onChange: (areas: Area[]) => void): { close(): void } {
  const seen = new Set<Area>();
  let timer: NodeJS.Timeout | undefined;
  const watchers = new Map<string, FSWatcher>();
  const changed = (area: Area): void => {
    seen.add(area);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const areas = [...seen];
      seen.clear();
      onChange(areas);
    }, SETTLE_MS);
  };
  /** Ends the watches of a folder and of every folder in it. */
  const drop = (dir: string): void => {
    for (const [path, w] of watchers) {
      if (path !== dir && !path.startsWith(`${dir}${sep}`)) continue;
      w.close();
      watchers.delete(path);
    }
  };
  const add = (dir: string, area: Area): void => {
    if (watchers.has(dir)) return;
    let w: FSWatcher;
    try {
      w = watch(dir, (_event, name) => {
        if (name && EDITOR_FILE.test(String(name))) return;
        // An event naming a folder here: it was made, moved or removed — watched afresh if it is there.
        const child = name ? join(dir, String(name)) : undefined;
        if (child && (watchers.has(child) || isFolder(child))) {
          drop(child);
          if (isFolder(child)) add(child, area);
        }
        changed(area);
      });
    } catch {
      return; // removed meanwhile: the change is reported by its parent
    }
    // The folder removed: its watch ends (unless it was watched afresh meanwhile).
    w.on("error", () => (watchers.get(dir) === w ? drop(dir) : w.close()));
    watchers.set(dir, w);
    let entries: string[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      // removed meanwhile
    }
    for (const name of entries) add(join(dir, name), area);
  };
  for (const area of AREAS) {
    const dir = join(root, area);
    if (existsSync(dir)) add(dir, area);
  }
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
