// The engine's training and evaluation methods (TrainingApi), for createEngine to spread in:
//   ...createTrainingApi({ store, runner, deps }).methods
// Training runs as a job in a worker thread (jobs/training.worker.ts), evaluation too unless ONNX
// Runtime serves the model (then on the engine's thread: onnxruntime#20084); progress arrives
// as job:progress events (training details in their `training` field), the result in job:end
// (a cancelled run's too: its kept checkpoint, or nothing kept).
import { stat } from 'node:fs/promises';
import type { JobRef } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { EvaluationSpec, RunningTraining, TrainingApi, TrainingOptions, TrainingSpec } from '../../api/training';
import type { EngineDeps } from '../engine-deps';
import type { JobContext, JobRunner } from '../jobs/job-runner';
import { runInWorker } from '../jobs/run-in-worker';
import type { TrainingWorkerSpec } from '../jobs/training.worker';
import { requireWorkerEntry } from '../jobs/worker-entries';
import type { ModelStore } from '../model/model-store';
import { loadModel } from '../model/load-model';
import { backendName, backendReport, getTf } from '../model/tf-backend';
import { inferenceRuntime, runtimePreference } from '../runtime/runtime-for-model';
import { readSitePolicy } from '../user-folder/site-policy-store';
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
  // One run at a time: two would share the CPU (each ETA wrong), and a page that reloaded would
  // not know of the first. Kept here so the page can take the run up again (runningTraining).
  let current: RunningTraining | null = null;
  const methods: TrainingApi = {
    async inspectDataset(dir: string) {
      await assertFolder(dir);
      return (await importDataset(dir)).summary;
    },
    defaultTrainingOptions: defaults,
    async startTraining(spec: TrainingSpec): Promise<JobRef> {
      if (current) {
        const since = new Date(current.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        throw new AlveoError('BAD_ARGUMENT', `a training run is already under way (started ${since}, on ${current.spec.data}): stop it or wait for it to end before starting another`);
      }
      // Taken at once, before any await, so two starts at the same moment cannot both pass.
      const run: RunningTraining = { jobId: '', startedAt: Date.now(), spec, history: [] };
      current = run;
      let entry: string;
      let compareHere: boolean;
      let w: TrainingWorkerSpec;
      try {
        await assertFolder(spec.data);
        // Checked here so a bad option or an unknown base is an error of this call, not of the job.
        resolveTrainingOptions(await defaults(spec.base), spec.options);
        entry = requireWorkerEntry('training', deps.workerDir);
        // The comparison with the parent runs here on ONNX Runtime unless tfjs is asked to serve
        // (it then stays in the worker): far faster than tfjs wasm, above all for a parent with views.
        compareHere = runtimePreference({ backend: deps.backend }).prefer !== 'tfjs';
        w = { ...workerBase(), kind: 'train', spec, compare: !compareHere };
      } catch (err) {
        current = null;
        throw err;
      }
      // The run in its worker, then (on ONNX Runtime) its comparison with the parent here.
      const trainAndCompare = async (ctx: JobContext<'train'>) => {
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
      };
      const ref = runner.start('train', async (jobCtx) => {
        // The epochs so far, for runningTraining.
        const ctx: JobContext<'train'> = {
          ...jobCtx,
          progress: (p) => {
            if (p.training.epochEnd) run.history = [...run.history.filter((h) => h.epoch !== p.training.epochEnd?.epoch), p.training.epochEnd];
            run.latest = p;
            jobCtx.progress(p);
          },
        };
        try {
          return await trainAndCompare(ctx);
        } finally {
          if (current === run) current = null;
        }
      });
      run.jobId = ref.jobId;
      return ref;
    },
    async runningTraining() {
      return current && { ...current, history: [...current.history] };
    },
    async startEvaluation(spec: EvaluationSpec): Promise<JobRef> {
      await assertFolder(spec.data);
      const model = spec.model ?? (await store.activeId());
      if (!model) throw new AlveoError('NO_MODEL', 'no model given and no active model');
      const entry = await store.get(model);
      // The site's policy, as the worklist reads it: the images held back must be the ones it holds
      // back. A damaged settings file is an error of this call (the policy is never guessed).
      const policy = await readSitePolicy(deps.userDir);
      // ONNX Runtime unavailable: the tfjs worker evaluates. Damaged weights are refused either way.
      const runtime = await inferenceRuntime(entry, { backend: deps.backend }).catch((err: unknown) => {
        if (err instanceof AlveoError && err.code === 'CORRUPT') throw err;
        return null;
      });
      if (runtime?.kind === 'onnxruntime') {
        // ONNX Runtime must not be loaded in a worker thread (it crashes inside Electron's, onnxruntime#20084);
        // its forward passes run on its own threads, so the engine's thread only decodes.
        return runner.start('evaluate', async (ctx) => {
          const tf = await getTf(deps.backend ?? 'auto');
          return runEvaluationJob(spec, { tf, loaded: await loadModel(tf, entry), runtime, backend: runtime.engine, policy }, ctx);
        });
      }
      const w: TrainingWorkerSpec = { ...workerBase(), kind: 'evaluate', spec, model: entry.dir, policy };
      return runner.start('evaluate', (ctx) => runInWorker(requireWorkerEntry('training', deps.workerDir), w, ctx));
    },
  };
  return { methods };
}
