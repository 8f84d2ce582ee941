// Two models scored on the same images, compared as a pair: the difference in ROC AUC, and in
// sensitivity and specificity each at its model's own threshold, with a 95% interval from one
// patient bootstrap drawn for both (the same patients in each replicate). Overlapping marginal
// intervals say little about paired data: two models can differ clearly while their own intervals
// overlap, or not differ while they barely do.
import type { EvaluatedScore, Interval, PairedComparison } from '../../api/evaluation';
import { weightedAuc } from './bootstrap-auc';
import { rocAuc } from './metrics';
import { seededRandom } from './seeded-random';

const REPLICATES = 1000;
const SEED = 21;

/** The images both scored with the same label, in one order. */
function matched(a: readonly EvaluatedScore[], b: readonly EvaluatedScore[]): { pa: Float64Array; pb: Float64Array; labels: Uint8Array; patients: string[] } {
  const inB = new Map(b.map((s) => [s.file, s]));
  const both = a.filter((s) => inB.get(s.file)?.label === s.label);
  return {
    pa: Float64Array.from(both, (s) => s.probability),
    pb: Float64Array.from(both, (s) => (inB.get(s.file) as EvaluatedScore).probability),
    labels: Uint8Array.from(both, (s) => s.label),
    patients: both.map((s) => s.patient),
  };
}

function rate(probs: ArrayLike<number>, labels: ArrayLike<number>, of: Int32Array, draws: Float64Array, threshold: number, positive: boolean): number | null {
  let hit = 0;
  let all = 0;
  for (let i = 0; i < probs.length; i++) {
    if ((labels[i] === 1) !== positive) continue;
    const w = draws[of[i]];
    all += w;
    if ((probs[i] >= threshold) === positive) hit += w;
  }
  return all > 0 ? hit / all : null;
}

function percentile(samples: number[], value: number): Interval {
  if (!samples.length) return { value, low: value, high: value };
  samples.sort((x, y) => x - y);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.max(0, Math.round(q * (samples.length - 1))))];
  return { value, low: at(0.025), high: at(0.975) };
}

/** b minus a on the images both scored; null when fewer than one image of each class is shared. */
export function pairedComparison(
  a: { model: string; threshold: number; scores: readonly EvaluatedScore[] },
  b: { model: string; threshold: number; scores: readonly EvaluatedScore[] },
  opts: { replicates?: number; seed?: number } = {},
): PairedComparison | null {
  const { pa, pb, labels, patients } = matched(a.scores, b.scores);
  const n = labels.length;
  if (!labels.some((l) => l === 1) || !labels.some((l) => l === 0)) return null;
  const of = new Int32Array(n);
  const index = new Map<string, number>();
  patients.forEach((p, i) => {
    let k = index.get(p);
    if (k === undefined) index.set(p, (k = index.size));
    of[i] = k;
  });
  const m = index.size;
  const ones = new Float64Array(m).fill(1);
  const orderA = Array.from({ length: n }, (_, i) => i).sort((x, y) => pa[x] - pa[y]);
  const orderB = Array.from({ length: n }, (_, i) => i).sort((x, y) => pb[x] - pb[y]);
  const sens = (p: ArrayLike<number>, t: number, d: Float64Array) => rate(p, labels, of, d, t, true);
  const spec = (p: ArrayLike<number>, t: number, d: Float64Array) => rate(p, labels, of, d, t, false);
  const diff = (x: number | null, y: number | null) => (x === null || y === null ? null : y - x);
  const value = {
    auc: rocAuc(pb, labels) - rocAuc(pa, labels),
    sensitivity: diff(sens(pa, a.threshold, ones), sens(pb, b.threshold, ones)) ?? 0,
    specificity: diff(spec(pa, a.threshold, ones), spec(pb, b.threshold, ones)) ?? 0,
  };
  const samples = { auc: [] as number[], sensitivity: [] as number[], specificity: [] as number[] };
  const random = seededRandom(opts.seed ?? SEED);
  const draws = new Float64Array(m);
  const replicates = opts.replicates ?? REPLICATES;
  for (let tries = 0; samples.auc.length < replicates && tries < replicates * 10; tries++) {
    draws.fill(0);
    for (let k = 0; k < m; k++) draws[Math.floor(random() * m)]++;
    const aucA = weightedAuc(orderA, pa, labels, of, draws);
    const aucB = weightedAuc(orderB, pb, labels, of, draws);
    if (aucA === null || aucB === null) continue; // a replicate without a class: drawn again
    samples.auc.push(aucB - aucA);
    samples.sensitivity.push(diff(sens(pa, a.threshold, draws), sens(pb, b.threshold, draws)) ?? 0);
    samples.specificity.push(diff(spec(pa, a.threshold, draws), spec(pb, b.threshold, draws)) ?? 0);
  }
  const auc = percentile(samples.auc, value.auc);
  return {
    a: a.model,
    b: b.model,
    n,
    patients: m,
    replicates: samples.auc.length,
    auc,
    sensitivity: percentile(samples.sensitivity, value.sensitivity),
    specificity: percentile(samples.specificity, value.specificity),
    verdict: auc.low > 0 ? 'b-higher' : auc.high < 0 ? 'a-higher' : 'not-told-apart',
  };
}
