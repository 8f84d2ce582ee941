// The one way Alveo replaces a file or a folder (models, settings, result caches, CSVs, reports,
// images, recent studies): write it under a temporary name next to the target, fsync it, rename it
// over the target, then fsync the folder. A reader never sees half a file, and after a power cut
// the target is either the old version or the whole new one: without the first fsync the rename
// can reach the disk before the data (an empty or zero-filled file after the crash, as ext4 with
// delalloc, XFS and btrfs allow); without the folder fsync the rename itself may be lost.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { AlveoError } from '../../api/errors';
import { errnoInWords } from './errno-in-words';
import { processAlive } from './process-alive';
import { writeTarget } from './write-target';

/** A unique hidden name next to `target` (same folder, so the rename stays on one file system). */
export function tempSibling(target: string, tag = 'tmp'): string {
  return join(dirname(target), `.${basename(target)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

const TEMP_SIBLING = /^\.(.+)\.([a-z]+)-(\d+)-[0-9a-f]{8}$/;

/**
 * Removes the temporary siblings (tempSibling's names) in `dir` whose owning process is gone: a
 * write interrupted by kill -9 or a power cut leaves its hidden half-written folder behind. An old
 * copy set aside by writeFolderAtomic's replace whose target is missing (killed between its two
 * renames) is the only copy left: it is put back, not removed. Returns the names removed.
 */
export async function sweepDeadTemporaries(dir: string, opts: { olderThanMs?: number } = {}): Promise<string[]> {
  const removed: string[] = [];
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = TEMP_SIBLING.exec(name);
    if (!m || processAlive(Number(m[3]))) continue;
    if (opts.olderThanMs && now - ((await lstat(join(dir, name)).catch(() => null))?.mtimeMs ?? now) < opts.olderThanMs) continue;
    const target = join(dir, m[1]);
    if (m[2] === 'old' && !existsSync(target)) {
      await rename(join(dir, name), target);
      continue;
    }
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Folders already swept by this process. */
const swept = new Set<string>();

/**
 * sweepDeadTemporaries, once per folder per process, before the first write there (review 35 F4:
 * a kill -9 mid-write left half-written reads, node lists and worklists in readings/, pacs/ and
 * worklist/ for ever, some holding whole records). Only temporaries left for 10 minutes: a pid
 * names a process on this machine, and a folder on a share may hold another machine's write in
 * flight (review 38 F5). Best effort: a sweep never fails a write.
 */
async function sweepOnce(dir: string): Promise<void> {
  if (swept.has(dir)) return;
  swept.add(dir);
  await sweepDeadTemporaries(dir, { olderThanMs: 10 * 60_000 }).catch(() => undefined);
}

/** Flushes a file's data and metadata to the disk. */
export async function fsyncFile(file: string): Promise<void> {
  // A file kept read-only (a 0444 target's mode, carried to its replacement) cannot be opened for
  // writing; reading is enough for fsync on POSIX (review 29 F10).
  const handle = await open(file, 'r+').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EACCES' || err.code === 'EPERM') return open(file, 'r');
    throw err;
  });
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a folder's entries (a rename, a new file) to the disk. Windows cannot open a folder for
 * this (NTFS journals renames itself), and some file systems refuse it: those are ignored.
 */
export async function fsyncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw err;
  } finally {
    await handle?.close();
  }
}

/** fsync of every file and folder under `dir`, the deepest first, `dir` itself last. */
async function fsyncTree(dir: string): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await fsyncTree(p);
    else if (e.isFile()) await fsyncFile(p);
  }
  await fsyncFolder(dir);
}

type Rename = (from: string, to: string) => Promise<void>;

/** Transient refusals on Windows: an antivirus scan, the search indexer, a file just closed by a reader. */
const WINDOWS_BUSY = new Set(['EPERM', 'EACCES', 'EBUSY']);

/**
 * rename(), tried again for about 3 s on Windows while the target is busy (as npm's graceful-fs
 * does); a target still held is then said in words naming it, never the hidden temporary.
 */
export async function renameOver(from: string, to: string, platform: NodeJS.Platform = process.platform, doRename: Rename = rename): Promise<void> {
  for (let attempt = 0, delay = 50; ; attempt++, delay = Math.min(delay * 2, 800)) {
    try {
      await doRename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (platform === 'win32' && WINDOWS_BUSY.has(code) && attempt < 8) {
        await new Promise((r) => setTimeout(r, delay));
        continue;
      }
      const held = platform === 'win32' && WINDOWS_BUSY.has(code) ? ': it is open in another program (a spreadsheet?) or read-only; close it and try again' : '';
      throw Object.assign(new Error(`cannot replace ${to}: ${errnoInWords(err)}${held}`), { code, cause: err });
    }
  }
}

/**
 * `write(tmp)` produces the new content at a temporary path; it is made durable and renamed over
 * `file` only if `write` succeeds. The folder is created when missing.
 */
export async function replaceAtomically(file: string, write: (tmp: string) => Promise<unknown>): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await sweepOnce(dirname(file));
  const tmp = tempSibling(file);
  try {
    await write(tmp);
    await fsyncFile(tmp);
    await renameOver(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncFolder(dirname(file));
}

/** Owner-only: the mode of every new file that may hold patient data (CSVs, reports, DICOM). */
export const PRIVATE_FILE_MODE = 0o600;

export interface WriteFileAtomicOptions {
  /** Permission bits of a NEW file, e.g. PRIVATE_FILE_MODE for files holding patient data. */
  mode?: number;
}

/**
 * The mode rule, in one place: a new file gets `mode` (0666 less the umask when none); a file that
 * replaces an existing one keeps that file's mode and, where allowed, its group (where not, the group
 * bits go: they would name another group). An admin who made a target 0640 for a consumer group on
 * purpose must not find it 0600 after the next run. But a file asked to be private (a `mode`
 * without bits for others: patient data) never keeps bits for others: a 0644 target becomes 0640,
 * not a world-readable list of patients.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: WriteFileAtomicOptions | number = {}): Promise<void> {
  const mode = typeof opts === 'number' ? opts : opts.mode;
  try {
    await writeAt(file, data, mode);
  } catch (err) {
    throw namedWriteError(file, err);
  }
}

/** writeTarget (write-target.ts) decides where the bytes go; a regular file is replaced atomically. */
async function writeAt(file: string, data: string | Uint8Array, mode: number | undefined): Promise<void> {
  const target = await writeTarget(file);
  if (target.kind === 'refused') throw Object.assign(new Error(`cannot write ${file}: ${target.why}`), { code: target.code });
  if (target.kind === 'straight') {
    // 'a': a pipe or device does not mind, and a shell's `>> log` behind /dev/stdout keeps what it had.
    const handle = await open(target.path, 'a');
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    return;
  }
  file = target.path;
  const here = await lstat(file).catch(() => null);
  const kept = here;
  // Windows neither flushes nor replaces a read-only file: say so by name rather than fail on a temporary.
  if (kept && process.platform === 'win32' && (kept.mode & 0o200) === 0) {
    throw Object.assign(new Error(`cannot replace ${file}: it is read-only (clear its read-only attribute to let Alveo write it)`), { code: 'EPERM' });
  }
  await replaceAtomically(file, async (tmp) => {
    // 'wx': the temporary name is ours alone; the mode applies from creation, never wider.
    const handle = await open(tmp, 'wx', kept ? kept.mode & 0o600 : (mode ?? 0o666));
    try {
      if (kept && process.platform !== 'win32') {
        // The group first (chown may clear mode bits), then the mode, set exactly: the umask narrowed open's.
        if (kept.gid !== (await handle.stat()).gid) await handle.chown(-1, kept.gid).catch(() => undefined);
        // A writer outside that group cannot keep it: the file is now its own group's, so the group
        // bits would hand the rows to that group instead (a 0640 radiology file becoming users-readable).
        const groupKept = (await handle.stat()).gid === kept.gid;
        const othersKept = mode === undefined || (mode & 0o007) !== 0;
        await handle.chmod(kept.mode & (groupKept ? 0o777 : 0o707) & (othersKept ? 0o777 : 0o770));
      }
      await handle.writeFile(data); // replaceAtomically fsyncs it before the rename
    } finally {
      await handle.close();
    }
  });
}

/**
 * A failed write said by the file it was for and the cause in words ("cannot write …/out.csv: the
 * disk is full"), never by the hidden temporary; the errno code stays on the error for callers.
 */
function namedWriteError(file: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/^cannot (write|replace) /.test(message)) return err instanceof Error ? err : new Error(message);
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return Object.assign(new Error(`cannot write ${file}: ${errnoInWords(err)}`), { ...(code ? { code } : {}), cause: err });
}

export async function writeJsonAtomic(file: string, value: unknown, opts: WriteFileAtomicOptions = {}): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, opts);
}

/**
 * Fills a fresh temporary folder next to `target` with `fill`, makes it durable, then renames it to
 * `target`. With `replace`, an existing target is swapped out and removed only after the new one
 * is in place; without, an existing target is an error.
 */
export async function writeFolderAtomic(
  target: string,
  fill: (tmpDir: string) => Promise<void>,
  opts: { replace?: boolean } = {},
): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  await sweepOnce(dirname(target));
  const tmp = tempSibling(target);
  await mkdir(tmp);
  try {
    await fill(tmp);
    await fsyncTree(tmp);
    if (opts.replace) {
      const old = tempSibling(target, 'old');
      let moved = false;
      try {
        await rename(target, old);
        moved = true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      try {
        await rename(tmp, target);
      } catch (err) {
        if (moved) await rename(old, target);
        throw err;
      }
      await fsyncFolder(dirname(target));
      if (moved) await rm(old, { recursive: true, force: true });
    } else {
      // rename() onto an existing empty folder succeeds on Linux; refuse explicitly instead.
      if (existsSync(target)) throw new Error(`${target} already exists`);
      await rename(tmp, target);
      await fsyncFolder(dirname(target));
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    // A refusal to write the new folder (a full disk while copying a model) names the folder, never
    // the temporary; anything else (a source file that cannot be read, an AlveoError) is its own cause.
    const e = err as (NodeJS.ErrnoException & { dest?: string }) | null;
    const room = ['ENOSPC', 'EDQUOT', 'EFBIG', 'EROFS'].includes(e?.code ?? '');
    // copyfile names its source as `path`: only a failure for room is the new folder's (review 39 F2);
    // a source that cannot be read is its own cause, said by Node with both names.
    const paths = (e?.syscall === 'copyfile' ? [] : [e?.path, e?.dest]).filter((p): p is string => typeof p === 'string');
    // A write that fails for room (a handle's ENOSPC names no path) is the new folder's too.
    const inNew = paths.some((p) => p === target || p === tmp || p.startsWith(tmp + sep)) || (!paths.length && room);
    throw !(err instanceof AlveoError) && inNew ? namedWriteError(target, err) : err;
  }
}
