// An evaluation as a job body: measure a stored model on a labelled folder, stream progress, write
// the report when asked. The training worker runs it on tfjs; the engine's own thread runs it when
// ONNX Runtime serves (sessions never go into worker threads: onnxruntime#20084).
import type { SitePolicy } from '../../api/site-policy';
import type { EvaluationReport, EvaluationSpec } from '../../api/training';
import type { JobContext } from '../jobs/job-runner';
import type { LoadedModel } from '../model/load-model';
import type { Tf } from '../model/tf-backend';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import { evaluateModel } from './evaluate';
import { writeEvaluationReport } from './report-html';

export interface EvaluationJobEnv {
  tf: Tf;
  loaded: LoadedModel;
  /** Serves the predictions when given (ONNX Runtime); else loaded.model on tfjs. */
  runtime?: InferenceRuntime;
  /** What the report names as the engine, e.g. 'onnxruntime (cpu, 2 threads)' or 'wasm (simd, 1 thread)'. */
  backend: string;
  /** The site's policy (settings.json), so the images held back are those the worklist holds back. */
  policy: SitePolicy;
}

export async function runEvaluationJob(spec: EvaluationSpec, env: EvaluationJobEnv, ctx: Pick<JobContext<'evaluate'>, 'signal' | 'progress'>): Promise<EvaluationReport> {
  const t0 = Date.now();
  const report = await evaluateModel(env.tf, env.loaded, spec, {
    backend: env.backend,
    runtime: env.runtime,
    policy: env.policy,
    signal: ctx.signal,
    progress: (done, total) => {
      const s = (Date.now() - t0) / 1000;
      const ips = s > 0 ? done / s : 0;
      ctx.progress({ done, total, etaMs: ips > 0 ? Math.round(((total - done) / ips) * 1000) : null, imagesPerSecond: ips || undefined });
    },
  });
  if (spec.reportDir) await writeEvaluationReport(report, spec.reportDir);
  return report;
}
