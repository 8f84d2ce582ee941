// The engine's training and evaluation methods (TrainingApi), for createEngine to spread in:
//   ...createTrainingApi({ store, runner, deps }).methods
// Training runs as a job in a worker thread (jobs/training.worker.ts), evaluation too unless ONNX
// Runtime serves the model (then on the engine's thread: onnxruntime#20084); progress arrives
// as job:progress events (training details in their `training` field), the result in job:end
// (a cancelled run's too: its kept checkpoint, or nothing kept).
import { stat } from 'node:fs/promises';
import type { JobRef } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { EvaluationSpec, TrainingApi, TrainingOptions, TrainingSpec } from '../../api/training';
import type { EngineDeps } from '../engine-deps';
import type { JobRunner } from '../jobs/job-runner';
import { runInWorker } from '../jobs/run-in-worker';
import type { TrainingWorkerSpec } from '../jobs/training.worker';
import { requireWorkerEntry } from '../jobs/worker-entries';
import type { ModelStore } from '../model/model-store';
import { loadModel } from '../model/load-model';
import { backendName, backendReport, getTf } from '../model/tf-backend';
import { inferenceRuntime, runtimePreference } from '../runtime/runtime-for-model';
import { runEvaluationJob } from './evaluation-job';
import { importDataset } from './import-dataset';
import { resolveStart } from './start-model';
import { compareTrainingResult } from './training-job';
import { defaultTrainingOptions, resolveTrainingOptions } from './training-options';

/** A cancelled run stops at its next batch end; a worker that has not stopped by then is terminated. */
export const TRAINING_KILL_AFTER_MS = 5 * 60_000;

export interface TrainingApiDeps {
  store: ModelStore;
  runner: JobRunner;
  deps: Pick<EngineDeps, 'builtInModelsDir' | 'userDir' | 'backend' | 'workerDir'>;
}

async function assertFolder(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (!s) throw new AlveoError('NOT_FOUND', 'folder not found', dir);
  if (!s.isDirectory()) throw new AlveoError('BAD_ARGUMENT', 'not a folder', dir);
}

export function createTrainingApi({ store, runner, deps }: TrainingApiDeps): { methods: TrainingApi } {
  const workerBase = () => ({
    builtInModelsDir: deps.builtInModelsDir,
    userDir: deps.userDir,
    backend: deps.backend ?? backendReport()?.kind ?? 'auto',
  });
  const defaults = async (base?: string): Promise<TrainingOptions> => {
    const start = await resolveStart(store, base);
    return defaultTrainingOptions({ inputSize: start?.card.inputSize, trained: Boolean(start?.card.trained) });
  };
  const methods: TrainingApi = {
    async inspectDataset(dir: string) {
      await assertFolder(dir);
      return (await importDataset(dir)).summary;
    },
    defaultTrainingOptions: defaults,
    async startTraining(spec: TrainingSpec): Promise<JobRef> {
      await assertFolder(spec.data);
      // Checked here so a bad option or an unknown base is an error of this call, not of the job.
      resolveTrainingOptions(await defaults(spec.base), spec.options);
      const entry = requireWorkerEntry('training', deps.workerDir);
      // The comparison with the parent runs here on ONNX Runtime unless tfjs is asked to serve
      // (it then stays in the worker): far faster than tfjs wasm, above all for a parent with views.
      const compareHere = runtimePreference({ backend: deps.backend }).prefer !== 'tfjs';
      const w: TrainingWorkerSpec = { ...workerBase(), kind: 'train', spec, compare: !compareHere };
      return runner.start('train', async (ctx) => {
        const result = await runInWorker(entry, w, ctx, { killAfterMs: TRAINING_KILL_AFTER_MS });
        if (!compareHere) return result;
        const tf = await getTf(deps.backend ?? 'auto');
        return compareTrainingResult(result, {
          tf,
          store,
          backend: `tfjs ${backendName()}`,
          signal: ctx.signal,
          progress: (p) => ctx.progress(p),
          runtimeFor: async (model) => {
            const runtime = await inferenceRuntime(model, { backend: deps.backend });
            return runtime.kind === 'onnxruntime' ? runtime : null;
          },
        });
      });
    },
    async startEvaluation(spec: EvaluationSpec): Promise<JobRef> {
      await assertFolder(spec.data);
      const model = spec.model ?? (await store.activeId());
      if (!model) throw new AlveoError('NO_MODEL', 'no model given and no active model');
      const entry = await store.get(model);
      const runtime = await inferenceRuntime(entry, { backend: deps.backend }).catch(() => null);
      if (runtime?.kind === 'onnxruntime') {
        // ONNX Runtime must not be loaded in a worker thread (it crashes inside Electron's, onnxruntime#20084);
        // its forward passes run on its own threads, so the engine's thread only decodes.
        return runner.start('evaluate', async (ctx) => {
          const tf = await getTf(deps.backend ?? 'auto');
          return runEvaluationJob(spec, { tf, loaded: await loadModel(tf, entry), runtime, backend: runtime.engine }, ctx);
        });
      }
      const w: TrainingWorkerSpec = { ...workerBase(), kind: 'evaluate', spec, model: entry.dir };
      return runner.start('evaluate', (ctx) => runInWorker(requireWorkerEntry('training', deps.workerDir), w, ctx));
    },
  };
  return { methods };
}
