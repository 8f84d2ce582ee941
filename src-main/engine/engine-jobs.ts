// Starting a batch-scoring job. With ONNX Runtime serving (the usual case) it runs in-process: ONNX
// Runtime must not be loaded in worker threads inside Electron (onnxruntime#20084), and its forward
// passes run on its own thread pool anyway. With tfjs serving, in a worker thread when the host gave
// a worker folder holding score.worker.(js|ts) (the wasm forward pass would block the engine's
// thread), otherwise in-process too (async, yielding between batches).
import { stat } from 'node:fs/promises';
import type { JobRef, ModelEntry, ScoreProvenance, ScoreSpec } from '../api/contract';
import { engineVersion } from './engine-version';
import { scoreProvenance } from './inference/score-provenance';
import { AlveoError } from '../api/errors';
import type { EngineDeps } from './engine-deps';
import type { JobRunner } from './jobs/job-runner';
import { runInWorker } from './jobs/run-in-worker';
import { runScoreJob } from './jobs/score-job';
import type { ScoreWorkerSpec } from './jobs/score.worker';
import { findWorkerEntry } from './jobs/worker-entries';
import { checkSubfolders } from './inference/shard-files';
import type { ModelStore } from './model/model-store';
import { backendReport, type Tf } from './model/tf-backend';
import { inferenceRuntime } from './runtime/runtime-for-model';

export async function startScoreJob(
  runner: JobRunner,
  spec: ScoreSpec,
  entry: ModelEntry,
  env: { deps: EngineDeps; tf: () => Promise<Tf>; store: ModelStore },
): Promise<{ ref: JobRef; provenance: ScoreProvenance }> {
  const folder = await stat(spec.folder).catch(() => null);
  if (!folder) throw new AlveoError('NOT_FOUND', 'folder not found', spec.folder);
  if (!folder.isDirectory()) throw new AlveoError('BAD_ARGUMENT', 'not a folder', spec.folder);
  if (spec.subfolders) await checkSubfolders(spec.folder, spec.subfolders);
  const { deps } = env;
  const runtime = await inferenceRuntime(entry, { backend: deps.backend, tf: env.tf });
  // What the rows' CSV and JSON will say produced them.
  const provenance = await scoreProvenance(spec, entry, runtime, { userDir: deps.userDir, version: deps.version ?? engineVersion() });
  const workerEntry = runtime.kind === 'tfjs' ? findWorkerEntry('score', deps.workerDir) : null;
  if (workerEntry) {
    await env.tf(); // so the worker asks for the same kind of backend as the engine got
    const w: ScoreWorkerSpec = {
      spec,
      builtInModelsDir: deps.builtInModelsDir,
      userDir: deps.userDir,
      backend: deps.backend ?? backendReport()?.kind ?? 'auto',
      model: entry.dir,
    };
    return { ref: runner.start('score', (ctx) => runInWorker(workerEntry, w, ctx)), provenance };
  }
  return { ref: runner.start('score', (ctx) => runScoreJob(spec, { runtime, entry, userDir: deps.userDir }, ctx)), provenance };
}
