// Worker-thread entry for training and evaluation jobs, so the engine's thread (and the app's
// main process) stays responsive while the model trains. Same bodies as in-process runs.
import { availableParallelism } from 'node:os';
import type { EvaluationSpec, TrainingSpec } from '../../api/training';
import { registerWasmTrainingKernels } from '../model/kernels/register-wasm-training-kernels';
import { loadModel } from '../model/load-model';
import { ModelStore } from '../model/model-store';
import { backendName, getTf, type BackendPreference } from '../model/tf-backend';
import { evaluateModel } from '../training/evaluate';
import { writeEvaluationReport } from '../training/report-html';
import { runTrainingJob } from '../training/training-job';
import { serveJob } from './serve-job';

export type TrainingWorkerSpec = {
  builtInModelsDir: string;
  userDir: string;
  backend: BackendPreference;
} & ({ kind: 'train'; spec: TrainingSpec } | { kind: 'evaluate'; spec: EvaluationSpec; model: string });

serveJob<TrainingWorkerSpec, 'train' | 'evaluate'>(async (w, ctx) => {
  // A training run is a long batch job: on wasm it uses every core unless told otherwise (measured
  // 1.5-2x faster with 2 threads on 2 cores). Only this worker's environment changes.
  process.env.ALVEO_WASM_THREADS ??= String(Math.min(8, availableParallelism()));
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
    });
  }
  const loaded = await loadModel(tf, await store.get(w.model));
  const t0 = Date.now();
  const report = await evaluateModel(tf, loaded, w.spec, {
    backend: backendName(),
    signal: ctx.signal,
    progress: (done, total) => {
      const s = (Date.now() - t0) / 1000;
      const ips = s > 0 ? done / s : 0;
      ctx.progress({ done, total, etaMs: ips > 0 ? Math.round(((total - done) / ips) * 1000) : null, imagesPerSecond: ips || undefined });
    },
  });
  if (w.spec.reportDir) await writeEvaluationReport(report, w.spec.reportDir);
  return report;
});
