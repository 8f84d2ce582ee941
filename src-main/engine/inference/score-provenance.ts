// What produces a score run's answers (api/scoring.ts ScoreProvenance), worked out when the run
// starts, from the same model folder, runtime and settings the run uses.
import type { ModelEntry, ScoreProvenance, ScoreSpec } from '../../api/contract';
import { GUARDRAIL_RULES_VERSION } from '../guardrails/rules-version';
import { modelWeightsSha256 } from '../model/model-weights-hash';
import { temperatureOf } from '../model/temperature';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import { oneViewServing } from '../runtime/one-view-serving';
import { readSitePolicy } from '../user-folder/site-policy-store';

export async function scoreProvenance(spec: ScoreSpec, entry: ModelEntry, runtime: InferenceRuntime, env: { userDir: string; version: string; now?: Date }): Promise<ScoreProvenance> {
  // As runScoreJob serves it: one view when asked, else the card's test-time views.
  const served = spec.oneView ? oneViewServing(entry, runtime).runtime : runtime;
  const policy = await readSitePolicy(env.userDir);
  return {
    modelSha256: await modelWeightsSha256(entry.dir),
    views: served.views ?? 1,
    engine: served.engine,
    alveo: env.version,
    runAt: (env.now ?? new Date()).toISOString(),
    ageUnknown: policy.ageUnknown,
    guardrailRules: GUARDRAIL_RULES_VERSION,
    // Served as the runtime applies it (calibrated-runtime.ts), one view or the card's views alike.
    temperature: temperatureOf(entry.card),
  };
}
