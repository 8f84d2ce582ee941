// The batch-scoring job body, shared by the in-process path and the score worker: resolves the
// model, opens its result cache, scores the folder and streams rows and progress.
import type { ScoreSpec } from '../../api/contract';
import type { ModelEntry } from '../../api/contract';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import { ResultCache } from '../inference/result-cache';
import { scoreFiles, type ScoreResult } from '../inference/score-folder';
import { findShardStudyFiles } from '../inference/shard-files';
import { oneViewServing } from '../runtime/one-view-serving';
import { readSitePolicyChecked } from '../user-folder/site-policy-store';
import type { JobProgressUpdate } from './job-runner';
import type { ScoreJobResult, ScoreRow } from '../../api/contract';

export interface ScoreJobContext {
  signal: AbortSignal;
  progress(update: JobProgressUpdate): void;
  row(row: ScoreRow): void;
}

/** A score job's result (rows went out one by one as job:row): the contract's type. */
export type { ScoreJobResult } from '../../api/scoring';

export async function runScoreJob(
  spec: ScoreSpec,
  env: { runtime: InferenceRuntime; entry: ModelEntry; userDir: string; useCache?: boolean },
  ctx: ScoreJobContext,
): Promise<ScoreJobResult> {
  // Fast scoring: one view at the one-view threshold, cached apart from the served scores.
  const { card, runtime } = spec.oneView ? oneViewServing(env.entry, env.runtime) : { card: env.entry.card, runtime: env.runtime };
  const variant = runtime.views === env.runtime.views ? undefined : 'one-view';
  const { policy, problem } = await readSitePolicyChecked(env.userDir);
  const cache = env.useCache === false ? null : await ResultCache.open(env.userDir, env.entry, variant, policy);
  // Cancelled while listing: the job ends 'cancelled' with no result (nothing was scored).
  const { files, skipped } = await findShardStudyFiles(spec.folder, spec.recursive ?? false, spec.shard, spec.subfolders, ctx.signal);
  const result: ScoreResult = await scoreFiles(files, {
    runtime,
    card,
    policy,
    signal: ctx.signal,
    cache,
    onRow: (row) => ctx.row(row),
    onProgress: (p) =>
      ctx.progress({ done: p.done, total: p.total, etaMs: p.etaMs, imagesPerSecond: p.imagesPerSecond ?? undefined }),
  });
  // Said with every batch too: the policy decides which DICOMs are held back.
  const notes = [...(problem ? [problem] : []), ...(result.notes ?? [])];
  return {
    ...(notes.length > 0 ? { notes } : {}),
    folder: spec.folder,
    model: env.entry.id,
    total: result.total,
    scored: result.scored,
    failed: result.failed,
    fromCache: result.fromCache,
    cancelled: result.cancelled,
    ms: result.ms,
    engine: result.engine,
    skipped,
  };
}
