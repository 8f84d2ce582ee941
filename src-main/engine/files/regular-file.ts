// Files the user (or another user, in a shared folder) chose are read only when they are regular
// files. open() on a named pipe blocks a libuv thread until something writes to it: four pipes
// named card.json or patients.csv hung the whole web host (review 44 F2). A socket or a device is
// never a model's, a dataset's or an image's file either: each is named for what it is.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Dirent, type Stats } from 'node:fs';
import { open, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { AlveoError, type AlveoErrorCode } from '../../api/errors';

/** What a special file is, in words ('a named pipe'); null for a regular file, a folder or a link. */
export function specialFileKind(entry: Stats | Dirent): string | null {
  if (entry.isFIFO()) return 'a named pipe';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  return null;
}

/** The reason given for a special file, in a batch's skipped list and in errors alike. */
export function notRegularReason(kind: string): string {
  return `not a regular file (${kind})`;
}

// O_NONBLOCK (where the system has it; no effect on regular files) makes a pipe's open return at
// once, so the check on the opened handle cannot hang, and the file cannot be swapped in between.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function refuseUnlessRegular(s: Stats, file: string, code: AlveoErrorCode): void {
  if (s.isDirectory()) throw new AlveoError('BAD_ARGUMENT', 'is a folder, not a file', file);
  const kind = specialFileKind(s);
  if (kind) throw new AlveoError(code, notRegularReason(kind), file);
}

/**
 * Opens `file` for reading, refusing anything but a regular file with an AlveoError of `code`
 * naming the file and what it is. Other errors of open (ENOENT, EACCES) pass through as they are,
 * so callers keep telling a missing file apart.
 */
export async function openRegularFile(file: string, code: AlveoErrorCode): Promise<FileHandle> {
  const handle = await open(file, READ_FLAGS).catch(async (err: unknown) => {
    // A socket cannot be opened at all (ENXIO): said for what it is, not as an errno.
    const s = (err as NodeJS.ErrnoException).code === 'ENXIO' ? await stat(file).catch(() => null) : null;
    if (s) refuseUnlessRegular(s, file, code);
    throw err;
  });
  try {
    refuseUnlessRegular(await handle.stat(), file, code);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** The whole file (text, given an encoding), refused with BAD_ARGUMENT unless it is a regular file. */
export async function readRegularFile(file: string): Promise<Buffer>;
export async function readRegularFile(file: string, encoding: 'utf8'): Promise<string>;
export async function readRegularFile(file: string, encoding?: 'utf8'): Promise<Buffer | string> {
  const handle = await openRegularFile(file, 'BAD_ARGUMENT');
  try {
    return encoding ? await handle.readFile(encoding) : await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** readRegularFile for the few synchronous readers (a model's side file read during a prediction). */
export function readRegularFileSync(file: string, encoding: 'utf8'): string {
  const fd = openSync(file, READ_FLAGS);
  try {
    refuseUnlessRegular(fstatSync(fd), file, 'BAD_ARGUMENT');
    return readFileSync(fd, encoding);
  } finally {
    closeSync(fd);
  }
}

/** Copies `from` to `to` as copyFile does, from the handle checked to be a regular file. */
export async function copyRegularFile(from: string, to: string): Promise<void> {
  const handle = await openRegularFile(from, 'BAD_ARGUMENT');
  try {
    await writeFile(to, handle.createReadStream({ autoClose: false }), { mode: (await handle.stat()).mode & 0o777 });
  } finally {
    await handle.close();
  }
}
