// Defaults and checks for fast adaptation. The defaults were chosen by measurement
// (bench/adapt.bench.ts on the simulated site, models/default/README.md "Site calibration and
// adaptation"): see ADAPT_DEFAULTS.
import type { AdaptBlocks, AdaptSpec } from '../../api/adaptation';
import { AlveoError } from '../../api/errors';
import { checkTargetSensitivity } from './calibrate-target';

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
  epochs: 8,
  views: 4,
  trainBlocks: 'layer4.1',
  seed: 7,
  sensitivity: 0.95,
  valFraction: 0.3,
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
