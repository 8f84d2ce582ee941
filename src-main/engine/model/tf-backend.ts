// Chooses the TensorFlow.js backend at run time: native TensorFlow (tfjs-node-gpu, then tfjs-node)
// when its addon loads, otherwise WebAssembly. The pure-JS cpu backend only when asked for by name
// (it is 30-250x slower on a full-size ResNet18).
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { importTf, type Tf } from './tfjs';
import { enableWasmThreadsInNode, withThreadedInit } from './wasm-threads';

export type { Tf } from './tfjs';
export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendReport {
  /** e.g. 'tensorflow (tfjs-node-gpu)', 'wasm (simd, 2 threads)', 'cpu' */
  name: string;
  kind: 'tensorflow' | 'wasm' | 'cpu';
  /** wasm only: whether the SIMD build runs. */
  simd?: boolean;
  /** Why each better choice was not taken, in plain words. */
  skipped: string[];
}

/** How a wasm backend names itself, e.g. 'wasm (simd, 2 threads)'. */
export function wasmBackendName(simd: boolean, threads: number): string {
  return `wasm (${simd ? 'simd' : 'no simd'}, ${threads} thread${threads === 1 ? '' : 's'})`;
}

const require = createRequire(import.meta.url);

let chosen: { tf: Tf; report: BackendReport } | null = null;
let pending: Promise<Tf> | null = null;
const skipped: string[] = [];

/** Backend name for reports and `alveo` output; 'none' before getTf() resolved. */
export function backendName(): string {
  return chosen?.report.name ?? 'none';
}

export function backendReport(): BackendReport | null {
  return chosen ? { ...chosen.report, skipped: [...chosen.report.skipped] } : null;
}

function envPreference(): BackendPreference | undefined {
  const v = process.env.ALVEO_BACKEND;
  return v === 'auto' || v === 'tensorflow' || v === 'wasm' || v === 'cpu' ? v : undefined;
}

/**
 * Memoised: the first call picks the backend for the process. A later call naming a different
 * backend switches to it (tests and benches do this); 'auto' keeps whatever was chosen.
 * ALVEO_BACKEND in the environment overrides an 'auto' preference.
 */
export async function getTf(prefer: BackendPreference = 'auto'): Promise<Tf> {
  const want = prefer === 'auto' ? (envPreference() ?? 'auto') : prefer;
  if (pending) await pending.catch(() => undefined);
  if (chosen && (want === 'auto' || want === chosen.report.kind)) return chosen.tf;
  pending = choose(want);
  try {
    return await pending;
  } finally {
    pending = null;
  }
}

async function choose(want: BackendPreference): Promise<Tf> {
  if (want === 'auto' || want === 'tensorflow') {
    for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const) {
      const tf = await tryNative(pkg);
      if (tf) return tf;
    }
    if (want === 'tensorflow') {
      throw new Error(`TensorFlow native backend unavailable: ${skipped.join('; ')}`);
    }
  }
  if (want === 'cpu') return useCpu();
  return useWasm();
}

/**
 * Why a native package cannot load, without importing it: a failed import of tfjs-node has already
 * registered ~150 kernels, and a second attempt (the -gpu then the cpu package) prints a warning each.
 */
function nativeAddonProblem(pkg: string): string | null {
  let dir: string;
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return 'not installed';
  }
  const lib = join(dir, 'lib');
  const found = existsSync(lib) && readdirSync(lib).some((d) => existsSync(join(lib, d, 'tfjs_binding.node')));
  return found ? null : `native addon not built (no ${join(lib, 'napi-v*', 'tfjs_binding.node')}; run \`npm rebuild ${pkg}\`)`;
}

async function tryNative(pkg: string): Promise<Tf | null> {
  const problem = nativeAddonProblem(pkg);
  if (problem) {
    const line = `${pkg}: ${problem}`;
    if (!skipped.includes(line)) skipped.push(line);
    return null;
  }
  try {
    // The native package re-exports its own @tensorflow/tfjs; return that namespace, since it is
    // the copy whose engine has the 'tensorflow' backend registered.
    const mod = (await import(pkg)) as unknown as Tf & { default?: Tf };
    const tf = (typeof mod.setBackend === 'function' ? mod : mod.default) as Tf;
    if (!(await tf.setBackend('tensorflow'))) throw new Error('backend "tensorflow" did not initialise');
    await tf.ready();
    chosen = { tf, report: { name: `tensorflow (${pkg.slice('@tensorflow/'.length)})`, kind: 'tensorflow', skipped: [...skipped] } };
    return tf;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const line = `${pkg}: ${why}`;
    if (!skipped.includes(line)) skipped.push(line);
    return null;
  }
}

async function useWasm(): Promise<Tf> {
  const tf = await importTf();
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // In Node the .wasm binaries are read from the package's dist folder, not fetched over HTTP.
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
  const threads = wasmThreadCount();
  let threaded = false;
  if (tf.findBackend('wasm') == null || tf.getBackend() !== 'wasm') {
    try {
      wasm.setWasmPaths(dist);
    } catch {
      // already initialised once in this process: paths are set
    }
    threaded = threads > 1 && enableWasmThreadsInNode(tf, wasm, threads);
  }
  const ok = threaded ? await withThreadedInit(threads, () => tf.setBackend('wasm')) : await tf.setBackend('wasm');
  // setBackend registers on the tfjs-core that the wasm package imports; if tfjs-layers had its
  // own copy of tfjs-core, getBackend() here would not report wasm.
  if (!ok || tf.getBackend() !== 'wasm') {
    throw new Error('the WebAssembly backend did not initialise (is @tensorflow/tfjs-backend-wasm installed next to @tensorflow/tfjs-core?)');
  }
  await tf.ready();
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  chosen = { tf: tf as unknown as Tf, report: { name: wasmBackendName(simd, wasm.getThreadsCount()), kind: 'wasm', simd, skipped: [...skipped] } };
  return chosen.tf;
}

async function useCpu(): Promise<Tf> {
  const tf = await importTf();
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
  await tf.ready();
  chosen = { tf: tf as unknown as Tf, report: { name: 'cpu', kind: 'cpu', skipped: [...skipped] } };
  return chosen.tf;
}

/** ALVEO_WASM_THREADS=N (N>1) turns on the multi-threaded wasm build; default single-threaded. */
function wasmThreadCount(): number {
  const n = Number(process.env.ALVEO_WASM_THREADS ?? '1');
  return Number.isInteger(n) && n > 1 ? n : 1;
}
