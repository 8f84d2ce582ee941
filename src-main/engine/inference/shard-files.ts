// Deterministic sharding of a folder's images for scale-out scoring (`alveo score --shard I/N`):
// each file goes to shard hash(relative path) mod N. The relative path, not the absolute one, so
// machines that mount the same archive at different places agree; '/' separators and Unicode NFC
// so Windows and macOS (NFD file names) agree with Linux. A hash rather than "every N-th file of
// the sorted list" so a file added to the archive moves nobody else to another shard.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { ScoreShard } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import { findStudyFiles, type FolderFiles } from '../studies/find-images';

/** The most shards a run may be split into (a Slurm array / Kubernetes Job limit is far below). */
export const MAX_SHARDS = 100_000;

/** "I/N" -> { index: I, count: N }; I is 0-based (Kubernetes' JOB_COMPLETION_INDEX, a Slurm array 0-(N-1)). */
export function parseShard(text: string): ScoreShard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new AlveoError('BAD_ARGUMENT', `--shard must look like I/N (e.g. 0/8), got '${text}'`);
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  const problem = shardProblem(shard);
  if (problem) throw new AlveoError('BAD_ARGUMENT', `--shard ${text}: ${problem}`);
  return shard;
}

/** Why a shard is unusable, or null. */
export function shardProblem(shard: ScoreShard): string | null {
  const { index, count } = shard;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS) return `N must be a whole number from 1 to ${MAX_SHARDS}`;
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    return `I must be a whole number from 0 to ${count - 1} (shards are numbered from 0)`;
  }
  return null;
}

/** The relative path as every platform spells it: '/' separators, NFC. */
export function shardKey(root: string, file: string): string {
  return relative(root, file).split(sep).join('/').normalize('NFC');
}

/** The shard (0..count-1) a relative path belongs to: first 6 bytes of its SHA-256, mod count. */
export function shardOf(key: string, count: number): number {
  const digest = createHash('sha256').update(key, 'utf8').digest();
  return digest.readUIntBE(0, 6) % count;
}

/** The files of `files` (all under `root`) that belong to the shard; order kept. */
export function shardFiles(files: readonly string[], root: string, shard: ScoreShard): string[] {
  const problem = shardProblem(shard);
  if (problem) throw new AlveoError('BAD_ARGUMENT', `shard ${shard.index}/${shard.count}: ${problem}`);
  return files.filter((f) => shardOf(shardKey(root, f), shard.count) === shard.index);
}

/** The folder's image files, or only its shard's when a shard is given. */
export async function findShardFiles(folder: string, recursive: boolean, shard?: ScoreShard): Promise<string[]> {
  return (await findShardStudyFiles(folder, recursive, shard)).files;
}

/**
 * The folder's files to score and those skipped (find-images.ts), a shard's share of each when given;
 * with `subfolders`, only those folders inside it, in that order (a PACS search's studies in the cache).
 */
export async function findShardStudyFiles(folder: string, recursive: boolean, shard?: ScoreShard, subfolders?: readonly string[], signal?: AbortSignal): Promise<FolderFiles> {
  const { files, skipped } = subfolders ? await findSubfolderFiles(folder, recursive, subfolders, signal) : await findStudyFiles(folder, recursive, signal);
  if (!shard) return { files, skipped };
  // Skipped files are sharded the same way, so a merge of all shards lists each exactly once.
  const mine = new Set(shardFiles(skipped.map((s) => s.file), folder, shard));
  return { files: shardFiles(files, folder, shard), skipped: skipped.filter((s) => mine.has(s.file)) };
}

/** The named sub-folders' files, each folder's sorted, folders in the order given; one named twice counts once. */
async function findSubfolderFiles(folder: string, recursive: boolean, subfolders: readonly string[], signal?: AbortSignal): Promise<FolderFiles> {
  const out: FolderFiles = { files: [], skipped: [] };
  for (const name of new Set(subfolders)) {
    const found = await findStudyFiles(join(folder, name), recursive, signal);
    out.files.push(...found.files);
    out.skipped.push(...found.skipped);
  }
  return out;
}

/** Refuses sub-folder names that are paths or are missing, naming the first such one. */
export async function checkSubfolders(folder: string, subfolders: readonly string[]): Promise<void> {
  if (subfolders.length === 0) throw new AlveoError('BAD_ARGUMENT', 'no sub-folder to score was named', folder);
  for (const name of subfolders) {
    if (!name || name === '.' || name === '..' || basename(name) !== name || /[\\/]/.test(name)) {
      throw new AlveoError('BAD_ARGUMENT', `'${name}' is not a folder's name (a sub-folder of the scored folder is named alone)`, folder);
    }
    const st = await stat(join(folder, name)).catch(() => null);
    if (!st) throw new AlveoError('NOT_FOUND', 'sub-folder not found', join(folder, name));
    if (!st.isDirectory()) throw new AlveoError('BAD_ARGUMENT', 'not a folder', join(folder, name));
  }
}
