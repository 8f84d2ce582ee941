// Pooled layer4 features (and the probability) of one study through the app's own path: display
// pixels, squash resize, normalisation, the stored tfjs model. Shared by bench/ood.bench.ts and
// the guardrail's tests (extract-features.ts batches the same path through the inference runtime).
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { pooledAt } from '../src-main/engine/guardrails/ood-guardrail';
import { modelInput } from '../src-main/engine/inference/preprocess';
import type { LoadedModel } from '../src-main/engine/model/load-model';
import type { Tf } from '../src-main/engine/model/tf-backend';
import { displayPixels } from '../src-main/engine/studies/display-pixels';
import type { Study } from '../src-main/engine/studies/study';

export interface StudyFeatures {
  /** Global-average-pooled layer4 output (512 values). */
  pooled: Float64Array;
  /** layer4 output, NHWC [1, h, w, 512]. */
  features: { data: Float32Array; shape: number[] };
  probability: number;
}

export async function studyFeatures(tf: Tf, loaded: LoadedModel, study: Study): Promise<StudyFeatures> {
  const input = await modelInput(tf, study, loaded.card, displayPixels(study));
  let outputs: Tensor[] = [];
  try {
    const out = loaded.camModel.predict(input);
    outputs = Array.isArray(out) ? out : [out];
    const f = outputs.find((t) => t.rank === 4) as Tensor4D | undefined;
    const p = outputs.find((t) => t.rank === 2);
    if (!f || !p) throw new Error(`model ${loaded.card.id}: expected [features, probability] outputs`);
    const features = { data: (await f.data()) as Float32Array, shape: f.shape as number[] };
    return { pooled: pooledAt(features, 0), features, probability: (await p.data())[0] };
  } finally {
    input.dispose();
    for (const t of outputs) t.dispose();
  }
}
