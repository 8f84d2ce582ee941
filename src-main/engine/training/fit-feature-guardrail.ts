// The "unlike the training images" check for a model trained or fine-tuned in the app: its pooled
// layer4 features of the run's own training images (as they are), the threshold from its validation
// patients (fit-ood-stats.ts). Run by the engine on ONNX Runtime after the training worker, so it
// costs one forward pass per image. Too few images give no usable statistics: then nothing is
// written. Either way it answers the sentence for the card's notes.
import { join } from 'node:path';
import type { ModelEntry } from '../../api/contract';
import { writeJsonAtomic } from '../files/atomic-files';
import { fitOodStats, fittedOodNote } from '../guardrails/fit-ood-stats';
import { pooledAt } from '../guardrails/ood-guardrail';
import { OOD_JSON } from '../guardrails/ood-stats';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import { loadBatches, type Sample } from './image-loader';
import { importDataset } from './import-dataset';
import { trainingSplit } from './training-split';

/** Below these the covariance of 512 features and a 99th percentile are guesses. */
export const FEATURE_GUARDRAIL_MIN = { trainPerClass: 50, heldOut: 40 };

async function pooledFeatures(runtime: InferenceRuntime, entry: ModelEntry, samples: Sample[], signal: AbortSignal, onImages: (n: number) => void): Promise<{ pooled: Float32Array[]; labels: number[] }> {
  const pooled: Float32Array[] = [];
  const labels: number[] = [];
  const { mean, std } = entry.card.preprocessing;
  for await (const b of loadBatches(samples, { mean, std, inputSize: entry.card.inputSize, batchSize: 16, augment: null, seed: 0 })) {
    signal.throwIfAborted();
    const out = await runtime.run(b.x, b.size);
    for (let i = 0; i < b.size; i++) {
      pooled.push(Float32Array.from(pooledAt(out.features, i)));
      labels.push(b.y[i]);
    }
    onImages(pooled.length);
    await new Promise((r) => setImmediate(r));
  }
  return { pooled, labels };
}

export async function fitFeatureGuardrail(
  entry: ModelEntry,
  runtime: InferenceRuntime,
  run: { data: string; valFraction: number; seed: number },
  signal: AbortSignal,
  progress: (done: number, total: number) => void,
): Promise<string> {
  const sets = trainingSplit(await importDataset(run.data, { signal }), run.valFraction, run.seed);
  const perClass = [0, 1].map((c) => sets.train.filter((it) => it.label === c).length);
  if (Math.min(...perClass) < FEATURE_GUARDRAIL_MIN.trainPerClass || sets.val.length < FEATURE_GUARDRAIL_MIN.heldOut) {
    return `No unlike-training check: ${perClass[0]} NORMAL and ${perClass[1]} PNEUMONIA training images and ${sets.val.length} validation images are too few to fit one (it needs ${FEATURE_GUARDRAIL_MIN.trainPerClass} per class and ${FEATURE_GUARDRAIL_MIN.heldOut} validation images).`;
  }
  const total = sets.train.length + sets.val.length;
  const sample = (items: typeof sets.train) => items.map((it) => ({ file: it.file, label: it.label }));
  const train = await pooledFeatures(runtime, entry, sample(sets.train), signal, (n) => progress(n, total));
  const held = await pooledFeatures(runtime, entry, sample(sets.val), signal, (n) => progress(train.pooled.length + n, total));
  const patients = (items: typeof sets.train) => new Set(items.map((it) => it.patientId)).size;
  const stats = fitOodStats({
    train: { pooled: train.pooled, labels: train.labels },
    heldOut: held.pooled,
    head: runtime.head,
    fittedOn: `${train.pooled.length} training images of the run (${patients(sets.train)} patients), as they are, through the stored weights`,
    heldOutOn: `the run's validation patients (${patients(sets.val)})`,
  });
  signal.throwIfAborted();
  await writeJsonAtomic(join(entry.dir, OOD_JSON), stats);
  return fittedOodNote(stats);
}
