// Logits (the fc output, before the sigmoid) of a model (tfjs, or an inference runtime) for a list of labelled images, with the
// inference preprocessing. Calibration fits its temperature on logits: probabilities saturate at
// 1.0 in float32 for logits above ~17, which would lose the ordering a temperature acts on.
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Tf } from '../model/tf-backend';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import type { Normalisation } from './augment';
import { loadBatches, type Sample } from './image-loader';

export interface SiteLogits {
  files: string[];
  labels: Uint8Array;
  logits: Float64Array;
  failed: Array<{ file: string; reason: string }>;
}

/** A model sharing `model`'s layers whose output is the fc logit (never dispose it on its own). */
export function logitModelOf(tf: Tf, model: LayersModel): LayersModel {
  return tf.model({ inputs: model.inputs, outputs: model.getLayer('fc').output as SymbolicTensor });
}

export async function siteLogits(
  tf: Tf,
  model: LayersModel | InferenceRuntime,
  samples: Sample[],
  opts: Normalisation & { inputSize: number; batchSize?: number; signal?: AbortSignal; onBatch?: (done: number) => void },
): Promise<SiteLogits> {
  const logitModel = 'run' in model ? null : logitModelOf(tf, model);
  const files: string[] = [];
  const labels: number[] = [];
  const logits: number[] = [];
  const failed: SiteLogits['failed'] = [];
  const S = opts.inputSize;
  let done = 0;
  const batches = loadBatches(samples, {
    mean: opts.mean,
    std: opts.std,
    inputSize: S,
    batchSize: opts.batchSize ?? 16,
    augment: null,
    seed: 0,
    signal: opts.signal,
    onFailed: (file, reason) => failed.push({ file, reason }),
  });
  for await (const b of batches) {
    const z = logitModel
      ? tf.tidy(() => (logitModel.predict(tf.tensor4d(b.x, [b.size, S, S, 3])) as Tensor).dataSync())
      : (await (model as InferenceRuntime).run(b.x, b.size, { extra: ['logit'] })).extra.logit?.data;
    if (!z) throw new Error(`the inference runtime (${(model as InferenceRuntime).engine}) gave no logit`);
    for (let i = 0; i < b.size; i++) {
      files.push(b.files[i]);
      labels.push(b.y[i]);
      logits.push(z[i]);
    }
    done += b.size;
    opts.onBatch?.(done + failed.length);
    await new Promise((r) => setImmediate(r));
    opts.signal?.throwIfAborted();
  }
  return { files, labels: Uint8Array.from(labels), logits: Float64Array.from(logits), failed };
}
