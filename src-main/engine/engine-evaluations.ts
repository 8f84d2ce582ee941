// The last few finished evaluations, by job id, so "Keep on the model's card" stores the figures the
// engine measured (not figures sent back by the caller): the record and its in-sample flag come
// from the report itself.
import type { EngineEvent } from '../api/events';
import type { EvaluationReport } from '../api/evaluation';
import type { ModelEntry } from '../api/models';
import { AlveoError } from '../api/errors';
import { Lru } from './engine-lru';
import type { ModelStore } from './model/model-store';
import { evaluationRecord, withEvaluation } from './training/evaluation-record';

export function createEvaluationKeeper(store: ModelStore) {
  // Reports are a few hundred KB at most (ROC points, top losses); a comparison runs a handful.
  const reports = new Lru<string, EvaluationReport>(16);
  return {
    record(event: EngineEvent): void {
      if (event.type === 'job:end' && event.kind === 'evaluate' && event.outcome === 'done') reports.set(event.jobId, event.result);
    },
    async keepEvaluation(jobId: string): Promise<ModelEntry> {
      const report = reports.get(jobId);
      if (!report) throw new AlveoError('NOT_FOUND', `no finished evaluation '${jobId}' (it ended long ago, or the app restarted): evaluate again`);
      return store.keepEvaluation(report.model.id, report.model.dir, (card) => withEvaluation(card, evaluationRecord(report, card)));
    },
  };
}
