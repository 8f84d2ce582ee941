// The engine methods for study sets (issue 7), spread into createEngine like the worklist's.
import type { EngineApi } from '../../api/contract';
import { resolveModel } from '../engine-models';
import type { ModelStore } from '../model/model-store';
import type { Tf } from '../model/tf-backend';
import { openStudySet } from './open-study-set';
import { createSummaryCache, summarizeStudy } from './summarize-study';

export function createStudySetApi(deps: { store: ModelStore; tf: () => Promise<Tf> }): Pick<EngineApi, 'openStudySet' | 'summarizeStudy'> {
  const cache = createSummaryCache();
  return {
    openStudySet: (paths) => openStudySet(paths),
    async summarizeStudy(files, modelId) {
      const tf = await deps.tf();
      return summarizeStudy(tf, await resolveModel(tf, deps.store, modelId), files, cache);
    },
  };
}
