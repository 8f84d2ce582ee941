// Results and images are written to a temporary file next to the target, then renamed over it, so
// a reader (or a crash) never sees half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** write(tmp) produces the file's content at tmp; it is renamed over `file` only if write succeeds. */
export async function replaceAtomically(file: string, write: (tmp: string) => Promise<unknown>): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = tempPathFor(file);
  try {
    await write(tmp);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, mode?: number): Promise<void> {
  await replaceAtomically(file, (tmp) => writeFile(tmp, data, mode === undefined ? undefined : { mode }));
}
