// The tfjs backend a training run uses, named as the run will name it, so the training plan can say
// it before the run starts. The training worker asks for the engine's kind of backend, and on wasm
// for every core (up to 8) unless ALVEO_WASM_THREADS says otherwise: the engine's own thread keeps
// one, so its name is not the run's.
import { availableParallelism } from 'node:os';
import { wasmBackendName, type BackendReport } from './tf-backend';

/** The wasm threads a training worker asks for (the worker sets ALVEO_WASM_THREADS to this when unset). */
export function trainingWasmThreads(env: NodeJS.ProcessEnv = process.env): number {
  const set = env.ALVEO_WASM_THREADS;
  if (set === undefined) return Math.min(8, availableParallelism());
  const n = Number(set);
  return Number.isInteger(n) && n > 1 ? n : 1;
}

/** The backend a training run will report, from the engine's own backend; 'none' before it is chosen. */
export function trainingBackendName(report: BackendReport | null, threads = trainingWasmThreads()): string {
  if (!report) return 'none';
  return report.kind === 'wasm' ? wasmBackendName(report.simd ?? true, threads) : report.name;
}
