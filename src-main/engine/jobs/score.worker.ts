// Worker-thread entry for batch scoring: the engine's main thread stays free while a large folder
// is scored. Same body as the in-process path (score-job.ts).
import type { ScoreSpec } from '../../api/contract';
import { loadModel } from '../model/load-model';
import { ModelStore } from '../model/model-store';
import { getTf, type BackendPreference } from '../model/tf-backend';
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
  const tf = await getTf(w.backend);
  const store = new ModelStore({ builtInDir: w.builtInModelsDir, userDir: w.userDir });
  const loaded = await loadModel(tf, await store.get(w.model));
  return runScoreJob(w.spec, { tf, loaded, userDir: w.userDir }, ctx);
});
