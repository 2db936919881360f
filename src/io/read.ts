/**
 * The one way the tool reads its inputs (every YAML, template, chart spec, data file, workbook, font, and what
 * `new-year` and `workbook` copy): test/raw-reads.test.ts fails when a read of the file system appears outside
 * src/io/ (and the few modules it names, which read only the tool's own files).
 *
 *   - the file is resolved to its real path, which must lie inside the project (or a folder the user named
 *     for it, e.g. a font folder): a `../` name or a symlink leading out is a UserError naming the file;
 *   - only a regular file is read: it is opened with O_NONBLOCK — opening a FIFO for reading otherwise waits
 *     for a writer for ever (open(2), fifo(7)) — and checked with fstat on the open descriptor, so what is
 *     read is what was checked (no race between a stat and the open); a FIFO, a socket or a device named
 *     like a CSV, a template or a font is refused, not read;
 *   - the open file is checked once more through /proc/self/fd (Linux): a folder on the way swapped for a link
 *     between the check and the open would otherwise lead out.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, type Dirent, type Stats } from "node:fs";
import { UserError } from "../errors.js";
import { isInside, realInside, type Confinement } from "./project-path.js";

export type { Confinement };

/** A bound on an input's size, checked on the open file before a byte is read, with the fix to offer. */
export interface ReadLimit {
  readonly bytes: number;
  readonly hint: string;
}

const megabytes = (bytes: number): string => `${Math.round(bytes / 1048576)} MB`;

/** What a non-regular file is, for the message. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  return "not a regular file";
}

/**
 * The bytes of an input file, read from inside the project only, regular files only.
 * @param file the file's path (absolute, or relative to the working folder)
 * @param display the file as the user knows it (relative to the project), for messages
 * @param what what the file is ("template", "data file", "font file"), for messages
 */
export function readInput(file: string, display: string, what: string, where: Confinement, limit?: ReadLimit): Buffer {
  return readChecked(file, display, what, where, limit, (fd) => readFileSync(fd));
}

/** As readInput, but only checks the file and tells its size: what to read is decided later (readInputInto). */
export function sizeInput(file: string, display: string, what: string, where: Confinement): number {
  return readChecked(file, display, what, where, undefined, (_fd, size) => size);
}

/**
 * As readInput, into `target` (the file's size, as sizeInput told it): the byte ranges `[start, end)` given, or the
 * whole file. A file whose size has changed since is an error naming it.
 */
export function readInputInto(file: string, display: string, what: string, where: Confinement, target: Uint8Array, ranges: readonly (readonly [number, number])[] = [[0, target.length]]): void {
  readChecked(file, display, what, where, undefined, (fd, size) => {
    if (size !== target.length) throw new UserError({ file: display, message: `${what} changed while it was read (${target.length} bytes, now ${size})`, hint: "build again, once the file is no longer being changed" });
    for (const [start, end] of ranges) {
      for (let done = start; done < Math.min(end, size); ) {
        const n = readSync(fd, target, done, Math.min(end, size) - done, done);
        if (n === 0) throw Object.assign(new Error("the file was shortened while it was read"), { code: "ESHORT" });
        done += n;
      }
    }
  });
}

/** Opens `file` as readInput describes, checks it, and reads it with `read` (given the descriptor and the size). */
function readChecked<T>(file: string, display: string, what: string, where: Confinement, limit: ReadLimit | undefined, read: (fd: number, size: number) => T): T {
  const real = realInside(file, display, what, where);
  let fd: number;
  try {
    // O_NOFOLLOW: `real` has no link left in it; one put there since is refused (ELOOP), not followed.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError({ file: display, message: `${what} not found`, hint: "check the name and the folder" });
    if (code === "ELOOP") throw new UserError({ file: display, message: `${what} was replaced by a link while it was read`, hint: "build again; keep the file itself in the project, not a link to it" });
    if (code === "ENXIO") throw new UserError({ file: display, message: `is a socket or device, not a ${what}`, hint: `replace it with the ${what} itself` });
    throw new UserError({ file: display, message: `cannot read: ${code ?? String(e)}`, hint: "check the file's permissions" });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      throw new UserError({ file: display, message: `is ${kindOf(st)}, not a ${what}`, hint: `replace it with the ${what} itself (a regular file)` });
    }
    if (limit !== undefined && st.size > limit.bytes) {
      throw new UserError({ file: display, message: `is ${megabytes(st.size)}, more than the ${megabytes(limit.bytes)} a ${what} is read up to`, hint: limit.hint });
    }
    const opened = openedPath(fd);
    if (opened !== undefined && !where.inside.some((dir) => isInside(opened, dir))) {
      throw new UserError({ file: display, message: `${what} leads to ${opened}, outside the project`, hint: "keep the file itself in the project, not a link to it" });
    }
    return read(fd, st.size);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError({ file: display, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, hint: "check the file's permissions" });
  } finally {
    closeSync(fd);
  }
}

/** Where an open descriptor's file really is (Linux /proc), or undefined where that cannot be told. */
function openedPath(fd: number): string | undefined {
  try {
    const path = readlinkSync(`/proc/self/fd/${fd}`);
    return path.startsWith("/") ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The entries of an input folder (none when it does not exist), the folder resolved inside the project like
 * a file: a data folder linked to a place outside is an error, not a list of that place's names.
 */
export function listInput(dir: string, display: string, what: string, where: Confinement): Dirent[] {
  const real = realInside(dir, display, what, where);
  try {
    return readdirSync(real, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return [];
    if (code === "ENOTDIR") throw new UserError({ file: display, message: `is a file, not a folder`, hint: `make ${display} a folder of ${what}s` });
    throw new UserError({ file: display, message: `cannot list: ${code ?? String(e)}`, hint: "check the folder's permissions" });
  }
}

/** The names in an input folder, sorted (see listInput). */
export function inputNames(dir: string, display: string, what: string, where: Confinement): string[] {
  return listInput(dir, display, what, where)
    .map((e) => e.name)
    .sort();
}
