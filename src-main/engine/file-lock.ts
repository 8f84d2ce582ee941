// One read-change-write at a time on a file that several Alveo processes share (the app, the web
// host and the CLI on one user folder: settings, PACS nodes, sent results, model cards). Without it
// two writers both read the old file and the second rename drops the first one's change. The lock
// is a file beside the target, made with O_EXCL, holding its owner's pid and host. A lock left by a
// process that is gone (killed, power cut) is taken over; one held past the wait is an error naming
// it, never a skipped write.
import { hostname } from 'node:os';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AlveoError } from '../api/errors';
import { processAlive } from './process-alive';

/** Older than this, a lock is stale whoever holds it: no read-change-write here takes a minute. */
const STALE_MS = 60_000;

export function lockFileOf(file: string): string {
  return join(dirname(file), `.${basename(file)}.lock`);
}

async function stale(lock: string): Promise<boolean> {
  const [text, st] = await Promise.all([readFile(lock, 'utf8').catch(() => null), stat(lock).catch(() => null)]);
  if (text === null || st === null) return false; // gone already: the next try takes it
  if (Date.now() - st.mtimeMs > STALE_MS) return true;
  const [pid, host] = text.trim().split(' ');
  // Another machine's process (a user folder on a network share) cannot be asked: only age tells.
  return host === hostname() && Number(pid) > 0 && !processAlive(Number(pid));
}

/** `opts.lock`: the lock file, where one beside `file` would be in the way (in a model folder, every file is copied with it). */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, opts: { waitMs?: number; lock?: string } = {}): Promise<T> {
  const lock = opts.lock ?? lockFileOf(file);
  const deadline = Date.now() + (opts.waitMs ?? 15_000);
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid} ${hostname()}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    // Two takers of one stale lock can both remove it; the window is one crash wide and costs at
    // most one lost change, as without a lock.
    if (await stale(lock)) {
      await rm(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new AlveoError('INTERNAL', `another Alveo process has been changing this file for too long (lock ${lock}); try again, or remove the lock if no Alveo is running`, file);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}
