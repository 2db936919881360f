/**
 * One build at a time per output folder. Two builds into the same out/ (say `--region 520000` and
 * `--region 520300` started together) would each stage the old set plus their own reports and swap it in:
 * the second swap throws away the first one's documents. So a build holds `.<out>.lock` beside the output
 * folder from the moment it opens the folder until its outputs are committed or abandoned, and a second
 * build stops at once (exit 2) naming the holder: its process id, when it started and its command.
 *
 * The lock file is created with O_EXCL (one creator wins). A lock whose process is gone (killed, the machine
 * restarted) is stale and taken over: its process is dead when `kill(pid, 0)` finds none, or when the
 * process of that id started at another time than the one recorded (the id was reused; Linux
 * /proc/<pid>/stat, field 22). Removing a stale lock is itself done under `.<out>.lock.takeover`, created
 * with O_EXCL, and only if the lock is still the stale one read: two builds finding the same stale lock
 * cannot both remove it, nor remove the fresh lock the other made. A lock made on another machine (a
 * shared folder) cannot be checked, so it is never taken over: the message names the file to delete.
 */
import { closeSync, constants, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { UserError } from "../errors.js";

interface Holder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the build started. */
  readonly started: string;
  /** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), where known. */
  readonly ticks?: string;
  readonly command: string;
}

/** Tries for a lock that another build is taking over or releasing this instant. */
const ATTEMPTS = 5;

export class OutputLock {
  private released = false;

  private constructor(
    readonly file: string,
    private readonly text: string,
  ) {}

  /** Takes the lock of the output folder `base`, or throws a UserError naming the build that holds it. */
  static take(base: string, shown: string): OutputLock {
    const file = lockFile(base);
    const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), ...(startTicks(process.pid) && { ticks: startTicks(process.pid) }), command: process.argv.slice(1).join(" ") };
    const text = `${JSON.stringify(me)}\n`;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); // let the other finish its step
      if (create(file, text)) return new OutputLock(file, text);
      const held = read(file);
      if (held === undefined) continue; // released between our try and our look: try again
      const holder = parse(held);
      if (holder && holder.pid === process.pid && holder.host === me.host) throw new Error(`${file}: this process holds the lock already`);
      if (!holder || (holder.host === me.host && !running(holder))) {
        takeOver(file, held);
        continue;
      }
      throw busy(shown, file, holder);
    }
    const holder = parse(read(file) ?? "");
    throw holder ? busy(shown, file, holder) : new UserError({ file: shown, message: "another build keeps taking and releasing this output folder", hint: "build again when it has finished" });
  }

  /** Gives the lock up (only if the file is still ours). */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (read(this.file) === this.text) unlinkSync(this.file);
  }
}

export const lockFile = (base: string): string => join(dirname(base), `.${basename(base)}.lock`);

function busy(shown: string, file: string, h: Holder): UserError {
  return new UserError({
    file: shown,
    message: `another build is writing these outputs: process ${h.pid}${h.host !== hostname() ? ` on ${h.host}` : ""}, started ${h.started.replace("T", " ").replace(/\.\d+Z$/, " UTC")}, command: ${h.command || "(unknown)"}`,
    hint: h.host !== hostname()
      ? `wait for it to finish; if no build runs on ${h.host} any more, delete ${file}`
      : "wait for it to finish and build again, or build into another --out folder",
  });
}

/** Creates `file` with `text` if no file of that name exists; false if one does. */
function create(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function read(file: string): string | undefined {
  try {
    // O_NONBLOCK: whatever sits at that name, reading it never waits (a FIFO would).
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    try {
      return readFileSync(fd, "utf8");
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

function parse(text: string): Holder | undefined {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    if (typeof h.pid !== "number" || typeof h.host !== "string" || typeof h.started !== "string") return undefined;
    return { pid: h.pid, host: h.host, started: h.started, ...(typeof h.ticks === "string" && { ticks: h.ticks }), command: typeof h.command === "string" ? h.command : "" };
  } catch {
    return undefined; // a lock half-written by a build killed at that instant: stale
  }
}

/** Whether the holder's process still runs (the same process, not a later one given its id). */
function running(h: Holder): boolean {
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = startTicks(h.pid);
  return h.ticks === undefined || now === undefined || now === h.ticks;
}

/** A process's start time since boot, in clock ticks (proc(5): /proc/<pid>/stat field 22), where /proc is. */
function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count from after its closing one.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Removes a stale lock, under the takeover lock, if it is still the one read (`stale`). */
function takeOver(file: string, stale: string): void {
  const guard = `${file}.takeover`;
  const mine = `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), ticks: startTicks(process.pid) })}\n`;
  if (!create(guard, mine)) {
    // Another build is taking over now; if it died doing so (its guard is stale), the guard goes.
    const held = read(guard);
    const holder = held === undefined ? undefined : parse(held);
    if (held !== undefined && (!holder || (holder.host === hostname() && !running(holder)))) {
      if (read(guard) === held) unlinkSync(guard);
    }
    return;
  }
  try {
    if (read(file) === stale) unlinkSync(file);
  } finally {
    unlinkSync(guard);
  }
}
