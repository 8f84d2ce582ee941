// The activation cache of an adaptation run: <userDir>/cache/adapt-<pid>-<uuid>/. The owner
// removes it when the run ends, but a process killed outright (kill -9, power loss) cannot, and
// the cache of a large site runs to gigabytes. So each run first sweeps the caches whose owning
// process is gone; a cache of a live process (another Alveo window on the same user folder) stays.
import { randomUUID } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from '../files/process-alive';

const CACHE_NAME = /^adapt-(?:(\d+)-)?[0-9a-f-]{36}$/;
/** Caches named before the pid was part of the name: removed once this old. */
const UNOWNED_AGE_MS = 24 * 3600 * 1000;

export function adaptCacheDir(userDir: string): string {
  return join(userDir, 'cache', `adapt-${process.pid}-${randomUUID()}`);
}

/** Removes adaptation caches left by processes that no longer run; returns the names removed. */
export async function sweepStaleAdaptCaches(userDir: string): Promise<string[]> {
  const now = Date.now();
  const root = join(userDir, 'cache');
  const names = await readdir(root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = CACHE_NAME.exec(name);
    if (!m) continue;
    const dir = join(root, name);
    const stale = m[1] !== undefined ? !processAlive(Number(m[1])) : now - (await stat(dir).then((s) => s.mtimeMs, () => now)) > UNOWNED_AGE_MS;
    if (!stale) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
