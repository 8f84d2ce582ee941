// ONNX Runtime serving an InferenceRuntime: one session per model version, on a graph built in
// memory from the stored weights (onnx-graph.ts).
//
// Where sessions live: on the engine's own thread (the Electron main process, the web host, the
// CLI), never in a worker_thread. onnxruntime-node crashes at random when loaded inside Electron
// worker threads (microsoft/onnxruntime#20084, also #13086, #24486), so batch scoring with ONNX
// Runtime runs in-process instead of in score.worker. A forward pass blocks the calling thread for
// its duration (the binding's run() is synchronous, queued with setImmediate), so batches are kept
// small (preferredBatch) and jobs yield between them; ONNX Runtime's own thread pool does the work
// across cores, and sharp decodes the next images on libuv's threads meanwhile.
import os from 'node:os';
import type * as Ort from 'onnxruntime-node';
import type { ModelEntry } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import { missingOrtBinary, type OrtProvider, providerPlan } from './execution-providers';
import type { InferenceRuntime, IntermediateOutput, RunOptions, RuntimeOutputs, RuntimeTensor } from './inference-runtime';
import { buildResNet18Onnx, ONNX_FEATURES, ONNX_INPUT, ONNX_INTERMEDIATES, ONNX_PROBABILITY } from './onnx-graph';
import { readStoredModel } from './stored-weights';

type OrtModule = typeof Ort;

let ortModule: Promise<OrtModule> | null = null;

/** Loads onnxruntime-node once; rejects with the reason its native binding cannot load. */
export function loadOrt(): Promise<OrtModule> {
  // Official builds send usage telemetry to Microsoft (1DS: a device ID, CPU, OS, session counts)
  // and keep a queue under ~/.cache/Microsoft and a /tmp/mat-debug-<pid>.log per process. Alveo
  // promises that nothing leaves the machine: off before the native library reads its environment.
  disableOrtTelemetry();
  const missing = missingOrtBinary();
  if (missing) return Promise.reject(new Error(missing));
  ortModule ??= import('onnxruntime-node').then((m) => ((m as { default?: OrtModule }).default ?? m) as OrtModule);
  return ortModule;
}

/** Sets ORT_DISABLE_TELEMETRY=1 for this process (its native library reads it when it loads). */
export function disableOrtTelemetry(env: NodeJS.ProcessEnv = process.env): void {
  env.ORT_DISABLE_TELEMETRY = '1';
}

/** ALVEO_ORT_THREADS=N, else every logical core (ONNX Runtime's default counts physical ones). */
export function ortThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  return ortThreadSetting(env).threads;
}

export interface OrtThreadSetting {
  threads: number;
  /** Why ALVEO_ORT_THREADS was not used, when it is set but not a whole number of at least 1. */
  problem: string | null;
}

/** The thread count and, for a value that cannot be one, the note that says so (a typo must not pass unseen). */
export function ortThreadSetting(env: NodeJS.ProcessEnv = process.env): OrtThreadSetting {
  const raw = env.ALVEO_ORT_THREADS;
  const n = Number(raw);
  if (raw !== undefined && raw.trim() !== '' && Number.isInteger(n) && n >= 1) return { threads: n, problem: null };
  const threads = Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
  // Unset (or empty, as `ALVEO_ORT_THREADS= alveo ...` leaves it) means the default: nothing to say.
  if (raw === undefined || raw.trim() === '') return { threads, problem: null };
  return { threads, problem: `ALVEO_ORT_THREADS=${JSON.stringify(raw)} not understood (a whole number of threads, 1 or more): using ${threads} thread${threads === 1 ? '' : 's'}, one per logical core` };
}

const MAX_BATCH = 32;

/** Session options every Alveo ONNX Runtime session uses, before execution providers. */
export function cpuSessionOptions(threads: number): Ort.InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    // Idle pool threads sleep instead of spinning: a desktop app (and a shared or loaded machine)
    // should not burn cores between studies; measured ~15% more images per CPU-second under load.
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}

/** `cpuOnly`: no accelerator (one that missed the reference outputs, see runtime-for-model.ts). */
export async function createOnnxRuntime(entry: ModelEntry, opts: { skipped?: string[]; cpuOnly?: boolean } = {}): Promise<InferenceRuntime> {
  const ort = await loadOrt();
  const S = entry.card.inputSize;
  const stored = await readStoredModel(entry.dir);
  const graph = buildResNet18Onnx(stored, S, entry.dir);
  const fc = stored.weights.get('fc/kernel');
  const fcBias = stored.weights.get('fc/bias');
  if (!fc || !fcBias) throw new AlveoError('UNSUPPORTED', "the model has no 'fc' head", entry.dir);
  const { threads, problem: threadsProblem } = ortThreadSetting();
  const plan = providerPlan();
  // The runtime's notes (`alveo models` lists them) carry a bad ALVEO_ORT_THREADS as they carry ALVEO_ORT_PROVIDER=cpu.
  const skipped = [...(opts.skipped ?? []), ...plan.skipped, ...(threadsProblem ? [threadsProblem] : [])];
  const base = cpuSessionOptions(threads);
  let session: Ort.InferenceSession | null = null;
  let provider: OrtProvider = 'cpu';
  if (plan.accelerator && !opts.cpuOnly) {
    try {
      session = await ort.InferenceSession.create(graph, { ...base, executionProviders: [plan.accelerator, 'cpu'] });
      provider = plan.accelerator;
    } catch (err) {
      skipped.push(`${plan.accelerator}: ${firstLine(err)}`);
    }
  }
  // One pass on zeros: ONNX Runtime plans memory and packs weights on its first run (~100 ms for
  // ResNet18), which would otherwise land on the user's first study. A session whose first run
  // fails is released (native memory), and an accelerator's gives way to the CPU.
  const warmed = async (s: Ort.InferenceSession): Promise<Ort.InferenceSession> => {
    try {
      await s.run({ [ONNX_INPUT]: new ort.Tensor('float32', new Float32Array(S * S * 3), [1, S, S, 3]) }, [ONNX_PROBABILITY]);
      return s;
    } catch (err) {
      await s.release().catch(() => undefined);
      throw err;
    }
  };
  if (session) {
    session = await warmed(session).catch((err: unknown) => {
      skipped.push(`${provider}: its first run failed: ${firstLine(err)}`);
      provider = 'cpu';
      return null;
    });
  }
  session ??= await warmed(await ort.InferenceSession.create(graph, { ...base, executionProviders: ['cpu'] }));
  const engine = provider === 'cpu' ? `onnxruntime (cpu, ${threads} thread${threads === 1 ? '' : 's'})` : `onnxruntime (${provider})`;
  let live: Ort.InferenceSession | null = session;

  async function runBatch(input: Float32Array, n: number, extra: readonly IntermediateOutput[]): Promise<Record<string, RuntimeTensor>> {
    if (!live) throw new AlveoError('INTERNAL', `the ONNX Runtime session of model ${entry.id} was released`);
    const feeds = { [ONNX_INPUT]: new ort.Tensor('float32', input, [n, S, S, 3]) };
    const names = [ONNX_PROBABILITY, ONNX_FEATURES, ...extra.map((e) => ONNX_INTERMEDIATES[e])];
    const out = await live.run(feeds, names);
    const result: Record<string, RuntimeTensor> = {};
    for (const name of names) {
      const t = out[name];
      result[name] = { data: t.data as Float32Array, shape: t.dims.map(Number) };
      // Output tensors hold copies in JS memory; nothing native stays behind per run.
    }
    return result;
  }

  return {
    engine,
    kind: 'onnxruntime',
    provider,
    skipped,
    modelId: entry.id,
    inputSize: S,
    head: { weights: Float32Array.from(fc.data), bias: fcBias.data[0] },
    preferredBatch: provider === 'cpu' ? 8 : MAX_BATCH,
    async run(input: Float32Array, n: number, opts: RunOptions = {}): Promise<RuntimeOutputs> {
      const per = S * S * 3;
      if (!Number.isInteger(n) || n < 1 || input.length !== n * per) {
        throw new AlveoError('BAD_ARGUMENT', `model ${entry.id}: input holds ${input.length} values, expected ${n} x ${S}x${S}x3`);
      }
      const extra = opts.extra ?? [];
      const parts: Array<Record<string, RuntimeTensor>> = [];
      for (let i = 0; i < n; i += MAX_BATCH) {
        const m = Math.min(MAX_BATCH, n - i);
        parts.push(await runBatch(n <= MAX_BATCH ? input : input.subarray(i * per, (i + m) * per), m, extra));
      }
      const joined = (name: string) => joinTensors(parts.map((p) => p[name]));
      const outputs: RuntimeOutputs = {
        probabilities: joined(ONNX_PROBABILITY).data,
        features: joined(ONNX_FEATURES),
        extra: {},
      };
      for (const e of extra) outputs.extra[e] = joined(ONNX_INTERMEDIATES[e]);
      return outputs;
    },
    async dispose() {
      const s = live;
      live = null;
      await s?.release();
    },
  };
}

function joinTensors(parts: RuntimeTensor[]): RuntimeTensor {
  if (parts.length === 1) return parts[0];
  const total = parts.reduce((a, p) => a + p.data.length, 0);
  const data = new Float32Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p.data, at);
    at += p.data.length;
  }
  return { data, shape: [parts.reduce((a, p) => a + p.shape[0], 0), ...parts[0].shape.slice(1)] };
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
