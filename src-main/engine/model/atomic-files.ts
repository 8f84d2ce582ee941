// Writes that never leave a half-written file or folder behind: write next to the target under a
// temporary name, then rename (atomic within one file system).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function tempSibling(target: string, tag = 'tmp'): string {
  return join(dirname(target), `.${basename(target)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempSibling(file);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Fills a fresh temporary folder next to `target` with `fill`, then renames it to `target`. With
 * `replace`, an existing target is swapped out and removed only after the new one is in place.
 */
export async function writeFolderAtomic(
  target: string,
  fill: (tmpDir: string) => Promise<void>,
  opts: { replace?: boolean } = {},
): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempSibling(target);
  await mkdir(tmp);
  try {
    await fill(tmp);
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
      if (moved) await rm(old, { recursive: true, force: true });
    } else {
      // rename() onto an existing empty folder succeeds on Linux; refuse explicitly instead.
      if (existsSync(target)) throw new Error(`${target} already exists`);
      await rename(tmp, target);
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

export async function copyFolderAtomic(src: string, target: string): Promise<void> {
  await writeFolderAtomic(target, (tmp) => cp(src, tmp, { recursive: true, errorOnExist: false }));
}
