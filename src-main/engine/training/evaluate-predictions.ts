// An evaluation's predictions through the scoring path the worklist uses (score-folder.ts), so each
// image carries the warnings the app would show with it: the figures can then be given apart for
// the images the app would answer and those it holds back (pixel, metadata and feature guardrails).
import type { SitePolicy } from '../../api/site-policy';
import { rememberModelDir } from '../guardrails/ood-guardrail';
import { scoreFiles } from '../inference/score-folder';
import type { LoadedModel } from '../model/load-model';
import type { Tf } from '../model/tf-backend';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import { servedRuntime } from '../runtime/served-runtime';
import { createTfjsRuntime } from '../runtime/tfjs-runtime';
import type { DatasetItem } from './dataset-item';
import type { Predictions } from './predict-probabilities';

export interface EvaluationPredictions extends Predictions {
  /** The warnings of each scored image (parallel to files). */
  warnings: string[][];
}

export interface PredictEnv {
  /** Serves the predictions (ONNX Runtime for a stored model); else the loaded weights on tfjs. */
  runtime?: InferenceRuntime;
  policy?: SitePolicy;
  batchSize?: number;
  signal?: AbortSignal;
  onDone?: (done: number) => void;
}

export async function evaluationPredictions(tf: Tf, loaded: LoadedModel, items: readonly DatasetItem[], env: PredictEnv): Promise<EvaluationPredictions> {
  const runtime = env.runtime ?? tfjsRuntime(tf, loaded);
  const labelOf = new Map(items.map((it) => [it.file, it.label]));
  const res = await scoreFiles(
    items.map((it) => it.file),
    {
      runtime,
      card: loaded.card,
      policy: env.policy,
      signal: env.signal,
      cache: null,
      batchSize: env.batchSize ?? 16,
      // Exact decoding: the figures must not depend on JPEG shrink-on-load.
      shrinkOnLoad: false,
      onRow: (_row, index) => env.onDone?.(index + 1),
    },
  );
  const out: EvaluationPredictions = { files: [], labels: new Float32Array(0), probs: new Float32Array(0), failed: [], warnings: [] };
  const labels: number[] = [];
  const probs: number[] = [];
  for (const row of res.rows) {
    if (row.error !== null || row.probability === null) {
      out.failed.push({ file: row.file, reason: row.error ?? 'no probability' });
      continue;
    }
    out.files.push(row.file);
    labels.push(labelOf.get(row.file) ?? 0);
    probs.push(row.probability);
    out.warnings.push(row.warnings);
  }
  return { ...out, labels: Float32Array.from(labels), probs: Float32Array.from(probs) };
}

/** The card's views and temperature on tfjs, with the model folder's feature guardrail (ood.json). */
function tfjsRuntime(tf: Tf, loaded: LoadedModel): InferenceRuntime {
  const runtime = servedRuntime(createTfjsRuntime(tf, loaded), loaded.card);
  rememberModelDir(runtime, loaded.entry.dir);
  return runtime;
}
