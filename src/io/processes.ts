/** Whether process `pid` is running (this process is): a signal 0 reaches it, or it exists but is not ours (EPERM). */
export function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
