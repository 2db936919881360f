/**
 * Files the build reads are read from inside the project only: a template named `../../x.md.hbs` in
 * templates/<kind>/report.yaml, or a symlink pointing out of the project, is an error — never a way to put any
 * file of the machine into a report. Symlinks are followed while they stay inside. The reading itself is
 * src/io/read.ts.
 */
import { existsSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.js";

/** The folders (real paths) files may be read from: the project, and folders the user named for a purpose (fonts). */
export interface Confinement {
  readonly inside: readonly string[];
}

/** A path through its longest existing part, resolved through symlinks, plus the rest (which does not exist yet). */
export function realPathOf(p: string): string {
  let head = resolve(p);
  const tail: string[] = [];
  while (!existsSync(head) && dirname(head) !== head) {
    tail.unshift(basename(head));
    head = dirname(head);
  }
  return join(realpathSync(head), ...tail);
}

/** Reading confined to the project `root` (and, e.g. for fonts, other folders the user named). */
export function confinedTo(root: string, ...also: string[]): Confinement {
  return { inside: [root, ...also].map(realPathOf) };
}

/** Whether the real path `p` is `dir` or lies inside it. */
export function isInside(p: string, dir: string): boolean {
  const rel = relative(dir, p);
  return !(rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel));
}

/**
 * `file` → its real path, checked to lie inside one of the confinement's folders; a missing file keeps its
 * name (the reader then says it is missing).
 */
export function realInside(file: string, display: string, what: string, where: Confinement, from?: { file: string; line?: number }): string {
  const at = from ? { file: from.file, ...(from.line !== undefined && { line: from.line }) } : { file: display };
  const allowed = (p: string): boolean => where.inside.some((dir) => isInside(p, dir));
  const lexical = realPathOf(dirname(resolve(file)));
  const named = join(lexical, basename(file));
  if (!allowed(named)) {
    throw new UserError({ ...at, message: `${what}${from ? ` "${display}"` : ""} is outside the project (${named})`, hint: `keep ${what}s inside the project, and name them without ../` });
  }
  if (!existsSync(named)) return named;
  const real = realpathSync(named);
  if (!allowed(real)) {
    throw new UserError({ ...at, file: display, message: `${what} is a link to ${real}, outside the project`, hint: `copy the ${/folder$/.test(what) ? "folder" : "file"} into ${dirname(display) || "."}/ instead of linking to it` });
  }
  return real;
}

/**
 * `relPath` (relative to `dir`) → its real path, checked to lie inside the real `root`.
 * @param what what the file is, for the message (e.g. "template")
 * @param display how to show a path to the user
 * @param from where the name was written (file, line), for the message
 */
export function resolveInside(root: string, dir: string, relPath: string, what: string, display: (file: string) => string = (f) => f, from?: { file: string; line?: number }): string {
  const where = from ? { file: from.file, ...(from.line !== undefined && { line: from.line }) } : {};
  if (isAbsolute(relPath)) throw new UserError({ ...where, message: `${what} "${relPath}" is an absolute path`, hint: `name it relative to ${display(dir)}/` });
  const file = resolve(dir, relPath);
  const realRoot = realpathSync(root);
  if (!isInside(resolve(realpathSync(existsSync(dir) ? dir : root), relPath), realRoot)) {
    throw new UserError({ ...where, message: `${what} "${relPath}" is outside the project`, hint: `keep ${what}s inside ${display(dir)}/` });
  }
  if (!existsSync(file)) return file; // the reader says it is missing, with the file's name
  const real = realpathSync(file);
  if (!isInside(real, realRoot)) {
    throw new UserError({ ...where, file: display(file), message: `${what} is a link to ${real}, outside the project`, hint: `copy the file into ${display(dir)}/ instead of linking to it` });
  }
  return real;
}
