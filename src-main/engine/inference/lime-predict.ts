// The forward pass LIME runs its samples through: the model's inference runtime (ONNX Runtime,
// or tfjs behind the same interface where ONNX Runtime cannot load), in the runtime's layout.
import type { InferenceRuntime } from '../runtime/inference-runtime';
import type { PredictBatch } from './lime';

export function runtimePredictBatch(runtime: InferenceRuntime): PredictBatch {
  return async (input, n) => (await runtime.run(input, n)).probabilities;
}
