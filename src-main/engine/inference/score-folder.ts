// Batch scoring: every image in a folder gets a row - a probability or the reason it failed. Rows
// stream out as they are made; cancelling keeps what is done; results are cached by content.
import type { ScoreRow } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { LoadedModel } from '../model/load-model';
import type { Tf } from '../model/tf-backend';
import { findImageFiles } from '../studies/find-images';
import { loadStudy } from '../studies/load-study';
import { predictStudy } from './predict';
import type { ResultCache } from './result-cache';
import { sha256File } from './result-cache';
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
}

export async function scoreFolder(folder: string, recursive: boolean, opts: ScoreOptions): Promise<ScoreResult> {
  return scoreFiles(await findImageFiles(folder, recursive), opts);
}

export async function scoreFiles(files: readonly string[], opts: ScoreOptions): Promise<ScoreResult> {
  const started = performance.now();
  const rows: ScoreRow[] = [];
  const meter = new ProgressMeter(files.length, (p) => opts.onProgress?.(p));
  let fromCache = 0;
  let lastSave = performance.now();
  meter.update(0);
  try {
    for (const file of files) {
      if (opts.signal?.aborted) break;
      const { row, cached } = await scoreOne(file, opts);
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

async function scoreOne(file: string, opts: ScoreOptions): Promise<{ row: ScoreRow; cached: boolean }> {
  const model = opts.loaded.entry.id;
  try {
    const hash = opts.cache ? await sha256File(file) : null;
    const hit = hash ? opts.cache?.get(hash) : undefined;
    if (hit) return { row: { file, model, error: null, ...hit }, cached: true };
    const study = await loadStudy(file);
    const p = await predictStudy(opts.tf, opts.loaded, study);
    const result = { probability: p.probability, label: p.label, threshold: p.threshold, warnings: p.warnings, attributes: study.attributes };
    if (hash) opts.cache?.set(hash, result);
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
