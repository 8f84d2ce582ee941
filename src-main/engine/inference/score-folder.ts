// Batch scoring: every image in a folder gets a row - a probability or the reason it failed. Rows
// stream out in file order as they are made; cancelling keeps what is done; results are cached by
// content.
//
// The pipeline: up to `readAhead` files are read, hashed (from the same bytes: one read per file)
// and decoded ahead, while the model runs batches of `batchSize` images. sharp decodes on libuv's
// threads and ONNX Runtime computes on its own pool, so decoding the next batch overlaps the
// forward pass of this one. Each decoded Study is reduced to its 8-bit model input and guardrails
// at once and dropped, so memory holds a window of small inputs, not full images.
import { resolve } from 'node:path';
import type { ScoreRow } from '../../api/contract';
import type { ScoreJobResult } from '../../api/scoring';
import { AlveoError } from '../../api/errors';
import type { ModelCard } from '../../api/model-card';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import type { Guardrail } from '../guardrails/guardrail';
import { refuseAlveoResult } from '../studies/alveo-result';
import { findStudyFiles } from '../studies/find-images';
import { readStudyBytes, studyFromBytes } from '../studies/load-study';
import { labelAt, prepareStudy } from './predict';
import { predictionWarningCodes, predictionWarnings } from './prediction-warnings';
import { normalizeInto } from './preprocess';
import { sha256Bytes, type CachedScore, type ResultCache } from './result-cache';
import { scoreCsv } from './score-csv';
import { ProgressMeter, type ScoreProgress } from './score-progress';
import type { SitePolicy } from '../../api/site-policy';
import { writeFileAtomic } from '../files/atomic-files';
import { runtimeFeatureGuardrails } from '../guardrails/ood-guardrail';
import { answerNotes } from '../guardrails/answer-notes';
import { rowCharsetNotes } from '../studies/dicom/charset-notes';

export interface ScoreOptions {
  runtime: InferenceRuntime;
  /** The model's card as the store has it now (threshold, preprocessing). */
  card: ModelCard;
  /** The site's policy (settings.json); default: hold back DICOMs without a usable age. */
  policy?: SitePolicy;
  signal?: AbortSignal;
  onRow?: (row: ScoreRow, index: number) => void;
  onProgress?: (p: ScoreProgress) => void;
  /** Reuse / remember scores by file content; null or absent: always score. */
  cache?: ResultCache | null;
  /** Write the CSV here (atomically) when the batch ends, cancelled or not. */
  csvFile?: string;
  /** Images per forward pass; default the runtime's preferredBatch. */
  batchSize?: number;
  /** Files read and decoded ahead of the model; default 2 batches. */
  readAhead?: number;
  /** JPEGs much larger than the model input decode at a reduced size (default true); DICOM is always exact. */
  shrinkOnLoad?: boolean;
}

/**
 * Where the time went: per stage, the wall time during which at least one file was in it (stages
 * overlap, so they add up to more than `ms`; a stage near `ms` is the bottleneck).
 */
export interface ScoreStageTimes {
  /** Reading files and hashing them for the cache. */
  readMs: number;
  /** Decoding, display conversion, resize to the model input, guardrails. */
  decodeMs: number;
  /** Forward passes. */
  inferMs: number;
  /** Time the model waited for decoded images (the pipeline's bubble). */
  waitMs: number;
  batches: number;
}

/** Wall time during which at least one of possibly many concurrent operations was running. */
class BusyClock {
  private active = 0;
  private since = 0;
  ms = 0;
  async time<T>(work: () => Promise<T>): Promise<T> {
    if (this.active++ === 0) this.since = performance.now();
    try {
      return await work();
    } finally {
      if (--this.active === 0) this.ms += performance.now() - this.since;
    }
  }
}

interface Clocks {
  read: BusyClock;
  decode: BusyClock;
}

/** A score job's result (counts, skipped files, engine) with the rows and the time per stage. */
export interface ScoreResult extends Omit<ScoreJobResult, 'folder' | 'model' | 'engine'> {
  rows: ScoreRow[];
  engine: string;
  stages: ScoreStageTimes;
}

export async function scoreFolder(folder: string, recursive: boolean, opts: ScoreOptions): Promise<ScoreResult> {
  const { files, skipped } = await findStudyFiles(folder, recursive);
  return { ...(await scoreFiles(files, opts)), skipped };
}

/**
 * How long to score before saving the result cache again, given how long the last save took: every
 * 5 s, and no more than 1/25 of the time. A save rewrites the whole file (up to ~60 MB of a full
 * DICOM cache, about 0.4 s that holds the engine's thread): every 5 s that was 8% of the run. At
 * most a minute, whatever one slow save (a network disk's hiccup) took: a crash loses no more.
 */
export function cacheSaveInterval(lastSaveMs: number): number {
  return Math.min(60_000, Math.max(5000, 25 * lastSaveMs));
}

export async function scoreFiles(files: readonly string[], opts: ScoreOptions): Promise<ScoreResult> {
  const started = performance.now();
  const rows: ScoreRow[] = [];
  const meter = new ProgressMeter(files.length, (p) => opts.onProgress?.(p));
  const batchSize = Math.max(1, opts.batchSize ?? opts.runtime.preferredBatch);
  const readAhead = Math.max(batchSize, opts.readAhead ?? 2 * batchSize);
  const stages: ScoreStageTimes = { readMs: 0, decodeMs: 0, inferMs: 0, waitMs: 0, batches: 0 };
  const clocks: Clocks = { read: new BusyClock(), decode: new BusyClock() };
  let fromCache = 0;
  let lastSave = performance.now();
  let saveEvery = cacheSaveInterval(0);
  meter.update(0);
  const pending: Array<Promise<Prepared>> = [];
  let nextFile = 0;
  const fill = () => {
    while (nextFile < files.length && pending.length < readAhead) pending.push(prepare(files[nextFile++], opts, clocks));
  };
  // Batches grow 1, 2, 4... up to batchSize: the first rows show at once and an early cancel is
  // honoured at once, while a long run gets full batches.
  let size = 1;
  try {
    while (rows.length < files.length && !opts.signal?.aborted) {
      fill();
      const t0 = performance.now();
      const group = await Promise.all(pending.splice(0, Math.min(size, pending.length)));
      size = Math.min(batchSize, size * 2);
      stages.waitMs += performance.now() - t0;
      fill(); // the next files decode while this batch is in the model
      for (const { row, cached } of await finishGroup(group, opts, stages)) {
        if (cached) fromCache++;
        rows.push(row);
        opts.onRow?.(row, rows.length - 1);
      }
      meter.update(rows.length, fromCache);
      if (opts.cache && performance.now() - lastSave > saveEvery) {
        // A crash mid-batch loses at most the work since the last save (cacheSaveInterval). save()
        // never throws: a cache that cannot be written is a note in the result, not a failed batch.
        const t = performance.now();
        await opts.cache.save();
        lastSave = performance.now();
        saveEvery = cacheSaveInterval(lastSave - t);
      }
      // Let events, IPC and cancellation through between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    await Promise.allSettled(pending); // nothing left reading in the background
    await opts.cache?.save();
  }
  stages.readMs = clocks.read.ms;
  stages.decodeMs = clocks.decode.ms;
  if (opts.csvFile) await writeFileAtomic(opts.csvFile, scoreCsv(rows));
  const failed = rows.filter((r) => r.error !== null).length;
  const notes = opts.cache?.notes ?? [];
  return {
    ...(notes.length > 0 ? { notes: [...notes] } : {}),
    rows,
    total: files.length,
    scored: rows.length - failed,
    failed,
    fromCache,
    cancelled: rows.length < files.length,
    ms: performance.now() - started,
    engine: opts.runtime.engine,
    stages,
  };
}

/** A file read ahead: its cached score, or its model input, or why it failed. Never rejects. */
interface Prepared {
  file: string;
  hash: string | null;
  hit?: CachedScore;
  pixels?: Uint8Array;
  guardrails?: Guardrail[];
  notes?: string[];
  attributes?: Record<string, string>;
  error?: unknown;
}

async function prepare(file: string, opts: ScoreOptions, clocks: Clocks): Promise<Prepared> {
  let hash: string | null = null;
  try {
    const bytes = await clocks.read.time(async () => {
      const b = await readStudyBytes(file);
      hash = opts.cache ? sha256Bytes(b) : null;
      return b;
    });
    const hit = hash ? opts.cache?.get(hash) : undefined;
    if (hit) {
      refuseAlveoResult({ file, attributes: hit.attributes }); // scored before Alveo knew its own results
      return { file, hash, hit };
    }
    const shrinkJpegFor = opts.shrinkOnLoad === false ? undefined : opts.card.inputSize;
    return await clocks.decode.time(async () => {
      const study = await studyFromBytes(file, bytes, { shrinkJpegFor });
      // The folder listing skips these already; a file that reached here anyway gets no score.
      refuseAlveoResult(study);
      const { pixels, guardrails } = await prepareStudy(study, opts.card, opts.policy);
      // A row's names read under a doubtful character set say so, as the viewer does (review 41 F13).
      const notes = [...rowCharsetNotes(study), ...answerNotes(study, opts.card, opts.policy)];
      return { file, hash, pixels, guardrails, notes, attributes: study.attributes };
    });
  } catch (error) {
    return { file, hash, error };
  }
}

async function finishGroup(group: Prepared[], opts: ScoreOptions, stages: ScoreStageTimes): Promise<Array<{ row: ScoreRow; cached: boolean }>> {
  const model = opts.runtime.modelId;
  const { card, runtime } = opts;
  const out: Array<{ row: ScoreRow; cached: boolean } | null> = group.map(() => null);
  const failRow = (file: string, err: unknown): ScoreRow => ({ file, model, probability: null, label: null, threshold: null, error: errorText(err, file), warnings: [], attributes: {} });
  const toRun: number[] = [];
  group.forEach((p, i) => {
    // A duplicate of a file scored earlier in this run was read ahead before its twin was cached.
    // A refusal (e.g. an Alveo result) stands even when an older run cached a score for those bytes.
    const hit = p.error === undefined ? (p.hit ?? (p.hash ? opts.cache?.get(p.hash) : undefined)) : undefined;
    if (hit) out[i] = { row: { file: p.file, model, error: null, ...hit }, cached: true };
    else if (p.error !== undefined || !p.pixels) out[i] = { row: failRow(p.file, p.error ?? new Error('internal: study not read')), cached: false };
    else toRun.push(i);
  });
  if (toRun.length > 0) {
    const S = card.inputSize;
    const input = new Float32Array(toRun.length * S * S * 3);
    toRun.forEach((g, j) => normalizeInto(group[g].pixels as Uint8Array, card, input, j));
    try {
      const t0 = performance.now();
      const result = await runtime.run(input, toRun.length);
      stages.inferMs += performance.now() - t0;
      stages.batches++;
      toRun.forEach((g, j) => {
        const p = group[g];
        const probability = result.probabilities[j];
        if (!Number.isFinite(probability)) {
          out[g] = { row: failRow(p.file, new Error(`model ${model} produced a non-finite probability`)), cached: false };
          return;
        }
        const threshold = card.threshold.value;
        const guardrails = [...(p.guardrails ?? []), ...runtimeFeatureGuardrails(runtime, result.features, j)];
        const score: CachedScore = {
          probability,
          label: labelAt(probability, threshold),
          threshold,
          warnings: predictionWarnings(card, guardrails),
          warningCodes: predictionWarningCodes(card, guardrails),
          ...(p.notes?.length ? { notes: p.notes } : {}),
          attributes: p.attributes ?? {},
        };
        if (p.hash) opts.cache?.set(p.hash, score);
        out[g] = { row: { file: p.file, model, error: null, ...score }, cached: false };
      });
    } catch (err) {
      for (const g of toRun) out[g] = { row: failRow(group[g].file, err), cached: false };
    }
  }
  return out as Array<{ row: ScoreRow; cached: boolean }>;
}

/**
 * The cause in plain words, without repeating the file name the row already carries. Another file's
 * name stays: a damaged model file (ood.json, parity.json) must be named, not blamed on the image.
 */
export function errorText(err: unknown, file: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const named = err instanceof AlveoError && err.file ? err.file : file;
  if (resolve(named) !== resolve(file)) return message;
  const prefix = `${named}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
