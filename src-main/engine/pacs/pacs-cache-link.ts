// Sharing a cached file with the staging folder of an update: a hard link (no byte copied), a copy
// only where the file system has no hard links to give.
import { copyFile, link } from 'node:fs/promises';

/** link(2) errors that mean "no hard link here", not "no such file". */
const NO_HARD_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/**
 * Links (or copies) `from` to `to`; false when `from` is gone: another retrieve of the study
 * swapped its folder meanwhile, and the instance has to be fetched again.
 */
export async function linkCached(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT') return false;
    if (!NO_HARD_LINK.has(code)) throw err;
  }
  try {
    await copyFile(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
