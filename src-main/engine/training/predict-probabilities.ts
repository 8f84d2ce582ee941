// P(PNEUMONIA) for a list of images, streamed in batches with the inference preprocessing (no
// augmentation). Images that fail to decode are reported and left out.
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import type { Tf } from '../model/tf-backend';
import type { Normalisation } from './augment';
import { loadBatches, type Sample } from './image-loader';

export interface Predictions {
  files: string[];
  labels: Float32Array;
  probs: Float32Array;
  failed: Array<{ file: string; reason: string }>;
}

/** `model`: a tfjs model (training, in memory) or an inference runtime (a stored model: ONNX Runtime or tfjs). */
export async function predictProbabilities(
  tf: Tf,
  model: LayersModel | InferenceRuntime,
  samples: Sample[],
  opts: Normalisation & { inputSize: number; batchSize: number; signal?: AbortSignal; onBatch?: (done: number) => void },
): Promise<Predictions> {
  const files: string[] = [];
  const labels: number[] = [];
  const probs: number[] = [];
  const failed: Predictions['failed'] = [];
  let done = 0;
  const S = opts.inputSize;
  for await (const b of loadBatches(samples, { ...opts, augment: null, seed: 0, onFailed: (file, reason) => failed.push({ file, reason }) })) {
    const p =
      'run' in model
        ? (await model.run(b.x, b.size)).probabilities
        : tf.tidy(() => (model.predict(tf.tensor4d(b.x, [b.size, S, S, 3])) as Tensor).dataSync());
    for (let i = 0; i < b.size; i++) {
      files.push(b.files[i]);
      labels.push(b.y[i]);
      probs.push(p[i]);
    }
    done += b.size;
    opts.onBatch?.(done + failed.length);
    // Let cancel messages and I/O in between batches.
    await new Promise((r) => setImmediate(r));
  }
  return { files, labels: Float32Array.from(labels), probs: Float32Array.from(probs), failed };
}

/** Mean binary cross-entropy of probabilities (clamped away from 0 and 1). */
export function meanLogLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < probs.length; i++) sum += logLoss(probs[i], labels[i]);
  return probs.length ? sum / probs.length : 0;
}

export function logLoss(p: number, label: number): number {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return label === 1 ? -Math.log(q) : -Math.log(1 - q);
}
