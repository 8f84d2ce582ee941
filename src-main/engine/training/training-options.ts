// Training defaults and their checks. Defaults suit fine-tuning a trained model on a site's data
// on a CPU; from scratch, no head-only phase (a random base is not worth freezing).
import type { TrainingOptions } from '../../api/training';
import { AlveoError } from '../../api/errors';
import { DEFAULT_AUGMENT } from './augment';

export function defaultTrainingOptions(start: { inputSize?: number; trained: boolean }): TrainingOptions {
  return {
    epochs: 10,
    batchSize: 16,
    learningRate: 1e-3,
    inputSize: start.inputSize ?? 224,
    augment: { ...DEFAULT_AUGMENT },
    classWeights: true,
    freezeEpochs: start.trained ? 1 : 0,
    fineTuneLrFactor: 0.1,
    earlyStoppingPatience: 3,
    reduceLrPatience: 1,
    lrFactor: 0.5,
    minLearningRate: 1e-6,
    weightDecay: 1e-4,
    labelSmoothing: 0,
    valFraction: 0.15,
    seed: 42,
    thresholdRule: 'sensitivity-0.95',
    maxBatchesPerEpoch: 0,
  };
}

const bad = (what: string): never => {
  throw new AlveoError('BAD_ARGUMENT', `training option ${what}`);
};

/** Defaults overridden by `given`, every field checked. */
export function resolveTrainingOptions(defaults: TrainingOptions, given: Partial<TrainingOptions> = {}): TrainingOptions {
  const o: TrainingOptions = { ...defaults, ...stripUndefined(given) };
  if (given.augment !== undefined && given.augment !== null) o.augment = { ...(defaults.augment ?? {}), ...given.augment } as TrainingOptions['augment'];
  const int = (k: keyof TrainingOptions, min: number, max: number) => {
    const v = o[k] as number;
    if (!Number.isInteger(v) || v < min || v > max) bad(`${k} must be an integer from ${min} to ${max} (got ${String(v)})`);
  };
  const num = (k: keyof TrainingOptions, min: number, max: number, openMin = false) => {
    const v = o[k] as number;
    if (typeof v !== 'number' || !Number.isFinite(v) || v > max || (openMin ? v <= min : v < min)) bad(`${k} must be a number in ${openMin ? '(' : '['}${min}, ${max}] (got ${String(v)})`);
  };
  int('epochs', 1, 1000);
  int('batchSize', 1, 512);
  int('inputSize', 32, 1024);
  int('freezeEpochs', 0, 1000);
  int('earlyStoppingPatience', 0, 1000);
  int('reduceLrPatience', 0, 1000);
  int('seed', 0, 2 ** 31 - 1);
  int('maxBatchesPerEpoch', 0, 1e9);
  num('learningRate', 0, 10, true);
  num('fineTuneLrFactor', 0, 1, true);
  num('lrFactor', 0, 1, true);
  num('minLearningRate', 0, 10);
  num('weightDecay', 0, 1);
  num('labelSmoothing', 0, 0.5);
  num('valFraction', 0.01, 0.5);
  if (o.inputSize % 32 !== 0) bad(`inputSize must be a multiple of 32 (got ${o.inputSize})`);
  if (o.thresholdRule !== 'sensitivity-0.95' && o.thresholdRule !== 'youden') bad(`thresholdRule must be 'sensitivity-0.95' or 'youden'`);
  if (o.augment) {
    const a = o.augment;
    for (const [k, max] of [['rotationDeg', 45], ['shift', 0.5], ['zoom', 0.5], ['brightness', 0.5], ['contrast', 0.9]] as const) {
      const v = a[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) bad(`augment.${k} must be a number in [0, ${max}]`);
    }
    if (typeof a.horizontalFlip !== 'boolean') bad('augment.horizontalFlip must be true or false');
  }
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
