// Runs the same computation on the wasm backend (with Alveo's training kernels) and on tfjs's
// reference cpu backend, for gradient checks.
import { getTf, type Tf } from '../../../src-main/engine/model/tf-backend';
import { registerWasmTrainingKernels } from '../../../src-main/engine/model/kernels/register-wasm-training-kernels';

export async function wasmTf(): Promise<Tf> {
  const tf = await getTf('wasm');
  registerWasmTrainingKernels(tf);
  return tf;
}

/** Runs `f` with `backend` active, then returns to wasm. */
export async function on<T>(tf: Tf, backend: 'cpu' | 'wasm', f: () => Promise<T> | T): Promise<T> {
  await tf.setBackend(backend);
  try {
    return await f();
  } finally {
    await tf.setBackend('wasm');
  }
}

/** Deterministic values in [-1, 1). */
export function randomValues(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = (s / 2 ** 32) * 2 - 1;
  }
  return a;
}

/** max |a - b| / max |b|: error relative to the reference's scale. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
