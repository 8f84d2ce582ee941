// A model folder's parity.json holds the reference outputs of its weights (PyTorch's, when it was
// imported) for a few synthetic images defined by a formula. They are recomputed once when the
// model's runtime is made: weights damaged on disk in a way that still gives finite numbers (bit
// rot, a bad copy) are caught before they answer for a patient, and named.
import { join } from 'node:path';
import type { ModelEntry } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import { parseJsonObject } from '../files/read-json-object';
import type { InferenceRuntime } from './inference-runtime';
import { readRegularFile } from '../files/regular-file';

export const PARITY_JSON = 'parity.json';
export const PARITY_FORMULA = 'v=127.5+127.5*sin(0.11*(n+1)*h+0.07*w+0.5*n)*cos(0.05*w-0.03*n*h); floor(clip(v,0,255))';

/** Image n of the parity set, 8-bit gray, row-major (h = row, w = column). */
export function parityImage(n: number, size: number): Uint8Array {
  const out = new Uint8Array(size * size);
  for (let h = 0; h < size; h++)
    for (let w = 0; w < size; w++) {
      const v = 127.5 + 127.5 * Math.sin(0.11 * (n + 1) * h + 0.07 * w + 0.5 * n) * Math.cos(0.05 * w - 0.03 * n * h);
      out[h * size + w] = Math.floor(Math.min(255, Math.max(0, v)));
    }
  return out;
}

/**
 * Stored float16 weights move a logit by far less than this; a damaged shard moves it by far more
 * (sign flips in one shard: several units).
 */
const TOLERANCE = (want: number) => 0.02 + 0.01 * Math.abs(want);
/**
 * An accelerator's reduced precision (fp16 on CoreML's Neural Engine or DirectML, TF32 on CUDA)
 * moves a ResNet18 logit by a few hundredths; more than this is not rounding, and would move
 * labels near the threshold: such a provider does not answer (runtime-for-model.ts uses the CPU).
 */
const REDUCED_TOLERANCE = (want: number) => 0.15 + 0.03 * Math.abs(want);

/**
 * Rejects when the runtime's logits (one plain forward pass) miss the folder's parity.json.
 * 'exact' (a CPU session): damaged weights. 'reduced' (an accelerator): a provider whose arithmetic
 * strays beyond reduced precision; its error says so rather than blaming the files.
 */
export async function checkParity(runtime: InferenceRuntime, entry: ModelEntry, precision: 'exact' | 'reduced' = 'exact'): Promise<void> {
  const file = join(entry.dir, PARITY_JSON);
  const text = await readRegularFile(file, 'utf8').catch((err: unknown) => {
    if (err instanceof AlveoError) throw err; // a named pipe in its place: said, not taken for "none"
    return null;
  });
  if (text === null) return; // models trained in Alveo have none
  const parity = parseJsonObject(text, file, { what: "the model's reference outputs file", advice: 'install the model again' });
  // Another formula or size cannot be reproduced here: nothing to check against.
  if (parity.formula !== PARITY_FORMULA || parity.inputSize !== entry.card.inputSize) return;
  const n = Array.isArray(parity.logits) ? Math.min(Number(parity.count), parity.logits.length) : NaN;
  const logits = Array.isArray(parity.logits) ? parity.logits.slice(0, n) : [];
  if (!(Number.isInteger(n) && n >= 1 && logits.every((x): x is number => typeof x === 'number' && Number.isFinite(x)))) {
    throw new AlveoError('CORRUPT', "the model's reference outputs are not a list of logits (count, logits)", file);
  }
  const S = entry.card.inputSize;
  const { mean, std } = entry.card.preprocessing;
  const input = new Float32Array(n * S * S * 3);
  for (let k = 0; k < n; k++) {
    const img = parityImage(k, S);
    for (let i = 0; i < S * S; i++) for (let c = 0; c < 3; c++) input[(k * S * S + i) * 3 + c] = (img[i] / 255 - mean[c]) / std[c];
  }
  const { probabilities } = await runtime.run(input, n);
  for (let k = 0; k < n; k++) {
    const p = Math.min(1 - 1e-7, Math.max(1e-7, probabilities[k]));
    const logit = Math.log(p / (1 - p));
    const want = logits[k];
    if (precision === 'reduced' && !(Math.abs(logit - want) <= REDUCED_TOLERANCE(want))) {
      throw new AlveoError('INTERNAL', `its outputs miss the model's reference outputs by more than reduced precision explains (image ${k + 1}: logit ${logit.toFixed(3)}, expected ${want.toFixed(3)})`, file);
    }
    if (precision === 'exact' && !(Math.abs(logit - want) <= TOLERANCE(want))) {
      throw new AlveoError(
        'CORRUPT',
        `the model's weights do not reproduce its reference outputs (image ${k + 1}: logit ${logit.toFixed(3)}, expected ${want.toFixed(3)}): its files are damaged; install the model again`,
        file,
      );
    }
  }
}
