/**
 * `BULLETIN_TRACE=1`: every thread prints to stderr when each phase of the build ends — `trace <thread>
 * <ms since the process started> <phase> (cpu <the thread's CPU ms so far>, rss <the process's resident MiB>, heap <the
 * thread's V8 heap used/allocated MiB>)` —
 * so a slow or large build can be taken apart (`npm run bench` is the measure; this says where the time and
 * the memory went). Off, it costs one branch per phase.
 */
import { readFileSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { isMainThread, threadId } from "node:worker_threads";

const enabled = Boolean(process.env.BULLETIN_TRACE);
if (enabled && isMainThread) process.env.BULLETIN_TRACE_ORIGIN ??= String(performance.timeOrigin);
const origin = Number(process.env.BULLETIN_TRACE_ORIGIN ?? performance.timeOrigin);

export function trace(phase: string): void {
  if (!enabled) return;
  const ms = performance.timeOrigin + performance.now() - origin;
  process.stderr.write(`trace ${isMainThread ? "main" : `worker${threadId}`} ${ms.toFixed(0).padStart(5)} ${phase} (cpu ${threadCpu()}, rss ${Math.round(process.memoryUsage.rss() / 1048576)}, heap ${heap()})\n`);
}

/** This thread's V8 heap: used of allocated, MiB. */
function heap(): string {
  const h = getHeapStatistics();
  return `${Math.round(h.used_heap_size / 1048576)}/${Math.round(h.total_heap_size / 1048576)}`;
}

/**
 * This thread's CPU time so far in ms, or "?": Linux's /proc/thread-self/schedstat (the time it ran, in ns), else
 * /proc/thread-self/stat (in clock ticks of 10 ms).
 */
function threadCpu(): string {
  try {
    return String(Math.round(Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6));
  } catch {
    try {
      const stat = readFileSync("/proc/thread-self/stat", "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return String((Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      return "?";
    }
  }
}
