// An evaluation's 95% intervals: sensitivity and specificity at the threshold (patient bootstrap,
// never narrower than Wilson's) and ROC AUC (patient bootstrap). A figure the data leaves
// undefined gets no interval.
import type { EvaluationIntervals, UndefinedMetric } from '../../api/evaluation';
import { bootstrapAuc } from './bootstrap-auc';
import { bootstrapSensSpec } from './calibrate-fit';

const REPLICATES = 1000;
const SEED = 12;

export function evaluationIntervals(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  patients: readonly string[],
  threshold: number,
  undef: readonly UndefinedMetric[],
): EvaluationIntervals {
  const missing = new Set(undef.map((u) => u.metric));
  const { sensitivity, specificity } = bootstrapSensSpec(probs, labels, patients, threshold, { replicates: REPLICATES, seed: SEED });
  return {
    unit: 'patient',
    patients: new Set(patients).size,
    replicates: REPLICATES,
    ...(missing.has('sensitivity') ? {} : { sensitivity }),
    ...(missing.has('specificity') ? {} : { specificity }),
    ...(missing.has('auc') ? {} : { auc: bootstrapAuc(probs, labels, patients, { replicates: REPLICATES, seed: SEED }) }),
  };
}
