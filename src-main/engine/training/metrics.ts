// Binary classification metrics for the model score (higher: PNEUMONIA): confusion at a threshold
// (positive when p >= threshold), ROC-AUC (rank statistic, ties averaged), PR-AUC (average
// precision, as scikit-learn computes it), ROC points, reliability bins and expected calibration
// error.
import type { ModelMetrics } from '../../api/model-card';
import type { CalibrationBin, RocPoint } from '../../api/training';
import type { UndefinedMetric } from '../../api/evaluation';

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function confusionAt(probs: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Confusion {
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < probs.length; i++) {
    const pos = probs[i] >= threshold;
    if (labels[i] === 1) pos ? c.tp++ : c.fn++;
    else pos ? c.fp++ : c.tn++;
  }
  return c;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** All metrics at one threshold. Undefined ratios (no positives, say) are reported as 0. */
export function metricsAt(probs: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): ModelMetrics & { prAuc: number } {
  const confusion = confusionAt(probs, labels, threshold);
  const { tp, fp, tn, fn } = confusion;
  const sensitivity = ratio(tp, tp + fn);
  const precision = ratio(tp, tp + fp);
  return {
    n: probs.length,
    accuracy: ratio(tp + tn, probs.length),
    sensitivity,
    specificity: ratio(tn, tn + fp),
    precision,
    f1: ratio(2 * precision * sensitivity, precision + sensitivity),
    auc: rocAuc(probs, labels),
    prAuc: averagePrecision(probs, labels),
    confusion,
  };
}

/**
 * The metrics a confusion matrix leaves undefined, with why (metricsAt reports them as 0, ROC-AUC
 * as 0.5): sensitivity without positives, specificity without negatives, precision (PPV) without
 * positive predictions, NPV without negative predictions, F1 when either of its parts is
 * undefined, ROC-AUC without both classes, PR-AUC (average precision) without positives. Empty
 * when every figure is defined.
 */
export function undefinedMetrics(c: Confusion): UndefinedMetric[] {
  const noPos = c.tp + c.fn === 0;
  const noNeg = c.tn + c.fp === 0;
  const noPosCalls = c.tp + c.fp === 0;
  const noNegCalls = c.tn + c.fn === 0;
  const out: UndefinedMetric[] = [];
  if (noPos) out.push({ metric: 'sensitivity', reason: 'no PNEUMONIA images' });
  if (noNeg) out.push({ metric: 'specificity', reason: 'no NORMAL images' });
  if (noPosCalls) out.push({ metric: 'precision', reason: 'no image called PNEUMONIA at the threshold' });
  if (noNegCalls) out.push({ metric: 'npv', reason: 'no image called NORMAL at the threshold' });
  if (noPos || noPosCalls) out.push({ metric: 'f1', reason: `${noPos ? 'sensitivity' : 'precision'} is undefined` });
  if (noPos || noNeg) out.push({ metric: 'auc', reason: noPos ? 'no PNEUMONIA images' : 'no NORMAL images' });
  if (noPos) out.push({ metric: 'prAuc', reason: 'no PNEUMONIA images' });
  return out;
}

/** Negative predictive value TN / (TN + FN); 0 when nothing was called NORMAL (undefinedMetrics says so). */
export function npvOf(c: Confusion): number {
  return ratio(c.tn, c.tn + c.fn);
}

/** Probability that a random positive scores above a random negative (ties count one half). */
export function rocAuc(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[a] - probs[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && probs[idx[j + 1]] === probs[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1; // 1-based ranks, ties averaged
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]] === 1) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = probs.length - nPos;
  if (nPos === 0 || nNeg === 0) return 0.5;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Thresholds descending over the distinct scores: counts of positives and negatives at or above each. */
function sweep(probs: ArrayLike<number>, labels: ArrayLike<number>): Array<{ score: number; tp: number; fp: number }> {
  const idx = Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[b] - probs[a]);
  const out: Array<{ score: number; tp: number; fp: number }> = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < idx.length; i++) {
    if (labels[idx[i]] === 1) tp++;
    else fp++;
    if (i + 1 === idx.length || probs[idx[i + 1]] !== probs[idx[i]]) out.push({ score: probs[idx[i]], tp, fp });
  }
  return out;
}

/** sum over thresholds of (recall_k - recall_{k-1}) * precision_k. */
export function averagePrecision(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) nPos++;
  if (nPos === 0) return 0;
  let ap = 0;
  let prevRecall = 0;
  for (const { tp, fp } of sweep(probs, labels)) {
    const recall = tp / nPos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}

/** ROC curve from (0,0) to (1,1), one point per distinct score, thinned to at most `maxPoints`. */
export function rocPoints(probs: ArrayLike<number>, labels: ArrayLike<number>, maxPoints = 200): RocPoint[] {
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) nPos++;
  const nNeg = labels.length - nPos;
  const pts: RocPoint[] = [{ threshold: 1, tpr: 0, fpr: 0 }];
  for (const { score, tp, fp } of sweep(probs, labels)) pts.push({ threshold: score, tpr: ratio(tp, nPos), fpr: ratio(fp, nNeg) });
  if (pts.length <= maxPoints) return pts;
  const step = (pts.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, i) => pts[Math.round(i * step)]);
}

/** Equal-width reliability bins over [0, 1]; ECE weighs each bin's |observed - predicted| by its size. */
export function calibration(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): { bins: CalibrationBin[]; ece: number } {
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < probs.length; i++) {
    const b = Math.min(bins - 1, Math.floor(probs[i] * bins));
    sumP[b] += probs[i];
    sumY[b] += labels[i];
    count[b]++;
  }
  let ece = 0;
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const meanPredicted = ratio(sumP[b], count[b]);
    const observedPositive = ratio(sumY[b], count[b]);
    if (probs.length) ece += (count[b] / probs.length) * Math.abs(observedPositive - meanPredicted);
    out.push({ lower: b / bins, upper: (b + 1) / bins, count: count[b], meanPredicted, observedPositive });
  }
  return { bins: out, ece };
}

export interface ThresholdChoiceResult {
  value: number;
  rule: string;
}

/**
 * The decision threshold from validation scores. 'sensitivity-0.95': the highest threshold (so the
 * highest specificity) whose sensitivity is still >= 0.95. 'youden': the one maximising
 * sensitivity + specificity - 1. The value sits midway between the chosen score and the next lower
 * one, so validation images are classified the same and new ones get a margin.
 */
export function chooseThreshold(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  rule: 'sensitivity-0.95' | 'youden',
  minSensitivity = 0.95,
): ThresholdChoiceResult {
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) nPos++;
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) return { value: 0.5, rule: 'default 0.5 (validation set lacks one class)' };
  const pts = sweep(probs, labels);
  let pick = -1;
  if (rule === 'youden') {
    let best = -Infinity;
    pts.forEach((p, k) => {
      const j = p.tp / nPos - p.fp / nNeg;
      if (j > best) [best, pick] = [j, k];
    });
  } else {
    pick = pts.findIndex((p) => p.tp / nPos >= minSensitivity);
  }
  const score = pts[pick].score;
  const lower = pick + 1 < pts.length ? pts[pick + 1].score : 0;
  const value = (score + lower) / 2;
  const n = labels.length;
  const at = metricsAt(probs, labels, value);
  const tail = `on validation (n=${n}; sensitivity ${at.sensitivity.toFixed(3)}, specificity ${at.specificity.toFixed(3)})`;
  return {
    value,
    rule:
      rule === 'youden'
        ? `max Youden's J (sensitivity + specificity - 1) ${tail}`
        : `max specificity with sensitivity >= ${minSensitivity} ${tail}`,
  };
}
