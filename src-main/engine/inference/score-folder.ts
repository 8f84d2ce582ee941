// Batch scoring: every image in a folder gets a row - a probability or the reason it failed. Rows
// stream out as they are made; cancelling keeps what is done; results are cached by content.
import type { ScoreRow } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { LoadedModel } from '../model/load-model';
import type { Tf } from '../model/tf-backend';
import { findStudyFiles, type SkippedFile } from '../studies/find-images';
import { loadStudy } from '../studies/load-study';
import { predictStudy } from './predict';
import type { CachedScore, ResultCache } from './result-cache';
import { sha256File } from './result-cache';
import type { Study } from '../studies/study';
import { scoreCsv } from './score-csv';
import { ProgressMeter, type ScoreProgress } from './score-progress';
import { writeFileAtomic } from './write-file-atomic';

export interface ScoreOptions {
  tf: Tf;
  loaded: LoadedModel;
  signal?: AbortSignal;
  onRow?: (row: ScoreRow, index: number) => void;
  onProgress?: (p: ScoreProgress) => void;
  /** Reuse / remember scores by file content; null or absent: always score. */
  cache?: ResultCache | null;
  /** Write the CSV here (atomically) when the batch ends, cancelled or not. */
  csvFile?: string;
}

export interface ScoreResult {
  rows: ScoreRow[];
  total: number;
  scored: number;
  failed: number;
  fromCache: number;
  cancelled: boolean;
  ms: number;
  /** Harmless non-images in the folder (DICOMDIR, text...), not scored: listed so no file goes unaccounted. */
  skipped?: SkippedFile[];
}

export async function scoreFolder(folder: string, recursive: boolean, opts: ScoreOptions): Promise<ScoreResult> {
  const { files, skipped } = await findStudyFiles(folder, recursive);
  return { ...(await scoreFiles(files, opts)), skipped };
}

export async function scoreFiles(files: readonly string[], opts: ScoreOptions): Promise<ScoreResult> {
  const started = performance.now();
  const rows: ScoreRow[] = [];
  const meter = new ProgressMeter(files.length, (p) => opts.onProgress?.(p));
  let fromCache = 0;
  let lastSave = performance.now();
  meter.update(0);
  // The next file is read and decoded while the current one is in the model: image decoding
  // (sharp) runs on libuv's threads, so it overlaps the wasm forward pass on the main thread.
  let next = files.length > 0 ? prepare(files[0], opts) : null;
  try {
    for (let i = 0; i < files.length && next; i++) {
      if (opts.signal?.aborted) break;
      const prepared = await next;
      next = i + 1 < files.length ? prepare(files[i + 1], opts) : null;
      const { row, cached } = await finish(prepared, opts);
      if (cached) fromCache++;
      rows.push(row);
      opts.onRow?.(row, rows.length - 1);
      meter.update(rows.length);
      if (opts.cache && performance.now() - lastSave > 5000) {
        await opts.cache.save(); // a crash mid-batch loses at most a few seconds of work
        lastSave = performance.now();
      }
      // Let events, IPC and cancellation through between images.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    await opts.cache?.save();
  }
  if (opts.csvFile) await writeFileAtomic(opts.csvFile, scoreCsv(rows));
  const failed = rows.filter((r) => r.error !== null).length;
  return {
    rows,
    total: files.length,
    scored: rows.length - failed,
    failed,
    fromCache,
    cancelled: rows.length < files.length,
    ms: performance.now() - started,
  };
}

/** A file read ahead: its cached score, or its decoded study, or why it failed. Never rejects. */
interface Prepared {
  file: string;
  hash: string | null;
  hit?: CachedScore;
  study?: Study;
  error?: unknown;
}

async function prepare(file: string, opts: ScoreOptions): Promise<Prepared> {
  try {
    const hash = opts.cache ? await sha256File(file) : null;
    const hit = hash ? opts.cache?.get(hash) : undefined;
    if (hit) return { file, hash, hit };
    return { file, hash, study: await loadStudy(file) };
  } catch (error) {
    return { file, hash: null, error };
  }
}

async function finish(p: Prepared, opts: ScoreOptions): Promise<{ row: ScoreRow; cached: boolean }> {
  const { file } = p;
  const model = opts.loaded.entry.id;
  // A duplicate of a file scored earlier in this run was read ahead before its twin was cached.
  const hit = p.hit ?? (p.hash ? opts.cache?.get(p.hash) : undefined);
  if (hit) return { row: { file, model, error: null, ...hit }, cached: true };
  try {
    if (p.error !== undefined) throw p.error;
    if (!p.study) throw new Error('internal: study not read');
    const pr = await predictStudy(opts.tf, opts.loaded, p.study);
    const result = { probability: pr.probability, label: pr.label, threshold: pr.threshold, warnings: pr.warnings, attributes: p.study.attributes };
    if (p.hash) opts.cache?.set(p.hash, result);
    return { row: { file, model, error: null, ...result }, cached: false };
  } catch (err) {
    return {
      row: { file, model, probability: null, label: null, threshold: null, error: errorText(err, file), warnings: [], attributes: {} },
      cached: false,
    };
  }
}

/** The cause in plain words, without repeating the file name the row already carries. */
export function errorText(err: unknown, file: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const prefix = err instanceof AlveoError && err.file ? `${err.file}: ` : `${file}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
