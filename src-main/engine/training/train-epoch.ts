// One epoch of training batches: streamed, augmented inputs; class-weighted sigmoid cross-entropy
// on the fc logits; AdamW (decoupled weight decay on conv/dense kernels). Stops at a batch end
// when the signal is aborted. Batch norm runs in training mode only when the base is trained.
import type { NamedTensorMap, Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { TrainingOptions } from '../../api/training';
import type { Tf } from '../model/tf-backend';
import type { AdamW } from './adamw';
import type { Normalisation } from './augment';
import { loadBatches, type Sample } from './image-loader';

export interface EpochInput {
  tf: Tf;
  /** Outputs the fc logit (shares the trained model's layers). */
  logitModel: LayersModel;
  optimizer: AdamW;
  /** Variables updated this epoch (all trainable weights, or the head's). */
  vars: Variable[];
  trainBase: boolean;
  samples: Sample[];
  /** Images per forward/backward pass; a batch is several passes whose gradients add up. */
  microBatch: number;
  classWeights: [number, number];
  options: TrainingOptions;
  norm: Normalisation;
  seed: number;
  signal: AbortSignal;
  onBatch(batch: { index: number; size: number; loss: number; ms: number }): void;
  onFailed(file: string, reason: string): void;
}

export interface EpochOutput {
  meanLoss: number;
  images: number;
  batches: number;
  aborted: boolean;
}

export async function trainEpoch(e: EpochInput): Promise<EpochOutput> {
  const { tf, options } = e;
  const S = options.inputSize;
  let lossSum = 0;
  let images = 0;
  let batches = 0;
  const maxBatches = options.maxBatchesPerEpoch || Infinity;
  const batchIterator = loadBatches(e.samples, {
    ...e.norm,
    inputSize: S,
    batchSize: options.batchSize,
    augment: options.augment,
    seed: e.seed,
    onFailed: e.onFailed,
  });
  for await (const b of batchIterator) {
    const t = performance.now();
    const loss = trainStep(e, b.x, b.y, b.size);
    if (!Number.isFinite(loss)) throw new Error(`training diverged (loss ${loss}); try a lower learning rate`);
    lossSum += loss * b.size;
    images += b.size;
    e.onBatch({ index: batches, size: b.size, loss: lossSum / images, ms: performance.now() - t });
    batches++;
    // Lets the cancel message (and decoding of the next images) in between batches.
    await new Promise((r) => setImmediate(r));
    if (e.signal.aborted || batches >= maxBatches) break;
  }
  return { meanLoss: images ? lossSum / images : NaN, images, batches, aborted: e.signal.aborted };
}

export type StepInput = Pick<EpochInput, 'tf' | 'logitModel' | 'optimizer' | 'vars' | 'trainBase' | 'microBatch' | 'classWeights'> & {
  options: Pick<TrainingOptions, 'inputSize' | 'labelSmoothing'>;
};

/** One optimizer step on a batch ([size, S, S, 3] inputs, [size] labels); returns its mean loss. */
export function trainStep(e: StepInput, bx: Float32Array, by: Float32Array, size: number): number {
  const { tf, options } = e;
  const S = options.inputSize;
  const b = { x: bx, y: by, size };
  let loss = 0;
  let sum: NamedTensorMap | null = null;
  try {
    const stride = S * S * 3;
    for (let s0 = 0; s0 < b.size; s0 += e.microBatch) {
      const n = Math.min(e.microBatch, b.size - s0);
      const x = tf.tensor4d(b.x.subarray(s0 * stride, (s0 + n) * stride), [n, S, S, 3]);
      const ys = b.y.subarray(s0, s0 + n);
      const y = tf.tensor2d(ys, [n, 1]);
      const w = tf.tensor2d(Array.from(ys, (v) => e.classWeights[v === 1 ? 1 : 0]), [n, 1]);
      try {
        // Each pass's mean loss weighs n / batch: the summed gradients are the batch mean's.
        const { value, grads } = tf.variableGrads(() => {
          const logits = e.logitModel.apply(x, { training: e.trainBase }) as Tensor;
          return tf.mul(tf.losses.sigmoidCrossEntropy(y, logits, w, options.labelSmoothing), n / b.size) as Scalar;
        }, e.vars);
        loss += value.dataSync()[0];
        value.dispose();
        sum = sum ? addInto(tf, sum, grads) : grads;
      } finally {
        tf.dispose([x, y, w]);
      }
    }
    e.optimizer.apply(e.vars, sum!);
    sum = null;
  } finally {
    if (sum) tf.dispose(Object.values(sum));
  }
  return loss;
}

/** a[k] += b[k] for every gradient, disposing the summands. */
function addInto(tf: Tf, a: NamedTensorMap, b: NamedTensorMap): NamedTensorMap {
  for (const k of Object.keys(b)) {
    const s = tf.add(a[k], b[k]);
    a[k].dispose();
    b[k].dispose();
    a[k] = s;
  }
  return a;
}

/** Measured on wasm: a 224 px image costs ~220 MB of heap in one training pass (tape, XNNPACK buffers). */
const WASM_BYTES_PER_224PX_IMAGE = 220e6;
/** What one pass may use, well under the wasm heap's 4 GB ceiling (weights and optimizer state come on top). */
const WASM_PASS_BUDGET = 1.5e9;

/**
 * Images per forward/backward pass. The wasm backend's heap cannot grow beyond 4 GB (a batch of 16
 * at 224 px reached 3.9 GB), so there a batch runs as several smaller passes; other backends take
 * the batch whole.
 */
export function microBatchFor(backend: string, inputSize: number, batchSize: number): number {
  if (backend !== 'wasm') return batchSize;
  const perImage = WASM_BYTES_PER_224PX_IMAGE * (inputSize / 224) ** 2;
  return Math.max(1, Math.min(batchSize, Math.floor(WASM_PASS_BUDGET / perImage)));
}
