// What Alveo keeps of patients' data on its own, and how to clear it: the batch-score caches
// (scores with each image's DICOM attributes: names, IDs, dates; cache/scores) and the PACS cache
// (retrieved studies, whole; pacs/cache). Clearing serves a retention rule or a workstation handed
// on; Alveo works the same afterwards, only slower the first time (scores are computed again,
// studies retrieved again). The user's own files (models, results written where they chose) are
// never touched.
import { open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AlveoError } from '../../api/errors';
import type { CachedPatientData } from '../../api/retention';
import { replaceAtomically } from '../files/atomic-files';
import { readCacheFile } from '../inference/result-cache-file';
import { pacsCacheDir } from '../pacs/pacs-cache-dir';
import { readLastScoreRun } from '../worklist/last-score-run';
import { ReaderReadStore, readsFile } from '../readings/reader-read-store';

export type { CachedPatientData } from '../../api/retention';

interface Item {
  path: string;
  bytes: number;
  /** Last written: a score cache is rewritten when used, a study when retrieved again. */
  mtimeMs: number;
}

export function scoreCacheDir(userDir: string): string {
  return join(userDir, 'cache', 'scores');
}

async function treeBytes(path: string): Promise<number> {
  const s = await stat(path).catch(() => null);
  if (!s) return 0;
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const name of await readdir(path).catch(() => [] as string[])) total += await treeBytes(join(path, name));
  return total;
}

/** Every score-cache file (each model's, the one-view ones, and damaged ones set aside). */
async function scoreCacheFiles(dir: string): Promise<Item[]> {
  const out: Item[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await scoreCacheFiles(path)));
    else if (entry.isFile()) {
      const s = await stat(path).catch(() => null);
      if (s) out.push({ path, bytes: s.size, mtimeMs: s.mtimeMs });
    }
  }
  return out;
}

/** Each cached study's folder (staging folders of a retrieve under way, hidden, are left alone). */
async function pacsStudies(dir: string): Promise<Item[]> {
  const out: Item[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const s = await stat(path).catch(() => null);
    if (s) out.push({ path, bytes: await treeBytes(path), mtimeMs: s.mtimeMs });
  }
  return out;
}

const bytesOf = (items: Item[]) => items.reduce((n, i) => n + i.bytes, 0);

async function entriesIn(file: string): Promise<number> {
  const read = await readCacheFile(file);
  return read.kind === 'read' ? Object.keys(read.data.entries).length : 0;
}

/** What is cached now. */
export async function cachedPatientData(userDir: string): Promise<CachedPatientData> {
  const scores = await scoreCacheFiles(scoreCacheDir(userDir));
  const studies = await pacsStudies(pacsCacheDir(userDir));
  let entries = 0;
  for (const f of scores) entries += await entriesIn(f.path);
  // A damaged reads file is said where reads are used; here it only goes uncounted.
  const reads = (await new ReaderReadStore(userDir).all().catch(() => [])).filter((r) => !r.withdrawn);
  const readsBytes = (await stat(readsFile(userDir)).catch(() => null))?.size ?? 0;
  return {
    scoreCaches: { files: scores.length, entries, bytes: bytesOf(scores) },
    pacsStudies: { studies: studies.length, bytes: bytesOf(studies) },
    readerReads: { reads: reads.length, readers: new Set(reads.map((r) => r.reader)).size, bytes: readsBytes },
  };
}

/**
 * Removes a score cache's entries last scored or used before `cutoff` (one without a time, from an
 * older version, counts as old); the file goes when none is left, or when it cannot be read as a
 * cache (a damaged copy set aside: judged by its own age). Returns what went.
 */
async function pruneScoreCache(item: Item, cutoff: number): Promise<{ file: boolean; entries: number; bytes: number }> {
  const read = await readCacheFile(item.path);
  if (read.kind !== 'read') {
    if (item.mtimeMs > cutoff) return { file: false, entries: 0, bytes: 0 };
    await rm(item.path, { force: true });
    return { file: true, entries: 0, bytes: item.bytes };
  }
  const all = Object.entries(read.data.entries);
  const kept = all.filter(([, e]) => typeof e.at === 'number' && e.at > cutoff);
  if (kept.length === all.length) return { file: false, entries: 0, bytes: 0 };
  if (kept.length === 0) {
    await rm(item.path, { force: true });
    return { file: true, entries: all.length, bytes: item.bytes };
  }
  const text = JSON.stringify({ ...read.data, entries: Object.fromEntries(kept) });
  await replaceAtomically(item.path, async (tmp) => {
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
  });
  return { file: false, entries: all.length - kept.length, bytes: item.bytes - Buffer.byteLength(text) };
}

/**
 * Removes the cached patient data, or with `olderThanDays` only what was last written longer ago;
 * returns what was removed. Refused while a batch run is scoring in another Alveo process of this
 * machine (its next save would write the scores back).
 */
export async function clearCachedPatientData(userDir: string, opts: { olderThanDays?: number; now?: number } = {}): Promise<CachedPatientData> {
  const last = await readLastScoreRun(userDir);
  if (last?.elsewhere) throw new AlveoError('BAD_ARGUMENT', `a batch run is scoring ${last.folder} in another Alveo process: let it finish or cancel it, then clear the caches`);
  const cutoff = opts.olderThanDays === undefined ? Infinity : (opts.now ?? Date.now()) - opts.olderThanDays * 86_400_000;
  // Score caches entry by entry: one file holds every image a model scored, rewritten at each run.
  const removed: CachedPatientData = { scoreCaches: { files: 0, entries: 0, bytes: 0 }, pacsStudies: { studies: 0, bytes: 0 } };
  for (const item of await scoreCacheFiles(scoreCacheDir(userDir))) {
    const went = await pruneScoreCache(item, cutoff);
    removed.scoreCaches.files += went.file ? 1 : 0;
    removed.scoreCaches.entries += went.entries;
    removed.scoreCaches.bytes += went.bytes;
  }
  // A study is retrieved whole: its folder's time is when it was.
  const studies = (await pacsStudies(pacsCacheDir(userDir))).filter((i) => i.mtimeMs <= cutoff);
  for (const item of studies) await rm(item.path, { recursive: true, force: true });
  removed.pacsStudies = { studies: studies.length, bytes: bytesOf(studies) };
  return removed;
}
