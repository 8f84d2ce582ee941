// Whether a process id still runs: temporary files and caches carry their owner's pid, so what a
// killed process left behind can be told from what a live one (another Alveo window) still uses.
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
