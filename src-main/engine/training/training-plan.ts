// Step 1 of a training run, the schedule: import and split the data, resolve the start and the
// options, and work out what the epoch loop will do (class weights, head-only epochs, images and
// batches per epoch, the total the progress counts towards). Nothing is trained here.
import type { ModelEntry } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { TrainingOptions, TrainingSpec } from '../../api/training';
import { IMAGENET_MEAN, IMAGENET_STD } from '../model/card-file';
import type { ModelStore } from '../model/model-store';
import type { Normalisation } from './augment';
import { importDataset, type Dataset } from './import-dataset';
import { resolveStart } from './start-model';
import { defaultTrainingOptions, resolveTrainingOptions } from './training-options';
import { trainingSplit, type TrainingSets } from './training-split';

export interface TrainingPlan {
  dataset: Dataset;
  /** The model the run starts from; null: from scratch. */
  start: ModelEntry | null;
  options: TrainingOptions;
  sets: TrainingSets;
  norm: Normalisation;
  classWeights: [number, number];
  /** Epochs training only the head (fc) first: only when starting from a trained model. */
  headEpochs: number;
  trainPerEpoch: number;
  batches: number;
  /** Images the whole run goes through (training and validation): progress counts towards it. */
  total: number;
}

export async function planTraining(
  spec: TrainingSpec,
  env: { store: ModelStore; signal: AbortSignal; onImport(done: number, total: number): void },
): Promise<TrainingPlan> {
  const dataset = await importDataset(spec.data, { signal: env.signal, onProgress: env.onImport });
  const start = await resolveStart(env.store, spec.base);
  const options = resolveTrainingOptions(defaultTrainingOptions({ inputSize: start?.card.inputSize, trained: Boolean(start?.card.trained) }), spec.options);
  const sets = trainingSplit(dataset, options.valFraction, options.seed);
  for (const [part, items] of [['training', sets.train], ['validation', sets.val]] as const) {
    for (const label of [0, 1] as const) {
      if (!items.some((it) => it.label === label)) {
        throw new AlveoError('BAD_ARGUMENT', `the ${part} split has no ${label ? 'PNEUMONIA' : 'NORMAL'} images: the dataset is too small or has one class`, spec.data);
      }
    }
  }
  const norm: Normalisation = start ? { mean: start.card.preprocessing.mean, std: start.card.preprocessing.std } : { mean: IMAGENET_MEAN, std: IMAGENET_STD };
  const nPos = sets.train.filter((it) => it.label === 1).length;
  const nNeg = sets.train.length - nPos;
  const classWeights: [number, number] = options.classWeights ? [sets.train.length / (2 * nNeg), sets.train.length / (2 * nPos)] : [1, 1];
  const trainPerEpoch = options.maxBatchesPerEpoch ? Math.min(sets.train.length, options.maxBatchesPerEpoch * options.batchSize) : sets.train.length;
  return {
    dataset,
    start,
    options,
    sets,
    norm,
    classWeights,
    headEpochs: start?.card.trained ? Math.min(options.freezeEpochs, options.epochs) : 0,
    trainPerEpoch,
    batches: Math.ceil(trainPerEpoch / options.batchSize),
    total: options.epochs * (trainPerEpoch + sets.val.length),
  };
}
