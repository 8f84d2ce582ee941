// One model's figures on a set of site images at its threshold and temperature: sensitivity and
// specificity with patient-level bootstrap intervals, AUC, log loss, calibration error, ROC.
import type { Interval, SiteFigures } from '../../api/adaptation';
import { probabilitiesAt } from '../model/temperature';
import { bootstrapSensSpec, logLossAt } from './calibrate-fit';
import { calibration, confusionAt, rocAuc, rocPoints } from './metrics';

export const BOOTSTRAP_REPLICATES = 1000;
export const BOOTSTRAP_SEED = 12;

export function siteFigures(logits: ArrayLike<number>, labels: ArrayLike<number>, patients: readonly string[], threshold: number, temperature: number): SiteFigures {
  const probs = probabilitiesAt(logits, temperature);
  const { sensitivity, specificity } = bootstrapSensSpec(probs, labels, patients, threshold, { replicates: BOOTSTRAP_REPLICATES, seed: BOOTSTRAP_SEED });
  return {
    threshold,
    temperature,
    n: probs.length,
    sensitivity,
    specificity,
    auc: rocAuc(probs, labels),
    logLoss: logLossAt(logits, labels, temperature),
    ece: calibration(probs, labels).ece,
    confusion: confusionAt(probs, labels, threshold),
    roc: rocPoints(probs, labels, 100),
  };
}

/** True when the two intervals overlap: the images cannot tell the two figures apart. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.low <= b.high && b.low <= a.high;
}

export function formatInterval(i: Interval): string {
  return `${i.value.toFixed(3)} (95% CI ${i.low.toFixed(3)}-${i.high.toFixed(3)})`;
}
