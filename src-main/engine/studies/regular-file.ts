// Only regular files are read as images. open() on a named pipe blocks until something writes to
// it (a FIFO in a folder hung `alveo study` for good), and a socket or device is never an image:
// such entries are named for what they are, never opened blindly.
import { constants, type Dirent, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { AlveoError } from '../../api/errors';

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

/**
 * Opens `file` for reading, refusing anything but a regular file. O_NONBLOCK (where the system has
 * it; no effect on regular files) makes a FIFO's open return at once, so the check cannot hang, and
 * the check is on the opened handle, so the file cannot be swapped in between.
 */
export async function openRegularFile(file: string): Promise<FileHandle> {
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const s = await handle.stat();
    if (s.isDirectory()) throw new AlveoError('BAD_ARGUMENT', 'is a folder, not a file', file);
    const kind = specialFileKind(s);
    if (kind) throw new AlveoError('NOT_AN_IMAGE', notRegularReason(kind), file);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}
