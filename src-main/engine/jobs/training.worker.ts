// Worker-thread entry for training and evaluation jobs, so the engine's thread (and the app's
// main process) stays responsive while the model trains. Same bodies as in-process runs.
import type { SitePolicy } from '../../api/site-policy';
import type { EvaluationSpec, TrainingSpec } from '../../api/training';
import { registerWasmTrainingKernels } from '../model/kernels/register-wasm-training-kernels';
import { loadModel } from '../model/load-model';
import { ModelStore } from '../model/model-store';
import { backendName, getTf, type BackendPreference } from '../model/tf-backend';
import { trainingWasmThreads } from '../model/training-backend';
import { runEvaluationJob } from '../training/evaluation-job';
import { runTrainingJob } from '../training/training-job';
import { serveJob } from './serve-job';

export type TrainingWorkerSpec = {
  builtInModelsDir: string;
  userDir: string;
  backend: BackendPreference;
} & (
  | { kind: 'train'; spec: TrainingSpec; /** false: the engine compares with the parent itself, on ONNX Runtime. */ compare: boolean }
  | { kind: 'evaluate'; spec: EvaluationSpec; model: string; /** Read by the engine when the job starts. */ policy: SitePolicy }
);

serveJob<TrainingWorkerSpec, 'train' | 'evaluate'>(async (w, ctx) => {
  // A training run is a long batch job: on wasm it uses every core unless told otherwise (measured
  // 1.5-2x faster with 2 threads on 2 cores). Only this worker's environment changes. The training
  // plan names the backend from the same function (training-backend.ts).
  process.env.ALVEO_WASM_THREADS ??= String(trainingWasmThreads());
  const tf = await getTf(w.backend);
  registerWasmTrainingKernels(tf);
  const store = new ModelStore({ builtInDir: w.builtInModelsDir, userDir: w.userDir });
  if (w.kind === 'train') {
    return runTrainingJob(w.spec, {
      tf,
      store,
      backend: backendName(),
      signal: ctx.signal,
      cancelChoice: ctx.cancelChoice,
      progress: (p) => ctx.progress(p),
    }, { compare: w.compare });
  }
  // Evaluation here runs on tfjs only: ONNX Runtime is never loaded in a worker thread
  // (onnxruntime#20084); the engine evaluates on its own thread when ONNX Runtime serves.
  const loaded = await loadModel(tf, await store.get(w.model));
  return runEvaluationJob(w.spec, { tf, loaded, backend: `tfjs ${backendName()}`, policy: w.policy }, ctx);
});
