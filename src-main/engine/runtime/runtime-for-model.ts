// The InferenceRuntime for a stored model: ONNX Runtime when it loads and the model converts,
// else tfjs, with the reason ONNX Runtime was skipped kept in `skipped`. One runtime per model
// version (id, folder, model.json mtime: weights saved again are a new version), shared by every
// caller in the process; unloadInferenceRuntimes frees them.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelEntry } from '../../api/contract';
import { loadModel, unloadModel } from '../model/load-model';
import { MODEL_JSON } from '../model/model-files';
import { getTf, type BackendPreference, type Tf } from '../model/tf-backend';
import type { InferenceRuntime } from './inference-runtime';
import { createOnnxRuntime } from './onnx-runtime';
import { createTfjsRuntime } from './tfjs-runtime';
import { checkParity } from './parity-check';
import { servedRuntime } from './served-runtime';
import { rememberModelDir } from '../guardrails/ood-guardrail';

export type RuntimePreference = 'auto' | 'onnxruntime' | 'tfjs';

export interface RuntimeOptions {
  /**
   * The tfjs backend the host asked for (EngineDeps.backend). Any explicit choice ('wasm', 'cpu',
   * 'tensorflow') means tfjs serves inference too; 'auto' or absent lets ONNX Runtime serve.
   */
  backend?: BackendPreference;
  /** The engine's tfjs loader (so one backend is chosen per process); getTf by default. */
  tf?: () => Promise<Tf>;
  /** Overrides the choice; ALVEO_RUNTIME=onnxruntime|tfjs in the environment does the same. */
  prefer?: RuntimePreference;
}

/** Which engine the settings ask for: ALVEO_BACKEND=wasm (or any explicit tfjs backend) forces tfjs. */
export function runtimePreference(opts: RuntimeOptions = {}, env: NodeJS.ProcessEnv = process.env): { prefer: RuntimePreference; why?: string } {
  if (opts.prefer && opts.prefer !== 'auto') return { prefer: opts.prefer, why: `asked for ${opts.prefer}` };
  const runtime = env.ALVEO_RUNTIME;
  if (runtime === 'tfjs' || runtime === 'onnxruntime') return { prefer: runtime, why: `ALVEO_RUNTIME=${runtime}` };
  const backend = env.ALVEO_BACKEND;
  if (backend === 'wasm' || backend === 'cpu' || backend === 'tensorflow') return { prefer: 'tfjs', why: `ALVEO_BACKEND=${backend}` };
  if (opts.backend && opts.backend !== 'auto') return { prefer: 'tfjs', why: `tfjs backend ${opts.backend} requested` };
  return { prefer: 'auto' };
}

const runtimes = new Map<string, Promise<InferenceRuntime>>();

function versionKey(entry: ModelEntry, prefer: RuntimePreference): string {
  const mtime = statSync(join(entry.dir, MODEL_JSON), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return `${entry.id}|${entry.dir}|${mtime}|${prefer}`;
}

export async function inferenceRuntime(entry: ModelEntry, opts: RuntimeOptions = {}): Promise<InferenceRuntime> {
  const { prefer, why } = runtimePreference(opts);
  const key = versionKey(entry, prefer);
  let p = runtimes.get(key);
  if (!p) {
    // Weights saved again under the same id and folder: the old version's session is freed.
    const sameModel = `${entry.id}|${entry.dir}|`;
    for (const [old, q] of [...runtimes]) {
      if (old.startsWith(sameModel) && old.endsWith(`|${prefer}`)) {
        runtimes.delete(old);
        void q.then((r) => r.dispose()).catch(() => undefined);
      }
    }
    // The prediction path finds the folder's ood.json (feature guardrail) through the runtime.
    p = create(entry, prefer, why, opts).then((r) => (rememberModelDir(r, entry.dir), r));
    runtimes.set(key, p);
    p.catch(() => runtimes.delete(key));
  }
  return p;
}

async function create(entry: ModelEntry, prefer: RuntimePreference, why: string | undefined, opts: RuntimeOptions): Promise<InferenceRuntime> {
  const skipped: string[] = [];
  if (prefer !== 'tfjs') {
    let ort: InferenceRuntime | null = null;
    try {
      ort = await createOnnxRuntime(entry);
    } catch (err) {
      if (prefer === 'onnxruntime') throw err;
      skipped.push(`onnxruntime: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
    }
    if (ort) return servedRuntime(ort.provider === 'cpu' ? await checked(ort, entry) : await acceleratedOrCpu(ort, entry), entry.card);
  } else {
    skipped.push(`onnxruntime: not used (${why})`);
  }
  const tf = await (opts.tf ?? (() => getTf(opts.backend ?? 'auto')))();
  return servedRuntime(await checked(createTfjsRuntime(tf, await loadModel(tf, entry), { skipped }), entry), entry.card);
}

/**
 * An accelerator answers only while it reproduces the reference outputs within reduced precision
 * (fp16, TF32): the same image must not get another label on a Mac than on Linux (review 29 F9).
 * One that strays is freed and the CPU answers, saying why beside the engine.
 */
export async function acceleratedOrCpu(
  accelerated: InferenceRuntime,
  entry: ModelEntry,
  cpu: (skipped: string[]) => Promise<InferenceRuntime> = (skipped) => createOnnxRuntime(entry, { cpuOnly: true, skipped }),
): Promise<InferenceRuntime> {
  const miss = await checkParity(accelerated, entry, 'reduced').then(
    () => null,
    (err: unknown) => (err instanceof Error ? err.message : String(err)),
  );
  if (miss === null) return accelerated;
  await accelerated.dispose().catch(() => undefined);
  return checked(await cpu([`${accelerated.provider}: ${miss.replace(/^.*?: (its outputs)/, '$1')}; the CPU answers`]), entry);
}

/** The runtime, once its weights reproduce the folder's reference outputs; freed when they do not. */
async function checked(runtime: InferenceRuntime, entry: ModelEntry): Promise<InferenceRuntime> {
  try {
    await checkParity(runtime, entry);
    return runtime;
  } catch (err) {
    // The damaged weights leave every cache, the tfjs one evaluation and training read too.
    await runtime.dispose().catch(() => undefined);
    await unloadModel(entry.id).catch(() => undefined);
    throw err;
  }
}

/** Releases the runtimes (all, or those of one model id) and the tfjs models behind them. */
export async function unloadInferenceRuntimes(id?: string): Promise<void> {
  for (const [key, p] of [...runtimes]) {
    if (id !== undefined && !key.startsWith(`${id}|`)) continue;
    runtimes.delete(key);
    const r = await p.catch(() => null);
    await r?.dispose();
  }
  await unloadModel(id);
}
