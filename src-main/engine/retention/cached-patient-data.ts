// What Alveo keeps of patients' data on its own, and how to clear it: the batch-score caches
// (scores with each image's DICOM attributes: names, IDs, dates; cache/scores) and the PACS cache
// (retrieved studies, whole; pacs/cache). Clearing serves a retention rule or a workstation handed
// on; Alveo works the same afterwards, only slower the first time (scores are computed again,
// studies retrieved again). The user's own files (models, results written where they chose) are
// never touched.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AlveoError } from '../../api/errors';
import { pacsCacheDir } from '../pacs/pacs-cache-dir';
import { readLastScoreRun } from '../worklist/last-score-run';

export interface CachedPatientData {
  scoreCaches: { files: number; bytes: number };
  pacsStudies: { studies: number; bytes: number };
}

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

function summary(scores: Item[], studies: Item[]): CachedPatientData {
  const bytes = (items: Item[]) => items.reduce((n, i) => n + i.bytes, 0);
  return { scoreCaches: { files: scores.length, bytes: bytes(scores) }, pacsStudies: { studies: studies.length, bytes: bytes(studies) } };
}

/** What is cached now. */
export async function cachedPatientData(userDir: string): Promise<CachedPatientData> {
  return summary(await scoreCacheFiles(scoreCacheDir(userDir)), await pacsStudies(pacsCacheDir(userDir)));
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
  const old = (items: Item[]) => items.filter((i) => i.mtimeMs <= cutoff);
  const scores = old(await scoreCacheFiles(scoreCacheDir(userDir)));
  const studies = old(await pacsStudies(pacsCacheDir(userDir)));
  for (const item of [...scores, ...studies]) await rm(item.path, { recursive: true, force: true });
  return summary(scores, studies);
}
