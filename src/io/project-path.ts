/**
 * Files the build reads are read from inside the project only: a template named `../../x.md.hbs` in
 * templates/<kind>/report.yaml, or a symlink pointing out of the project, is an error — never a way to put any
 * file of the machine into a report. Symlinks are followed while they stay inside.
 */
import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.js";

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
  const outside = (p: string): boolean => {
    const rel = relative(realRoot, p);
    return rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  };
  if (outside(resolve(realpathSync(existsSync(dir) ? dir : root), relPath))) {
    throw new UserError({ ...where, message: `${what} "${relPath}" is outside the project`, hint: `keep ${what}s inside ${display(dir)}/` });
  }
  if (!existsSync(file)) return file; // the reader says it is missing, with the file's name
  const real = realpathSync(file);
  if (outside(real)) {
    throw new UserError({ ...where, file: display(file), message: `${what} is a link to ${real}, outside the project`, hint: `copy the file into ${display(dir)}/ instead of linking to it` });
  }
  return real;
}
