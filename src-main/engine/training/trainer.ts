// A training run from start to stored model, in named steps:
//   1. planTraining (training-plan.ts): import and split the data, resolve start and options, schedule;
//   2. runEpochs (epoch-loop.ts): train, validate, checkpoint the best epoch (best-checkpoint.ts),
//      early stopping and learning-rate reduction;
//   3. finishing (here): the result, and unless the run is dropped, the threshold chosen on
//      validation and the best checkpoint saved as a new model through the store (atomic).
// The active model and every stored model are never modified. Cancel stops at a batch end; the
// run is then discarded, or its best checkpoint kept: as cancelJob's choice says, else spec.onCancel.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { CancelChoice } from '../../api/contract';
import type { SkippedFile, TrainingProgress, TrainingRecord, TrainingResult, TrainingSpec } from '../../api/training';
import type { ModelStore } from '../model/model-store';
import type { Tf } from '../model/tf-backend';
import { BestCheckpoint } from './best-checkpoint';
import { runEpochs, type EpochLoopOutcome } from './epoch-loop';
import { chooseThreshold, metricsAt } from './metrics';
import { newModelId } from './model-id';
import { buildStartModel } from './start-model';
import { trainingCard } from './training-card';
import { planTraining, type TrainingPlan } from './training-plan';
import type { TrainingProgressUpdate } from './training-progress';
import { FITTED_IMAGES_JSON, fittedImages, readFittedImages } from '../model/fitted-images';

export interface TrainEnv {
  tf: Tf;
  store: ModelStore;
  /** Named in progress, the card and the result, e.g. 'wasm (simd, 1 thread)'. */
  backend: string;
  signal: AbortSignal;
  /** The keep/discard choice that came with the cancel (overrides spec.onCancel). */
  cancelChoice?: () => CancelChoice | undefined;
  progress(update: TrainingProgressUpdate): void;
  now?: () => Date;
}

const IDLE: Omit<TrainingProgress, 'stage' | 'backend'> = { epoch: 0, epochs: 0, batch: 0, batches: 0, loss: null, learningRate: 0, imagesPerSecond: null, etaMs: null };

export async function runTraining(spec: TrainingSpec, env: TrainEnv): Promise<TrainingResult> {
  const t0 = Date.now();
  const { tf, backend } = env;
  const send = (training: Omit<TrainingProgress, 'backend'>, done: number, total: number, message: string) =>
    env.progress({ done, total, etaMs: training.etaMs, imagesPerSecond: training.imagesPerSecond ?? undefined, message, training: { ...training, backend } });

  send({ ...IDLE, stage: 'importing' }, 0, 0, 'importing the dataset');
  const plan = await planTraining(spec, {
    store: env.store,
    signal: env.signal,
    onImport: (d, t) => d % 200 === 0 && send({ ...IDLE, stage: 'importing' }, d, t, `importing the dataset: ${d}/${t} files`),
  });
  const failed = new Map<string, string>();
  const model = await buildStartModel(tf, plan.start, plan.options.inputSize, plan.options.seed);
  const checkpoint = new BestCheckpoint(tf);
  try {
    const loop = await runEpochs(plan, {
      tf,
      model,
      checkpoint,
      signal: env.signal,
      onFailed: (file, reason) => failed.set(file, reason),
      report: (training, done, message) => send(training, done, plan.total, message),
    });
    const result: TrainingResult = {
      modelId: null,
      card: null,
      cancelled: loop.cancelled,
      stoppedEarly: loop.stoppedEarly,
      backend,
      dataset: plan.dataset.summary,
      split: plan.sets.summary,
      options: plan.options,
      history: loop.history,
      failedImages: [...failed].map(([file, reason]): SkippedFile => ({ file, reason })),
      comparison: [],
      ms: Date.now() - t0,
    };
    const keep = (env.cancelChoice?.() ?? spec.onCancel ?? 'discard') === 'keep';
    if (!checkpoint.exists || (loop.cancelled && !keep)) return result;
    send({ ...IDLE, stage: 'saving', epoch: loop.history.length, epochs: plan.options.epochs }, loop.done, plan.total, 'saving the model');
    return await saveBest(spec, env, { plan, loop, model, checkpoint, result, t0 });
  } finally {
    checkpoint.dispose();
    model.dispose();
  }
}

/** Step 3: the best checkpoint as a new model, its threshold chosen on the validation images. */
async function saveBest(
  spec: TrainingSpec,
  env: TrainEnv,
  run: { plan: TrainingPlan; loop: EpochLoopOutcome; model: LayersModel; checkpoint: BestCheckpoint; result: TrainingResult; t0: number },
): Promise<TrainingResult> {
  const { plan, loop, model, checkpoint, result, t0 } = run;
  const now = env.now ?? (() => new Date());
  checkpoint.restore(model);
  const preds = checkpoint.predictions;
  if (!preds) return result;
  const threshold = chooseThreshold(preds.probs, preds.labels, plan.options.thresholdRule);
  const id = await newModelId(env.store, spec.name, now());
  const { skipped, duplicates, ...summaryRest } = plan.dataset.summary;
  const record: TrainingRecord = {
    backend: env.backend,
    dataset: { ...summaryRest, skipped: skipped.total, duplicatesRemoved: duplicates.removed },
    split: plan.sets.summary,
    options: plan.options,
    history: loop.history,
    stoppedEarly: loop.stoppedEarly,
    ...(loop.cancelled ? { checkpointOfCancelledRun: true } : {}),
    ms: Date.now() - t0,
  };
  const card = trainingCard({
    id,
    name: spec.name?.trim() || id,
    start: plan.start,
    norm: plan.norm,
    threshold,
    validation: metricsAt(preds.probs, preds.labels, threshold.value),
    record,
    dataRoot: plan.dataset.summary.root,
    created: now(),
  });
  // Which images it learnt from and was chosen on, by content: an evaluation finds them wherever they are.
  const fitted = fittedImages(
    [
      { kind: 'training', sha256: plan.sets.train.map((it) => it.sha256) },
      { kind: 'validation', sha256: plan.sets.val.map((it) => it.sha256) },
    ],
    plan.start ? await readFittedImages(plan.start.dir) : null,
  );
  const entry = await env.store.saveModel(env.tf, model, card, { extraJson: { [FITTED_IMAGES_JSON]: fitted }, ...(plan.start ? { parentDir: plan.start.dir } : {}) });
  return { ...result, modelId: entry.id, card: entry.card, ms: Date.now() - t0 };
}
