// Only regular files are read as images. open() on a named pipe blocks until something writes to
// it (a FIFO in a folder hung `alveo study` for good), and a socket or device is never an image:
// such entries are named for what they are, never opened blindly (files/regular-file.ts).
import type { FileHandle } from 'node:fs/promises';
import { openRegularFile as openChecked } from '../files/regular-file';

export { notRegularReason, specialFileKind } from '../files/regular-file';

/** Opens an image file for reading; anything but a regular file is refused as NOT_AN_IMAGE, named. */
export function openRegularFile(file: string): Promise<FileHandle> {
  return openChecked(file, 'NOT_AN_IMAGE');
}
