// The forward pass LIME runs its samples through. On ONNX Runtime's CPU provider: an int8 copy of
// the model calibrated on LIME's first batch (the image itself and its first perturbed copies),
// about 3x the float32 speed. Calibrating runs that batch in float32 too, which gives the exact
// probability of the image and the int8 copy's largest deviation on the batch. Where the int8
// copy strays too far (MAX_INT8_ERROR), cannot be built, or the runtime is tfjs or an accelerator,
// every sample runs through the runtime itself. ALVEO_LIME_FLOAT=1 forces float32.
import { oneView } from '../runtime/tta-runtime';
import type { LimeQuantization } from '../../api/explanation';
import { checkInt8, createCalibratedInt8, type Int8Predictor } from '../runtime/int8-predictor';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import type { PredictBatch } from './lime';

/** Largest |int8 - float32| probability on the calibration batch that LIME accepts. */
export const MAX_INT8_ERROR = 0.02;

export interface LimeForward {
  predict: PredictBatch;
  /** float32 probability of the first image of the first batch (LIME's sample 0: the image itself). */
  exactProbability(): number | null;
  /** Set when the samples ran in int8. */
  quantization(): LimeQuantization | null;
  /** Why int8 was not used where it could have been (null when it was, or was never tried). */
  int8Skipped(): string | null;
  dispose(): Promise<void>;
}

/** Only the runtime, every sample in its own precision. */
export function runtimePredictBatch(runtime: InferenceRuntime): PredictBatch {
  return async (input, n) => (await runtime.run(input, n)).probabilities;
}

export function limeForward(served: InferenceRuntime, modelDir: string | null, env: NodeJS.ProcessEnv = process.env): LimeForward {
  // Every sample through one view of the image (the int8 copy is one view too), not the card's test-time views.
  const runtime = oneView(served);
  const exact = runtimePredictBatch(runtime);
  const tryInt8 = modelDir !== null && runtime.kind === 'onnxruntime' && runtime.provider === 'cpu' && env.ALVEO_LIME_FLOAT !== '1';
  let first = true;
  let p0: number | null = null;
  let int8: Int8Predictor | null = null;
  let quant: LimeQuantization | null = null;
  let skipped: string | null = null;
  return {
    async predict(input, n) {
      if (!first) return int8 ? int8.predict(input, n) : exact(input, n);
      first = false;
      if (!tryInt8 || modelDir === null) {
        const ref = await exact(input, n);
        p0 = ref[0];
        return ref;
      }
      try {
        // The calibration pass is itself a float32 pass (BatchNorm folded): it is the reference.
        int8 = await createCalibratedInt8(modelDir, runtime.inputSize, input, n);
        const ref = int8.floatProbabilities;
        p0 = ref[0];
        // 8-bit weights, else 7-bit where the CPU's int8 kernels saturate (checkInt8).
        const checked = await checkInt8(int8, input, n, MAX_INT8_ERROR);
        if (checked.maxAbsError > MAX_INT8_ERROR) {
          skipped = `int8 strayed ${checked.maxAbsError.toFixed(3)} from float32 on the calibration batch (limit ${MAX_INT8_ERROR}, also with 7-bit weights)`;
          await int8.dispose();
          int8 = null;
          return ref;
        }
        quant = { calibrationSamples: n, maxAbsError: checked.maxAbsError, weightBits: checked.weightLevels === 127 ? 8 : 7 };
        // The surrogate is fitted on one function: every sample, this batch too, from the int8 copy.
        return checked.probabilities;
      } catch (err) {
        skipped = `int8 copy could not be built: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`;
        await int8?.dispose();
        int8 = null;
        const ref = await exact(input, n);
        p0 = ref[0];
        return ref;
      }
    },
    exactProbability: () => p0,
    quantization: () => quant,
    int8Skipped: () => skipped,
    async dispose() {
      await int8?.dispose();
      int8 = null;
    },
  };
}
