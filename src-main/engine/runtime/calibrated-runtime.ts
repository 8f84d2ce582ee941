// A calibrated model's runtime: the same engine, with probabilities sigmoid(logit / T) for the
// temperature T its card stores (site calibration). Wrapping the runtime covers ONNX Runtime and
// tfjs, single studies and batches alike; a card without a temperature gets the runtime unchanged.
import type { ModelCard } from '../../api/model-card';
import { sigmoidAt, temperatureOf } from '../model/temperature';
import type { InferenceRuntime, RunOptions, RuntimeOutputs } from './inference-runtime';

export function withCardTemperature(runtime: InferenceRuntime, card: Pick<ModelCard, 'calibration'>): InferenceRuntime {
  const temperature = temperatureOf(card);
  if (temperature === 1) return runtime;
  return {
    engine: runtime.engine,
    kind: runtime.kind,
    provider: runtime.provider,
    skipped: runtime.skipped,
    modelId: runtime.modelId,
    inputSize: runtime.inputSize,
    head: runtime.head,
    preferredBatch: runtime.preferredBatch,
    views: runtime.views,
    // One view of a calibrated model keeps its temperature (LIME's samples read probabilities).
    ...(runtime.single ? { single: withCardTemperature(runtime.single, card) } : {}),
    async run(input: Float32Array, n: number, opts: RunOptions = {}): Promise<RuntimeOutputs> {
      const asked = opts.extra ?? [];
      const out = await runtime.run(input, n, { ...opts, extra: asked.includes('logit') ? asked : [...asked, 'logit'] });
      const logit = out.extra.logit;
      if (!logit || logit.data.length !== n) throw new Error(`model ${runtime.modelId}: the runtime gave no logit to apply the card's temperature to`);
      const probabilities = new Float32Array(n);
      for (let i = 0; i < n; i++) probabilities[i] = sigmoidAt(logit.data[i], temperature);
      const extra = { ...out.extra };
      if (!asked.includes('logit')) delete extra.logit;
      return { ...out, probabilities, extra };
    },
    dispose: () => runtime.dispose(),
  };
}
