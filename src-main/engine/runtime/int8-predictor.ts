// An int8 ONNX Runtime session of a stored model, calibrated on the very images it will be asked
// about (LIME: the study and its first perturbed copies), for work that runs one study through the
// model hundreds of times. Probabilities only. About 3x float32's images/s on CPUs with VNNI
// (bench/lime.bench.ts); how far it strays from float32 is measured on the calibration batch.
import { AlveoError } from '../../api/errors';
import { type ActivationRange, buildFoldedResNet18, rangeMax, rangeMin, type WeightLevels } from './onnx-graph-int8';
import { ONNX_INPUT, ONNX_PROBABILITY } from './onnx-graph';
import { cpuSessionOptions, loadOrt, ortThreadCount } from './onnx-runtime';
import { readCardFile } from '../model/card-file';
import { temperatureOf } from '../model/temperature';
import { readStoredModel } from './stored-weights';

export interface Int8Predictor {
  /** float32 probabilities of the calibration images (BatchNorm folded; equal to the model's within 1e-6). */
  floatProbabilities: Float32Array;
  /** P(positive) of n NHWC normalised images, like InferenceRuntime.run(...).probabilities. */
  predict(input: Float32Array, n: number): Promise<Float32Array>;
  /** The weights' levels of the session now serving (127: 8-bit; 63: 7-bit). */
  weightLevels(): WeightLevels;
  /** Replaces the session with one of 7-bit weights, on the same activation ranges (onnx-graph-int8.ts WeightLevels says why). */
  reduceRange(): Promise<void>;
  dispose(): Promise<void>;
}

/** The int8 copy's answers on the calibration batch, and their largest distance from float32. */
export interface CheckedInt8 {
  probabilities: Float32Array;
  maxAbsError: number;
  weightLevels: WeightLevels;
}

/**
 * Runs the calibration batch through the int8 copy and measures it against float32; when 8-bit
 * weights stray beyond `limit` (ONNX Runtime's int16 saturation on CPUs without VNNI), once more
 * with 7-bit weights. The caller keeps the copy only when maxAbsError <= limit.
 */
export async function checkInt8(int8: Int8Predictor, calibration: Float32Array, n: number, limit: number): Promise<CheckedInt8> {
  const measure = async (): Promise<CheckedInt8> => {
    const probabilities = await int8.predict(calibration, n);
    let maxAbsError = 0;
    for (let i = 0; i < n; i++) maxAbsError = Math.max(maxAbsError, Math.abs(probabilities[i] - int8.floatProbabilities[i]));
    return { probabilities, maxAbsError, weightLevels: int8.weightLevels() };
  };
  const first = await measure();
  if (first.maxAbsError <= limit || int8.weightLevels() === 63) return first;
  await int8.reduceRange();
  return measure();
}

/**
 * Builds the folded float graph, measures every quantization point's range on `calibration`
 * (n NHWC images), then builds and loads the int8 graph with those ranges. Both sessions live on
 * the calling thread, like every ONNX Runtime session (onnx-runtime.ts says why).
 */
export async function createCalibratedInt8(modelDir: string, inputSize: number, calibration: Float32Array, n: number): Promise<Int8Predictor> {
  const S = inputSize;
  if (!Number.isInteger(n) || n < 1 || calibration.length !== n * S * S * 3) {
    throw new AlveoError('BAD_ARGUMENT', `int8 calibration: ${calibration.length} values for ${n} x ${S}x${S}x3`);
  }
  const ort = await loadOrt();
  const stored = await readStoredModel(modelDir);
  const options = { ...cpuSessionOptions(ortThreadCount()), executionProviders: ['cpu'] };
  // A calibrated model's temperature goes into the head, as withCardTemperature applies it.
  const temperature = temperatureOf(await readCardFile(modelDir));
  const folded = buildFoldedResNet18(stored, S, modelDir, { kind: 'calibrate' }, temperature);
  const ranges = new Map<string, ActivationRange>();
  let floatProbabilities: Float32Array;
  const calibrate = await ort.InferenceSession.create(folded.graph, options);
  try {
    const names = folded.points.flatMap((p) => [rangeMin(p), rangeMax(p)]);
    const out = await calibrate.run({ [ONNX_INPUT]: new ort.Tensor('float32', calibration, [n, S, S, 3]) }, [ONNX_PROBABILITY, ...names]);
    for (const p of folded.points) ranges.set(p, { min: Number(out[rangeMin(p)].data[0]), max: Number(out[rangeMax(p)].data[0]) });
    floatProbabilities = Float32Array.from(out[ONNX_PROBABILITY].data as Float32Array);
  } finally {
    await calibrate.release();
  }
  const int8Session = (weightLevels: WeightLevels) =>
    ort.InferenceSession.create(buildFoldedResNet18(stored, S, modelDir, { kind: 'int8', ranges, weightLevels }, temperature).graph, options);
  let levels: WeightLevels = 127;
  let session: Awaited<ReturnType<typeof ort.InferenceSession.create>> | null = await int8Session(levels);
  return {
    floatProbabilities,
    weightLevels: () => levels,
    async reduceRange() {
      if (!session) throw new AlveoError('INTERNAL', `the int8 session of ${modelDir} was released`);
      const reduced = await int8Session(63);
      const old = session;
      session = reduced;
      levels = 63;
      await old.release();
    },
    async predict(input, m) {
      if (!session) throw new AlveoError('INTERNAL', `the int8 session of ${modelDir} was released`);
      if (input.length !== m * S * S * 3) throw new AlveoError('BAD_ARGUMENT', `int8 predict: ${input.length} values for ${m} x ${S}x${S}x3`);
      const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', input, [m, S, S, 3]) }, [ONNX_PROBABILITY]);
      return Float32Array.from(out[ONNX_PROBABILITY].data as Float32Array);
    },
    async dispose() {
      const s = session;
      session = null;
      await s?.release();
    },
  };
}
