// One epoch of training batches: streamed, augmented inputs; class-weighted sigmoid cross-entropy
// on the fc logits; Adam plus decoupled weight decay on conv/dense kernels. Stops at a batch end
// when the signal is aborted. Batch norm runs in training mode only when the base is trained.
import type { LayersModel, Optimizer, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import type { TrainingOptions } from '../../api/training';
import type { Tf } from '../model/tf-backend';
import type { Normalisation } from './augment';
import { loadBatches, type Sample } from './image-loader';

export interface EpochInput {
  tf: Tf;
  /** Outputs the fc logit (shares the trained model's layers). */
  logitModel: LayersModel;
  optimizer: Optimizer;
  learningRate: number;
  /** Variables updated this epoch (all trainable weights, or the head's). */
  vars: Variable[];
  /** Conv and dense kernels among `vars`: decayed by lr * weightDecay each step. */
  decay: Variable[];
  trainBase: boolean;
  samples: Sample[];
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
    const loss = tf.tidy(() => {
      const x = tf.tensor4d(b.x, [b.size, S, S, 3]);
      const y = tf.tensor2d(b.y, [b.size, 1]);
      const w = tf.tensor2d(Array.from(b.y, (v) => e.classWeights[v === 1 ? 1 : 0]), [b.size, 1]);
      const cost = e.optimizer.minimize(
        () => {
          const logits = e.logitModel.apply(x, { training: e.trainBase }) as Tensor;
          return tf.losses.sigmoidCrossEntropy(y, logits, w, options.labelSmoothing) as Scalar;
        },
        true,
        e.vars,
      ) as Scalar;
      if (options.weightDecay > 0) {
        const keep = 1 - e.learningRate * options.weightDecay;
        for (const v of e.decay) v.assign(tf.mul(v, keep));
      }
      return cost.dataSync()[0];
    });
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
