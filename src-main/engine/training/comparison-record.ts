// What a card keeps of a finished run's comparison: the compared model and both models' figures on
// the run's validation images (no curves or images), so the model manager can apply the same
// activation rule (api/activation-caution.ts) as the training report.
import type { ModelMetrics } from '../../api/model-card';
import type { ComparedModel } from '../../api/training';
import type { ComparisonRecord } from '../../api/training-record';

function figures(m: ModelMetrics): ModelMetrics {
  const { n, accuracy, sensitivity, specificity, precision, f1, auc, prAuc, confusion } = m;
  return { n, accuracy, sensitivity, specificity, precision, f1, auc, ...(prAuc === undefined ? {} : { prAuc }), confusion: { ...confusion } };
}

/** Null when either model could not be measured or nothing was compared. */
export function comparisonRecord(comparison: ComparedModel[]): ComparisonRecord | null {
  const fresh = comparison.find((c) => c.role === 'new')?.report;
  const other = comparison.find((c) => c.role !== 'new');
  if (!fresh || !other?.report || other.role === 'new') return null;
  return { role: other.role, modelId: other.modelId, name: other.name, inputSize: other.report.model.inputSize, metrics: figures(other.report), newMetrics: figures(fresh) };
}
