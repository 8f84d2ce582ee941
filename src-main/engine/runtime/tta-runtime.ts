// A runtime serving a model with test-time augmentation (the card's testTimeAugmentation): each
// run() passes every view of each image through the wrapped runtime in one batch and answers with
// the mean logit. Features and the other intermediate outputs are the first view's (the image as
// is), so Grad-CAM, the OOD guardrail and adaptation see the image, not a zoomed copy.
import type { ModelCard } from '../../api/model-card';
import { sigmoidAt } from '../model/temperature';
import type { InferenceRuntime, IntermediateOutput, RunOptions, RuntimeOutputs, RuntimeTensor } from './inference-runtime';
import { writeView } from './tta-view';

/** The runtime on one view: for work that needs the image as is, many times (LIME samples, adaptation features). */
export const oneView = (runtime: InferenceRuntime): InferenceRuntime => runtime.single ?? runtime;

/** First n images of a batch of V*n (view 0), copied so the larger batch can be freed. */
function firstImages(t: RuntimeTensor, n: number): RuntimeTensor {
  const per = t.data.length / t.shape[0];
  return { data: t.data.slice(0, n * per), shape: [n, ...t.shape.slice(1)] };
}

export function withTestTimeAugmentation(runtime: InferenceRuntime, card: Pick<ModelCard, 'testTimeAugmentation' | 'preprocessing'>): InferenceRuntime {
  const views = card.testTimeAugmentation?.views;
  if (!views || views.length < 2) return runtime;
  const V = views.length;
  const S = runtime.inputSize;
  const per = S * S * 3;
  return {
    engine: `${runtime.engine}, ${V}-view TTA`,
    kind: runtime.kind,
    provider: runtime.provider,
    skipped: runtime.skipped,
    modelId: runtime.modelId,
    inputSize: S,
    head: runtime.head,
    // A caller's batch of n becomes V*n forward passes.
    preferredBatch: Math.max(1, Math.floor(runtime.preferredBatch / V)),
    views: V,
    single: runtime,
    async run(input: Float32Array, n: number, opts: RunOptions = {}): Promise<RuntimeOutputs> {
      // A wrong length is the wrapped runtime's error to report (it names the model).
      if (!Number.isInteger(n) || n < 1 || input.length !== n * per) return runtime.run(input, n, opts);
      const stacked = new Float32Array(V * n * per);
      views.forEach((v, k) => writeView(input, n, S, v, card.preprocessing, stacked, k * n * per));
      const asked = opts.extra ?? [];
      const out = await runtime.run(stacked, V * n, { extra: [...new Set<IntermediateOutput>([...asked, 'logit'])] });
      const all = out.extra.logit;
      if (!all || all.data.length !== V * n) throw new Error(`model ${runtime.modelId}: the runtime gave no logit to average over test-time views`);
      const logit = new Float32Array(n);
      for (let k = 0; k < V; k++) for (let i = 0; i < n; i++) logit[i] += all.data[k * n + i] / V;
      const probabilities = new Float32Array(n);
      for (let i = 0; i < n; i++) probabilities[i] = sigmoidAt(logit[i], 1);
      const extra: RuntimeOutputs['extra'] = {};
      for (const name of asked) {
        const t = out.extra[name];
        if (name === 'logit') extra.logit = { data: logit, shape: [n, 1] };
        else if (t) extra[name] = firstImages(t, n);
      }
      return { probabilities, features: firstImages(out.features, n), extra };
    },
    dispose: () => runtime.dispose(),
  };
}
