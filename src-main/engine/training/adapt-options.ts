// Defaults and checks for fast adaptation, chosen by measurement (node --import tsx
// bench/adapt.bench.ts --costs, 2-core machine, CPU time per image): the frozen forward pass up to
// layer4.0 on ONNX Runtime costs ~37 ms, a training step of layer4.1 + head on tfjs wasm ~85 ms and
// of all of layer4 + head ~137 ms. Training dominates, so the budget is images x views x epochs of
// training steps: 140 training images (200 site images, 30% held out) x 4 views x 5 epochs = 2800
// steps, ~240 s of CPU, about 2.5 min on 2 cores, plus ~25 s of activations. layer4.1 is the
// cheaper choice and trains half the weights (4.7M instead of 8.4M) on a few hundred images. On the
// simulated site (models/default card notes) layer4 reached AUC 0.996 vs 0.994 on the reading set for
// 473 s of CPU vs 260 s: not worth the doubled time.
// Four views give each pass new augmentations; more epochs over the same views add cost, not data.
import type { AdaptBlocks, AdaptSpec } from '../../api/adaptation';
import { AlveoError } from '../../api/errors';
import { checkTargetSensitivity } from './calibrate-target';
import { ADAPT_HELD_OUT } from '../../api/site-minimum';

export interface AdaptOptions {
  epochs: number;
  views: number;
  trainBlocks: AdaptBlocks;
  seed: number;
  sensitivity: number;
  /** Share of the site's images (whole patients) held out to stop early, measure and calibrate. */
  valFraction: number;
  learningRate: number;
  weightDecay: number;
  batchSize: number;
  /** Epochs without a lower validation loss before stopping. */
  patience: number;
}

export const ADAPT_DEFAULTS: AdaptOptions = {
  epochs: 5,
  views: 4,
  trainBlocks: 'layer4.1',
  seed: 7,
  sensitivity: 0.95,
  valFraction: ADAPT_HELD_OUT,
  learningRate: 3e-4,
  weightDecay: 1e-4,
  batchSize: 16,
  patience: 2,
};

export function resolveAdaptOptions(spec: AdaptSpec): AdaptOptions {
  const o: AdaptOptions = { ...ADAPT_DEFAULTS, sensitivity: checkTargetSensitivity(spec.sensitivity) };
  if (spec.epochs !== undefined) {
    if (!Number.isInteger(spec.epochs) || spec.epochs < 1 || spec.epochs > 100) throw new AlveoError('BAD_ARGUMENT', `epochs must be a whole number from 1 to 100, got ${spec.epochs}`);
    o.epochs = spec.epochs;
  }
  if (spec.views !== undefined) {
    if (!Number.isInteger(spec.views) || spec.views < 1 || spec.views > 16) throw new AlveoError('BAD_ARGUMENT', `views must be a whole number from 1 to 16, got ${spec.views}`);
    o.views = spec.views;
  }
  if (spec.trainBlocks !== undefined) {
    if (spec.trainBlocks !== 'layer4.1' && spec.trainBlocks !== 'layer4') throw new AlveoError('BAD_ARGUMENT', `trainBlocks must be 'layer4.1' or 'layer4', got ${String(spec.trainBlocks)}`);
    o.trainBlocks = spec.trainBlocks;
  }
  if (spec.seed !== undefined) {
    if (!Number.isInteger(spec.seed) || spec.seed < 0) throw new AlveoError('BAD_ARGUMENT', `seed must be a whole number >= 0, got ${spec.seed}`);
    o.seed = spec.seed;
  }
  return o;
}
