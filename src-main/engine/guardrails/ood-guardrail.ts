// The feature-space guardrail: the model's own pooled layer4 features, compared with those of its
// training images (ood-stats.ts). Pixel rules catch pictures that are plainly not radiographs;
// this one also catches radiographs the model has not learned to read (adults, other hospitals'
// processing), where its probability means less.
import type { Guardrail } from './guardrail';
import { headMatches, loadOodStats, oodScore, type HeadWeights, type OodStats } from './ood-stats';

export const UNLIKE_TRAINING_REASON =
  'The image is unlike the images this model was trained on (its features are far from theirs): the probability may not apply.';

/** A row-major NHWC tensor [n, h, w, c] (the shape InferenceRuntime returns for layer4). */
export interface FeatureMap {
  data: Float32Array;
  shape: number[];
}

/** Global average pool of image `index` of layer4 features [n, h, w, c] -> c values (the fc layer's input). */
export function pooledAt(features: FeatureMap, index: number): Float64Array {
  const [n, h, w, c] = features.shape;
  if (features.shape.length !== 4 || index < 0 || index >= n) {
    throw new Error(`pooledAt: image ${index} of features shaped [${features.shape.join(',')}]`);
  }
  const out = new Float64Array(c);
  const base = index * h * w * c;
  for (let p = 0; p < h * w; p++) {
    const o = base + p * c;
    for (let k = 0; k < c; k++) out[k] += features.data[o + k];
  }
  for (let k = 0; k < c; k++) out[k] /= h * w;
  return out;
}

/** The warning when the score reaches the stored threshold, else nothing. */
export function oodGuardrail(stats: OodStats, pooled: ArrayLike<number>): Guardrail[] {
  const score = oodScore(stats, pooled);
  return score >= stats.threshold ? [{ code: 'unlike-training', source: 'features', reason: UNLIKE_TRAINING_REASON }] : [];
}

/**
 * The feature guardrail for image `index` of a forward pass through the model stored in
 * `modelDir`: nothing when the model has no ood.json, or when its statistics belong to other
 * weights (the stored fc head differs: the model was retrained and the statistics not refitted).
 */
export function featureGuardrails(modelDir: string, head: HeadWeights, features: FeatureMap, index: number): Guardrail[] {
  const stats = loadOodStats(modelDir);
  if (!stats || !headMatches(stats, head)) return [];
  return oodGuardrail(stats, pooledAt(features, index));
}

// Which model folder a runtime's weights came from (runtime-for-model.ts records it when it makes
// one), so the prediction path can find that folder's ood.json without the runtime knowing of it.
const modelDirs = new WeakMap<object, string>();

export function rememberModelDir(runtime: { single?: object }, modelDir: string): void {
  modelDirs.set(runtime, modelDir);
  // Its one-view runtime (test-time views: score --one-view, LIME) reads the same weights.
  if (runtime.single) rememberModelDir(runtime.single, modelDir);
}

/** featureGuardrails for a runtime made by inferenceRuntime(entry); nothing for one made otherwise. */
export function runtimeFeatureGuardrails(runtime: { head: HeadWeights }, features: FeatureMap, index: number): Guardrail[] {
  const dir = modelDirs.get(runtime);
  return dir ? featureGuardrails(dir, runtime.head, features, index) : [];
}
