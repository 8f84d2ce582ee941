// An evaluation's 95% intervals, all patient-aware: sensitivity, specificity, PPV and NPV at the
// threshold and ROC AUC, each the percentile interval of a bootstrap resampling whole patients,
// widened where narrower to a floor on the effective number of patients (Wilson's interval for the
// proportions, Newcombe's score interval for AUC): the bootstrap alone reads "1.000-1.000" when
// every patient is right. A figure the data leaves undefined gets no interval. Below
// MIN_PATIENTS_PER_CLASS patients in a class the intervals carry a small-sample warning.
import type { EvaluationIntervals, Interval, UndefinedMetric } from '../../api/evaluation';
import { aucScoreInterval } from './auc-score-interval';
import { bootstrapAuc } from './bootstrap-auc';
import { bootstrapProportions, type PatientInterval } from './bootstrap-proportions';
import { effectivePatients } from './effective-patients';
import { patientsPerClass, smallSampleWarning } from './small-sample';

export const REPLICATES = 1000;
export const SEED = 12;

/** The floor in words: the effective number of patients is (Σ images)² / Σ images² over a figure's patients. */
const FLOOR = "widened where narrower to Wilson's interval (proportions) or Newcombe's score interval (ROC-AUC) on the effective number of patients";

export function evaluationIntervals(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  patients: readonly string[],
  threshold: number,
  undef: readonly UndefinedMetric[],
): EvaluationIntervals {
  const missing = new Set(undef.map((u) => u.metric));
  const p = bootstrapProportions(probs, labels, patients, threshold, { replicates: REPLICATES, seed: SEED });
  const perClass = patientsPerClass(labels, patients);
  const distinct = new Set(patients).size;
  const small = smallSampleWarning(perClass);
  const give = (metric: UndefinedMetric['metric'], i: PatientInterval | null): Interval | undefined => (missing.has(metric) || !i ? undefined : interval(i));
  const sensitivity = give('sensitivity', p.sensitivity);
  const specificity = give('specificity', p.specificity);
  const ppv = give('precision', p.ppv);
  const npv = give('npv', p.npv);
  return {
    unit: 'patient',
    patients: distinct,
    patientsPerClass: perClass,
    replicates: REPLICATES,
    method: 'percentile',
    seed: SEED,
    floor: FLOOR,
    description: `patient bootstrap (percentile, ${REPLICATES} resamplings of the ${distinct} patients, seed ${SEED}), ${FLOOR}`,
    ...(small ? { smallSample: small } : {}),
    ...(sensitivity ? { sensitivity } : {}),
    ...(specificity ? { specificity } : {}),
    ...(ppv ? { ppv } : {}),
    ...(npv ? { npv } : {}),
    ...(missing.has('auc') ? {} : { auc: aucInterval(probs, labels, patients) }),
  };
}

function interval(i: PatientInterval): Interval {
  return { value: i.value, low: i.low, high: i.high, ...(i.bootstrap ? { bootstrap: i.bootstrap } : {}) };
}

/** The AUC's patient bootstrap, widened to Newcombe's score interval on the effective patients of each class. */
function aucInterval(probs: ArrayLike<number>, labels: ArrayLike<number>, patients: readonly string[]): Interval {
  const boot = bootstrapAuc(probs, labels, patients, { replicates: REPLICATES, seed: SEED });
  const images = [new Map<string, number>(), new Map<string, number>()];
  patients.forEach((p, i) => {
    const m = images[labels[i] === 1 ? 1 : 0];
    m.set(p, (m.get(p) ?? 0) + 1);
  });
  const floor = aucScoreInterval(boot.value, effectivePatients(images[1].values()), effectivePatients(images[0].values()));
  if (!floor) return boot;
  const low = Math.min(boot.low, floor.low);
  const high = Math.max(boot.high, floor.high);
  return { value: boot.value, low, high, ...(low < boot.low || high > boot.high ? { bootstrap: { low: boot.low, high: boot.high } } : {}) };
}
