// tfjs serving an InferenceRuntime: the fallback where ONNX Runtime cannot load, what
// ALVEO_BACKEND=wasm (or any explicit tfjs backend) asks for, and the path for models that exist
// only in memory (freshly trained). Same input, outputs and layout as the ONNX engine.
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { AlveoError } from '../../api/errors';
import type { LoadedModel } from '../model/load-model';
import { backendName, backendReport, type Tf } from '../model/tf-backend';
import type { InferenceRuntime, IntermediateOutput, RunOptions, RuntimeOutputs, RuntimeTensor } from './inference-runtime';

/** The tfjs layer whose output each intermediate output is. */
const LAYER_OF: Record<IntermediateOutput, string> = { layer3: 'layer3_1_out', 'layer4.0': 'layer4_0_out', pooled: 'avgpool', logit: 'fc' };

/**
 * `skipped`: why ONNX Runtime was not used (it is reported with the tfjs backend's own list).
 * The runtime shares `loaded`'s weights: dispose() frees only the extra output models it made;
 * the LoadedModel stays the loader's (load-model.ts unloadModel) to free.
 */
export function createTfjsRuntime(tf: Tf, loaded: LoadedModel, opts: { skipped?: string[] } = {}): InferenceRuntime {
  const S = loaded.card.inputSize;
  const report = backendReport();
  const kind = report?.kind ?? 'wasm';
  const views = new Map<string, LayersModel>();
  let disposed = false;

  /** A model with outputs [layer4_out, prob, ...extra] over the same layers (built once per set). */
  function view(extra: readonly IntermediateOutput[]): LayersModel {
    if (extra.length === 0) return loaded.camModel;
    const key = extra.join(',');
    let m = views.get(key);
    if (!m) {
      const outs = extra.map((e) => loaded.model.getLayer(LAYER_OF[e]).output as SymbolicTensor);
      m = tf.model({ inputs: loaded.model.inputs, outputs: [...(loaded.camModel.outputs as SymbolicTensor[]), ...outs] });
      views.set(key, m);
    }
    return m;
  }

  return {
    engine: `tfjs ${backendName()}`,
    kind: 'tfjs',
    provider: kind,
    skipped: [...(opts.skipped ?? []), ...(report?.skipped ?? [])],
    modelId: loaded.entry.id,
    inputSize: S,
    head: { weights: Float32Array.from(loaded.fcWeights), bias: loaded.fcBias },
    preferredBatch: 4,
    async run(input: Float32Array, n: number, opts: RunOptions = {}): Promise<RuntimeOutputs> {
      if (disposed) throw new AlveoError('INTERNAL', `the tfjs runtime of model ${loaded.entry.id} was disposed`);
      if (!Number.isInteger(n) || n < 1 || input.length !== n * S * S * 3) {
        throw new AlveoError('BAD_ARGUMENT', `model ${loaded.entry.id}: input holds ${input.length} values, expected ${n} x ${S}x${S}x3`);
      }
      const extra = opts.extra ?? [];
      const x = tf.tensor4d(input, [n, S, S, 3], 'float32');
      let outs: Tensor[] = [];
      try {
        const y = view(extra).predict(x);
        outs = Array.isArray(y) ? y : [y];
        const read = async (t: Tensor): Promise<RuntimeTensor> => ({ data: new Float32Array(await t.data()), shape: [...t.shape] });
        const [features, prob, ...rest] = await Promise.all(outs.map(read));
        const result: RuntimeOutputs = { probabilities: prob.data, features, extra: {} };
        extra.forEach((e, i) => (result.extra[e] = rest[i]));
        return result;
      } finally {
        x.dispose();
        for (const t of outs) t.dispose();
      }
    },
    async dispose() {
      disposed = true;
      views.clear(); // the views own no weights: they share loaded.model's layers
    },
  };
}
