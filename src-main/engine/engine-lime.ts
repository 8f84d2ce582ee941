// The 'lime' job: LIME for an open study through the model's inference runtime, in-process (ONNX
// Runtime sessions stay on the main thread, see runtime/onnx-runtime.ts; its own thread pool does
// the work and the job yields at every batch). Finished explanations are kept per study, model and
// sample count, so asking again (the panel switching back, the CLI) answers at once.
import type { ModelEntry } from '../api/contract';
import type { ExplanationApi, LimeExplanation, LimeSpec } from '../api/explanation';
import type { OpenStudies } from './engine-studies';
import { Lru } from './engine-lru';
import { LIME_DEFAULTS } from './inference/lime';
import { limeForStudy } from './inference/lime-study';
import type { JobRunner } from './jobs/job-runner';
import type { InferenceRuntime } from './runtime/inference-runtime';
import { oneView } from './runtime/tta-runtime';

export interface LimeApiEnv {
  runner: JobRunner;
  studies: OpenStudies;
  runtimeFor(modelId?: string): Promise<{ entry: ModelEntry; runtime: InferenceRuntime }>;
}

/** Progress at most this often (the UI redraws a bar; IPC stays quiet). */
const PROGRESS_EVERY_MS = 100;

export function createLimeApi(env: LimeApiEnv) {
  const done = new Lru<string, LimeExplanation>(16);
  const methods: ExplanationApi = {
    async startLime(spec: LimeSpec) {
      const study = env.studies.get(spec.studyId); // a closed study is an error now, not in the job
      const { entry, runtime } = await env.runtimeFor(spec.modelId);
      const samples = spec.samples ?? LIME_DEFAULTS.samples;
      const key = `${spec.studyId}|${entry.id}|${samples}`;
      return env.runner.start('lime', async (ctx) => {
        const hit = done.get(key);
        if (hit) {
          ctx.progress({ done: samples, total: samples, etaMs: 0, message: 'cached' });
          return hit;
        }
        const started = performance.now();
        let last = 0;
        // LIME's hundreds of samples each run once: the image as is, not the card's test-time views.
        const expl = await limeForStudy(spec.studyId, study, entry.card, oneView(runtime), {
          samples,
          modelDir: entry.dir,
          signal: ctx.signal,
          onProgress: (n, total) => {
            const now = performance.now();
            if (n < total && n > 0 && now - last < PROGRESS_EVERY_MS) return;
            last = now;
            const perSample = n > 0 ? (now - started) / n : null;
            ctx.progress({ done: n, total, etaMs: perSample === null ? null : Math.round(perSample * (total - n)), imagesPerSecond: perSample ? 1000 / perSample : undefined });
          },
        });
        done.set(key, expl);
        return expl;
      });
    },
  };
  return {
    methods,
    /** Drops what was kept for a closed study, or for a deleted model. */
    forget(match: { studyId?: string; modelId?: string }) {
      done.deleteWhere((k) => {
        const [studyId, modelId] = k.split('|');
        return studyId === match.studyId || modelId === match.modelId;
      });
    },
  };
}
