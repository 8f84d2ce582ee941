// The engine methods for study sets (issue 7), spread into createEngine like the worklist's.
import type { EngineApi } from '../../api/contract';
import type { ModelEntry } from '../../api/contract';
import type { SitePolicy } from '../../api/site-policy';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import { openStudySet } from './open-study-set';
import { createSummaryCache, summarizeStudy } from './summarize-study';

export function createStudySetApi(deps: {
  runtimeFor: (modelId?: string) => Promise<{ entry: ModelEntry; runtime: InferenceRuntime }>;
  sitePolicy: () => Promise<SitePolicy>;
}): Pick<EngineApi, 'openStudySet' | 'summarizeStudy'> {
  const cache = createSummaryCache();
  return {
    openStudySet: (paths) => openStudySet(paths),
    async summarizeStudy(files, modelId) {
      const { entry, runtime } = await deps.runtimeFor(modelId);
      return summarizeStudy(runtime, entry.card, files, cache, await deps.sitePolicy());
    },
  };
}
