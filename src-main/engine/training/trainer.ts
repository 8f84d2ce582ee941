// A training run from start to stored model: import and split the data, build the starting
// network, train (head-only phase when starting from a trained model, then all layers), validate
// each epoch, keep the best weights, choose the threshold on validation, save a new model through
// the store (atomic). The active model and every stored model are never modified. Cancel stops at
// a batch end; the run is then discarded, or its best checkpoint kept when asked.
import type { LayersModel, SymbolicTensor, Tensor, Variable } from '@tensorflow/tfjs';
import { AlveoError } from '../../api/errors';
import type { EpochRecord, SkippedFile, TrainingProgress, TrainingRecord, TrainingResult, TrainingSpec } from '../../api/training';
import { IMAGENET_MEAN, IMAGENET_STD } from '../model/card-file';
import type { ModelStore } from '../model/model-store';
import type { Tf } from '../model/tf-backend';
import { AdamW } from './adamw';
import type { Normalisation } from './augment';
import { importDataset } from './import-dataset';
import { chooseThreshold, metricsAt } from './metrics';
import { newModelId } from './model-id';
import { meanLogLoss, predictProbabilities, type Predictions } from './predict-probabilities';
import { buildStartModel, resolveStart } from './start-model';
import { microBatchFor, trainEpoch } from './train-epoch';
import { trainingCard } from './training-card';
import { defaultTrainingOptions, resolveTrainingOptions } from './training-options';
import { TrainingClock, type TrainingProgressUpdate } from './training-progress';
import { trainingSplit } from './training-split';
import { seededRandom, shuffle } from './seeded-random';

export interface TrainEnv {
  tf: Tf;
  store: ModelStore;
  /** Named in progress, the card and the result, e.g. 'wasm (simd, 1 thread)'. */
  backend: string;
  signal: AbortSignal;
  progress(update: TrainingProgressUpdate): void;
  now?: () => Date;
}

export async function runTraining(spec: TrainingSpec, env: TrainEnv): Promise<TrainingResult> {
  const t0 = Date.now();
  const { tf, store, signal, backend } = env;
  const now = env.now ?? (() => new Date());
  const base: Omit<TrainingProgress, 'stage'> = { epoch: 0, epochs: 0, batch: 0, batches: 0, loss: null, learningRate: 0, imagesPerSecond: null, etaMs: null, backend };
  const send = (training: TrainingProgress, done: number, total: number, message: string) =>
    env.progress({ done, total, etaMs: training.etaMs, imagesPerSecond: training.imagesPerSecond ?? undefined, message, training });

  send({ ...base, stage: 'importing' }, 0, 0, 'importing the dataset');
  const dataset = await importDataset(spec.data, { signal, onProgress: (d, t) => d % 200 === 0 && send({ ...base, stage: 'importing' }, d, t, `importing the dataset: ${d}/${t} files`) });
  const start = await resolveStart(store, spec.base);
  const options = resolveTrainingOptions(defaultTrainingOptions({ inputSize: start?.card.inputSize, trained: Boolean(start?.card.trained) }), spec.options);
  const sets = trainingSplit(dataset, options.valFraction, options.seed);
  for (const [part, items] of [['training', sets.train], ['validation', sets.val]] as const) {
    for (const label of [0, 1] as const) {
      if (!items.some((it) => it.label === label)) {
        throw new AlveoError('BAD_ARGUMENT', `the ${part} split has no ${label ? 'PNEUMONIA' : 'NORMAL'} images: the dataset is too small or has one class`, spec.data);
      }
    }
  }
  const norm: Normalisation = start
    ? { mean: start.card.preprocessing.mean, std: start.card.preprocessing.std }
    : { mean: IMAGENET_MEAN, std: IMAGENET_STD };
  const nPos = sets.train.filter((it) => it.label === 1).length;
  const nNeg = sets.train.length - nPos;
  const classWeights: [number, number] = options.classWeights ? [sets.train.length / (2 * nNeg), sets.train.length / (2 * nPos)] : [1, 1];
  const headEpochs = start?.card.trained ? Math.min(options.freezeEpochs, options.epochs) : 0;
  const trainPerEpoch = options.maxBatchesPerEpoch ? Math.min(sets.train.length, options.maxBatchesPerEpoch * options.batchSize) : sets.train.length;
  const batches = Math.ceil(trainPerEpoch / options.batchSize);
  const clock = new TrainingClock({ epochs: options.epochs, trainPerEpoch, valPerEpoch: sets.val.length });
  const total = options.epochs * (trainPerEpoch + sets.val.length);
  let done = 0;

  const failed = new Map<string, string>();
  const onFailed = (file: string, reason: string) => failed.set(file, reason);
  const history: EpochRecord[] = [];
  const model = await buildStartModel(tf, start, options.inputSize, options.seed);
  // Shares the model's layers: never dispose it on its own.
  const logitModel = tf.model({ inputs: model.inputs, outputs: model.getLayer('fc').output as SymbolicTensor });
  let best: { loss: number; epoch: number; weights: Tensor[]; preds: Predictions } | null = null;
  let stoppedEarly = false;
  let cancelled = false;
  let sinceBest = 0;
  const allVars = model.trainableWeights.map((w) => w.read() as Variable);
  const headVars = model.getLayer('fc').trainableWeights.map((w) => w.read() as Variable);
  // Decay conv and dense kernels only (not batch-norm scales and offsets, not biases).
  const decay = new Set(model.trainableWeights.filter((w) => /kernel$/.test(w.originalName)).map((w) => w.read() as Variable));
  let lr = options.learningRate;
  let optimizer = new AdamW(tf, decay, { learningRate: lr, weightDecay: options.weightDecay });
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const phase = epoch <= headEpochs ? 'head' : 'full';
      if (phase === 'full' && headEpochs > 0 && epoch === headEpochs + 1) {
        // All layers from here, at a lower rate and with fresh optimizer moments.
        optimizer.dispose();
        lr = options.learningRate * options.fineTuneLrFactor;
        optimizer = new AdamW(tf, decay, { learningRate: lr, weightDecay: options.weightDecay });
        sinceBest = 0;
      }
      const vars = phase === 'head' ? headVars : allVars;
      const order = shuffle(
        sets.train.map((it) => ({ file: it.file, label: it.label })),
        seededRandom(options.seed * 31 + epoch),
      );
      const tEpoch = Date.now();
      const progress = (stage: TrainingProgress['stage'], batch: number, loss: number | null, doneThisEpoch: number, validated: boolean, epochEnd?: EpochRecord) => {
        const training: TrainingProgress = {
          ...base,
          stage,
          epoch,
          epochs: options.epochs,
          batch,
          batches,
          loss,
          learningRate: lr,
          imagesPerSecond: clock.imagesPerSecond,
          etaMs: clock.etaMs(epoch, doneThisEpoch, validated),
          ...(epochEnd ? { epochEnd } : {}),
        };
        const ips = training.imagesPerSecond ? ` · ${training.imagesPerSecond.toFixed(1)} img/s` : '';
        const what = stage === 'validating' ? 'validating' : `batch ${batch}/${batches}${loss !== null ? ` loss ${loss.toFixed(4)}` : ''}`;
        send(training, done, total, `epoch ${epoch}/${options.epochs} (${phase === 'head' ? 'head only' : 'all layers'}) ${what}${ips}`);
      };
      let trainedThisEpoch = 0;
      const out = await trainEpoch({
        tf,
        logitModel,
        optimizer,
        vars,
        trainBase: phase === 'full',
        samples: order.slice(0, trainPerEpoch),
        microBatch: microBatchFor(tf.getBackend(), options.inputSize, options.batchSize),
        classWeights,
        options,
        norm,
        seed: options.seed * 7919 + epoch,
        signal,
        onFailed,
        onBatch: ({ index, size, loss, ms }) => {
          clock.trained(size, ms);
          trainedThisEpoch += size;
          done += size;
          if (clock.due(index === 0)) progress('training', index + 1, loss, trainedThisEpoch, false);
        },
      });
      if (out.aborted) {
        cancelled = true;
        break;
      }
      progress('validating', out.batches, out.meanLoss, trainPerEpoch, false);
      const tVal = Date.now();
      const preds = await predictProbabilities(tf, model, sets.val.map((it) => ({ file: it.file, label: it.label })), { ...norm, inputSize: options.inputSize, batchSize: options.batchSize, signal });
      for (const f of preds.failed) onFailed(f.file, f.reason);
      clock.validated(preds.probs.length, Date.now() - tVal);
      done += sets.val.length;
      if (signal.aborted) {
        cancelled = true;
        break;
      }
      const valLoss = meanLogLoss(preds.probs, preds.labels);
      const m = metricsAt(preds.probs, preds.labels, 0.5);
      const improved = !best || valLoss < best.loss;
      if (improved) {
        best?.weights.forEach((w) => w.dispose());
        best = { loss: valLoss, epoch, weights: model.getWeights().map((w) => tf.keep(w.clone())), preds };
        sinceBest = 0;
      } else sinceBest++;
      const record: EpochRecord = {
        epoch,
        phase,
        trainLoss: out.meanLoss,
        valLoss,
        valAuc: m.auc,
        valAccuracy: m.accuracy,
        valSensitivity: m.sensitivity,
        valSpecificity: m.specificity,
        learningRate: lr,
        imagesPerSecond: clock.imagesPerSecond ?? 0,
        best: improved,
        ms: Date.now() - tEpoch,
      };
      history.push(record);
      clock.due(true);
      progress('validating', out.batches, out.meanLoss, trainPerEpoch, true, record);
      if (phase === 'full' && !improved) {
        if (options.earlyStoppingPatience > 0 && sinceBest >= options.earlyStoppingPatience) {
          stoppedEarly = epoch < options.epochs;
          break;
        }
        if (options.reduceLrPatience > 0 && sinceBest % options.reduceLrPatience === 0 && lr > options.minLearningRate) {
          lr = Math.max(options.minLearningRate, lr * options.lrFactor);
          optimizer.learningRate = lr;
        }
      }
    }

    const failedImages: SkippedFile[] = [...failed].map(([file, reason]) => ({ file, reason }));
    const result: TrainingResult = {
      modelId: null,
      card: null,
      cancelled,
      stoppedEarly,
      backend,
      dataset: dataset.summary,
      split: sets.summary,
      options,
      history,
      failedImages,
      ms: Date.now() - t0,
    };
    if (!best || (cancelled && spec.onCancel !== 'keep')) return result;

    send({ ...base, stage: 'saving', epoch: history.length, epochs: options.epochs }, done, total, 'saving the model');
    model.setWeights(best.weights);
    const { probs, labels } = best.preds;
    const threshold = chooseThreshold(probs, labels, options.thresholdRule);
    const id = await newModelId(store, spec.name, now());
    const { skipped, duplicates, ...summaryRest } = dataset.summary;
    const record: TrainingRecord = {
      backend,
      dataset: { ...summaryRest, skipped: skipped.total, duplicatesRemoved: duplicates.removed },
      split: sets.summary,
      options,
      history,
      stoppedEarly,
      ...(cancelled ? { checkpointOfCancelledRun: true } : {}),
      ms: Date.now() - t0,
    };
    const card = trainingCard({
      id,
      name: spec.name?.trim() || id,
      start,
      norm,
      threshold,
      validation: metricsAt(probs, labels, threshold.value),
      record,
      dataRoot: dataset.summary.root,
      created: now(),
    });
    const entry = await store.saveModel(tf, model as LayersModel, card);
    return { ...result, modelId: entry.id, card: entry.card, ms: Date.now() - t0 };
  } finally {
    best?.weights.forEach((w) => w.dispose());
    optimizer.dispose();
    model.dispose();
  }
}
