// Worker-thread entry for batch scoring on tfjs: the engine's main thread stays free while a large
// folder is scored. Same body as the in-process path (score-job.ts). Only tfjs runs here: ONNX
// Runtime is never loaded in a worker thread (it crashes in Electron workers, onnxruntime#20084;
// see runtime/onnx-runtime.ts), so the engine scores in-process when ONNX Runtime serves.
import type { ScoreSpec } from '../../api/contract';
import { ModelStore } from '../model/model-store';
import { getTf, type BackendPreference } from '../model/tf-backend';
import { inferenceRuntime } from '../runtime/runtime-for-model';
import { runScoreJob } from './score-job';
import { serveJob } from './serve-job';

export interface ScoreWorkerSpec {
  spec: ScoreSpec;
  builtInModelsDir: string;
  userDir: string;
  backend: BackendPreference;
  /** The model as resolved by the engine (id or folder). */
  model: string;
}

serveJob<ScoreWorkerSpec, 'score'>(async (w, ctx) => {
  const store = new ModelStore({ builtInDir: w.builtInModelsDir, userDir: w.userDir });
  const entry = await store.get(w.model);
  const runtime = await inferenceRuntime(entry, { prefer: 'tfjs', backend: w.backend, tf: () => getTf(w.backend) });
  return runScoreJob(w.spec, { runtime, entry, userDir: w.userDir }, ctx);
});
