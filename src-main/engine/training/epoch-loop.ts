// Step 2 of a training run, the epoch loop: per epoch, train on a fresh shuffle (head only first
// when fine-tuning), validate, offer the weights to the checkpoint, then apply the schedule (early
// stopping, learning-rate reduction on plateau). Progress goes out at most ~10 times a second, and
// always at an epoch's end. Stops at a batch end when the signal is aborted.
import type { Variable } from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { EpochRecord, TrainingProgress } from '../../api/training';
import type { Tf } from '../model/tf-backend';
import { AdamW } from './adamw';
import type { BestCheckpoint } from './best-checkpoint';
import { metricsAt } from './metrics';
import { meanLogLoss, predictProbabilities } from './predict-probabilities';
import { seededRandom, shuffle } from './seeded-random';
import { microBatchFor, trainEpoch } from './train-epoch';
import type { TrainingPlan } from './training-plan';
import { TrainingClock } from './training-progress';

export interface EpochLoopEnv {
  tf: Tf;
  model: LayersModel;
  checkpoint: BestCheckpoint;
  signal: AbortSignal;
  onFailed(file: string, reason: string): void;
  /** One progress report: the training detail, images done so far, and the line for people. */
  report(training: Omit<TrainingProgress, 'backend'>, done: number, message: string): void;
}

export interface EpochLoopOutcome {
  history: EpochRecord[];
  cancelled: boolean;
  stoppedEarly: boolean;
  /** Images gone through (training + validation), for the progress that follows. */
  done: number;
}

export async function runEpochs(plan: TrainingPlan, env: EpochLoopEnv): Promise<EpochLoopOutcome> {
  const { tf, model, signal } = env;
  const { options, sets, headEpochs, trainPerEpoch, batches } = plan;
  const clock = new TrainingClock({ epochs: options.epochs, trainPerEpoch, valPerEpoch: sets.val.length });
  // Shares the model's layers: never dispose it on its own.
  const logitModel = tf.model({ inputs: model.inputs, outputs: model.getLayer('fc').output as SymbolicTensor });
  const allVars = model.trainableWeights.map((w) => w.read() as Variable);
  const headVars = model.getLayer('fc').trainableWeights.map((w) => w.read() as Variable);
  // Decay conv and dense kernels only (not batch-norm scales and offsets, not biases).
  const decay = new Set(model.trainableWeights.filter((w) => /kernel$/.test(w.originalName)).map((w) => w.read() as Variable));
  const history: EpochRecord[] = [];
  let done = 0;
  let sinceBest = 0;
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
      const order = shuffle(
        sets.train.map((it) => ({ file: it.file, label: it.label })),
        seededRandom(options.seed * 31 + epoch),
      );
      const tEpoch = Date.now();
      const progress = (stage: TrainingProgress['stage'], batch: number, loss: number | null, doneThisEpoch: number, validated: boolean, epochEnd?: EpochRecord) => {
        const ips = clock.imagesPerSecond;
        const what = stage === 'validating' ? 'validating' : `batch ${batch}/${batches}${loss !== null ? ` loss ${loss.toFixed(4)}` : ''}`;
        env.report(
          {
            stage,
            epoch,
            epochs: options.epochs,
            batch,
            batches,
            loss,
            learningRate: lr,
            imagesPerSecond: ips,
            etaMs: clock.etaMs(epoch, doneThisEpoch, validated),
            ...(epochEnd ? { epochEnd } : {}),
          },
          done,
          `epoch ${epoch}/${options.epochs} (${phase === 'head' ? 'head only' : 'all layers'}) ${what}${ips ? ` · ${ips.toFixed(1)} img/s` : ''}`,
        );
      };
      let trainedThisEpoch = 0;
      const out = await trainEpoch({
        tf,
        logitModel,
        optimizer,
        vars: phase === 'head' ? headVars : allVars,
        trainBase: phase === 'full',
        samples: order.slice(0, trainPerEpoch),
        microBatch: microBatchFor(tf.getBackend(), options.inputSize, options.batchSize),
        classWeights: plan.classWeights,
        options,
        norm: plan.norm,
        seed: options.seed * 7919 + epoch,
        signal,
        onFailed: env.onFailed,
        onBatch: ({ index, size, loss, ms }) => {
          clock.trained(size, ms);
          trainedThisEpoch += size;
          done += size;
          if (clock.due(index === 0)) progress('training', index + 1, loss, trainedThisEpoch, false);
        },
      });
      if (out.aborted) return { history, cancelled: true, stoppedEarly: false, done };

      progress('validating', out.batches, out.meanLoss, trainPerEpoch, false);
      const tVal = Date.now();
      let preds: Awaited<ReturnType<typeof predictProbabilities>>;
      try {
        preds = await predictProbabilities(tf, model, sets.val.map((it) => ({ file: it.file, label: it.label })), { ...plan.norm, inputSize: options.inputSize, batchSize: options.batchSize, signal });
      } catch (err) {
        // A stop during validation ends the run like one during a batch: the best checkpoint so far
        // (an earlier epoch's) is still there to keep, as the user asked.
        if (signal.aborted) return { history, cancelled: true, stoppedEarly: false, done };
        throw err;
      }
      for (const f of preds.failed) env.onFailed(f.file, f.reason);
      clock.validated(preds.probs.length, Date.now() - tVal);
      done += sets.val.length;
      if (signal.aborted) return { history, cancelled: true, stoppedEarly: false, done };

      const valLoss = meanLogLoss(preds.probs, preds.labels);
      const m = metricsAt(preds.probs, preds.labels, 0.5);
      const improved = env.checkpoint.consider(model, valLoss, epoch, preds);
      sinceBest = improved ? 0 : sinceBest + 1;
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

      // The schedule: only once all layers train, and only after an epoch that did not improve.
      if (phase === 'full' && !improved) {
        if (options.earlyStoppingPatience > 0 && sinceBest >= options.earlyStoppingPatience) {
          return { history, cancelled: false, stoppedEarly: epoch < options.epochs, done };
        }
        if (options.reduceLrPatience > 0 && sinceBest % options.reduceLrPatience === 0 && lr > options.minLearningRate) {
          lr = Math.max(options.minLearningRate, lr * options.lrFactor);
          optimizer.learningRate = lr;
        }
      }
    }
    return { history, cancelled: false, stoppedEarly: false, done };
  } finally {
    optimizer.dispose();
  }
}
