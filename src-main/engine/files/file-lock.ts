// One read-change-write at a time on a file that several Alveo processes share (the app, the web
// host and the CLI on one user folder: settings, PACS nodes, sent results, model cards). Without it
// two writers both read the old file and the second rename drops the first one's change. The lock
// is a file beside the target, made with O_EXCL, holding its owner's pid, host and a token of its
// own. A lock left by a process that is gone (killed, power cut) is taken over; one held past the
// wait is an error naming it, never a skipped write.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AlveoError } from '../../api/errors';
import { errnoInWords } from './errno-in-words';
import { processAlive } from './process-alive';

/**
 * A lock from another machine (a user folder on a network share) cannot be asked whether its owner
 * lives: older than this it is taken as left behind. On this machine only the owner's pid decides:
 * a live owner waiting on a keychain prompt or a suspended laptop keeps its lock.
 */
const FOREIGN_STALE_MS = 120_000;
/** A lock without a readable owner line (its owner died between making it and writing it). */
const EMPTY_STALE_MS = 5_000;

export function lockFileOf(file: string): string {
  return join(dirname(file), `.${basename(file)}.lock`);
}

/** The lock's content when it was left behind, else null. */
async function stale(lock: string): Promise<string | null> {
  const [text, st] = await Promise.all([readFile(lock, 'utf8').catch(() => null), stat(lock).catch(() => null)]);
  if (text === null || st === null) return null; // gone already: the next try takes it
  const [pid, host] = text.trim().split(' ');
  const age = Date.now() - st.mtimeMs;
  const left = !(Number(pid) > 0) || !host ? age > EMPTY_STALE_MS : host === hostname() ? !processAlive(Number(pid)) : age > FOREIGN_STALE_MS;
  return left ? text : null;
}

/** Takes a left-behind lock out of the way; a live lock moved by mistake (made since it was judged) is put back. */
async function clear(lock: string, judged: string): Promise<void> {
  const aside = `${lock}.stale-${randomBytes(4).toString('hex')}`;
  if (!(await rename(lock, aside).then(() => true, () => false))) return; // another taker moved it first
  if ((await readFile(aside, 'utf8').catch(() => null)) !== judged) await link(aside, lock).catch(() => undefined);
  await rm(aside, { force: true });
}

/** Makes the lock, or returns false when another holds it. */
async function take(lock: string, owner: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lock, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw lockNotWritten(lock, err);
  }
  try {
    await handle.writeFile(owner);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(lock, { force: true }); // an empty lock would hold everyone off
    throw lockNotWritten(lock, err);
  }
  await handle.close();
  return true;
}

/** "cannot write the lock …/nodes.json.lock: the disk is full": the store it guards, and why, never a bare ENOSPC. */
function lockNotWritten(lock: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return Object.assign(new Error(`cannot write the lock ${lock}: ${errnoInWords(err)}; nothing was changed`), { ...(code ? { code } : {}), cause: err });
}

/** Removes the lock only while it is still ours (a lock taken over as left behind is another's now). */
async function release(lock: string, owner: string): Promise<void> {
  if ((await readFile(lock, 'utf8').catch(() => null)) === owner) await rm(lock, { force: true });
}

/** `opts.lock`: the lock file, where one beside `file` would be in the way (in a model folder, every file is copied with it). */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, opts: { waitMs?: number; lock?: string } = {}): Promise<T> {
  const lock = opts.lock ?? lockFileOf(file);
  const owner = `${process.pid} ${hostname()} ${randomBytes(6).toString('hex')}\n`;
  const deadline = Date.now() + (opts.waitMs ?? 15_000);
  for (let delay = 5; !(await take(lock, owner)); delay = Math.min(delay * 2, 100)) {
    const judged = await stale(lock);
    if (judged !== null) {
      await clear(lock, judged);
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
    await release(lock, owner);
  }
}
