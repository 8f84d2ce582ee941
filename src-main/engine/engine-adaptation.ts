// The 'calibrate' and 'adapt' jobs: site calibration (seconds) and fast adaptation (minutes), run
// in-process like the other jobs that use the inference runtime (ONNX Runtime sessions stay on the
// main thread; its own pool does the frozen pass). The adapt job's tfjs steps each block the
// thread for well under a second on 2 cores, and the job yields between them. Arguments are
// checked before the job starts, so a bad spec is an error of the call, not of the job.
import { stat } from 'node:fs/promises';
import type { AdaptationApi, AdaptSpec, CalibrationSpec } from '../api/adaptation';
import type { ModelEntry } from '../api/contract';
import { AlveoError } from '../api/errors';
import type { JobRunner } from './jobs/job-runner';
import { registerWasmTrainingKernels } from './model/kernels/register-wasm-training-kernels';
import type { ModelStore } from './model/model-store';
import type { Tf } from './model/tf-backend';
import type { InferenceRuntime } from './runtime/inference-runtime';
import { runAdaptation } from './training/adapt';
import { resolveAdaptOptions } from './training/adapt-options';
import { resolveParent, runCalibration } from './training/calibrate';
import { checkTargetSensitivity } from './training/calibrate-target';

export interface AdaptationApiEnv {
  runner: JobRunner;
  store: ModelStore;
  userDir: string;
  tf(): Promise<Tf>;
  runtimeFor(entry: ModelEntry): Promise<InferenceRuntime>;
}

async function assertFolder(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (!s) throw new AlveoError('NOT_FOUND', 'folder not found', dir);
  if (!s.isDirectory()) throw new AlveoError('BAD_ARGUMENT', 'not a folder', dir);
}

export function createAdaptationApi(env: AdaptationApiEnv): { methods: AdaptationApi } {
  const methods: AdaptationApi = {
    async startCalibration(spec: CalibrationSpec) {
      await assertFolder(spec.data);
      checkTargetSensitivity(spec.sensitivity);
      await resolveParent(env.store, spec.model);
      return env.runner.start('calibrate', async (ctx) => {
        const tf = await env.tf();
        return runCalibration(spec, { tf, store: env.store, signal: ctx.signal, progress: (p) => ctx.progress(p), runtimeFor: env.runtimeFor });
      });
    },
    async startAdaptation(spec: AdaptSpec) {
      await assertFolder(spec.data);
      resolveAdaptOptions(spec);
      await resolveParent(env.store, spec.model);
      return env.runner.start('adapt', async (ctx) => {
        const tf = await env.tf();
        registerWasmTrainingKernels(tf);
        return runAdaptation(spec, { tf, store: env.store, userDir: env.userDir, signal: ctx.signal, progress: (p) => ctx.progress(p), runtimeFor: env.runtimeFor });
      });
    },
  };
  return { methods };
}
