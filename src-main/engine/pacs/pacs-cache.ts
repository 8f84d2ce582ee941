// The PACS cache on disk: <userDir>/pacs/cache/<StudyInstanceUID>/<SOPInstanceUID>.dcm. These are
// patient images, so they are private like the app's other patient files: folders 0700, files
// 0600. Modes are set again whenever a study is touched, so a cache written by an older version
// (755/644) is tightened on first use. A study is replaced whole: it is fetched into a hidden
// staging folder and swapped in by rename, so a crash never leaves a half study looking complete.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pacsCacheDir } from './pacs-cache-dir';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/** The cache folder, created (or tightened) private together with the pacs folder above it. */
export async function openPacsCache(userDir: string): Promise<string> {
  const cache = pacsCacheDir(userDir);
  // mkdir's mode only applies to folders it creates (and the umask may only remove bits): chmod both.
  await mkdir(cache, { recursive: true, mode: PRIVATE_DIR });
  await chmod(dirname(cache), PRIVATE_DIR);
  await chmod(cache, PRIVATE_DIR);
  await sweepLeftovers(cache);
  return cache;
}

/** A retrieve takes minutes at most: staging folders this old were left by a killed process. */
const LEFTOVER_AGE_MS = 6 * 3600 * 1000;

async function sweepLeftovers(cache: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(cache).catch(() => [] as string[])) {
    if (!name.startsWith('.partial-') && !name.startsWith('.stale-')) continue;
    const at = (await stat(join(cache, name)).catch(() => null))?.mtimeMs ?? now;
    if (now - at > LEFTOVER_AGE_MS) await rm(join(cache, name), { recursive: true, force: true });
  }
}

/** The cached study's files (sorted), tightened to private modes; null when it is not cached. */
export async function cachedStudy(folder: string): Promise<string[] | null> {
  const s = await stat(folder).catch(() => null);
  if (!s?.isDirectory()) return null;
  const files = (await readdir(folder)).filter((f) => f.endsWith('.dcm')).sort().map((f) => join(folder, f));
  if (!files.length) return null;
  await makePrivate(folder, files);
  return files;
}

async function makePrivate(folder: string, files: string[]): Promise<void> {
  await chmod(folder, PRIVATE_DIR);
  for (const f of files) await chmod(f, PRIVATE_FILE);
}

/**
 * Fills a fresh staging folder with `fill`, makes it private and swaps it in for the study's
 * folder (the old copy, if any, goes only once the new one is complete). Answers `fill`'s value.
 */
export async function replaceCachedStudy<T>(cache: string, studyInstanceUid: string, fill: (staging: string) => Promise<T>): Promise<T> {
  const tag = `${studyInstanceUid}-${randomBytes(4).toString('hex')}`;
  const staging = join(cache, `.partial-${tag}`);
  const aside = join(cache, `.stale-${tag}`);
  const folder = join(cache, studyInstanceUid);
  await mkdir(staging, { mode: PRIVATE_DIR });
  try {
    const value = await fill(staging);
    const names = (await readdir(staging)).filter((f) => f.endsWith('.dcm'));
    await makePrivate(staging, names.map((n) => join(staging, n)));
    // Two renames, not rm + rename: the old copy stays whole until the new one is ready to go in.
    const hadOld = await rename(folder, aside).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw err;
      },
    );
    await rename(staging, folder).catch((err: NodeJS.ErrnoException) => {
      // Another retrieve of the same study landed in between: its copy is as new as ours.
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
    if (hadOld) await rm(aside, { recursive: true, force: true });
    return value;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
