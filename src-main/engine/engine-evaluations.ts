// The last few finished evaluations, by job id, so "Keep on the model's card" stores the figures the
// engine measured (not figures sent back by the caller): the record and its in-sample flag come
// from the report itself.
import type { EngineEvent } from '../api/events';
import type { EvaluationReport, PairedComparison } from '../api/evaluation';
import { pairedComparison } from './training/paired-comparison';
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
    async compareEvaluations(jobIds: string[]): Promise<PairedComparison[]> {
      const found = jobIds.map((id) => {
        const report = reports.get(id);
        if (!report?.scores) throw new AlveoError('NOT_FOUND', `no finished evaluation '${id}' with its scores (it ended long ago, or the app restarted): evaluate again`);
        return report;
      });
      const [first, ...rest] = found;
      if (!first) return [];
      const root = first.dataset.root;
      const other = rest.find((r) => r.dataset.root !== root || r.dataset.split !== first.dataset.split);
      if (other) throw new AlveoError('BAD_ARGUMENT', `evaluations of different folders cannot be paired (${root}, ${other.dataset.root})`);
      const side = (r: EvaluationReport) => ({ model: r.model.id, threshold: r.threshold, scores: r.scores ?? [] });
      return rest.map((r) => pairedComparison(side(first), side(r))).filter((c): c is PairedComparison => c !== null);
    },
    async keepEvaluation(jobId: string): Promise<ModelEntry> {
      const report = reports.get(jobId);
      if (!report) throw new AlveoError('NOT_FOUND', `no finished evaluation '${jobId}' (it ended long ago, or the app restarted): evaluate again`);
      return store.keepEvaluation(report.model.id, report.model.dir, (card) => withEvaluation(card, evaluationRecord(report, card)));
    },
  };
}
