// ROC AUC with a 95% percentile interval from resampling whole patients, as the sensitivity and
// specificity intervals are (bootstrapSensSpec): images of one patient are not independent.
// The scores are sorted once; a replicate only weights each image by how often its patient was
// drawn, and its AUC is one pass over that order: O(n) per replicate, not a sort (this runs on
// the engine's thread at the end of an evaluation).
import type { Interval } from '../../api/evaluation';
import { rocAuc } from './metrics';
import { seededRandom } from './seeded-random';

export function bootstrapAuc(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  patients: readonly string[],
  opts: { replicates?: number; seed?: number } = {},
): Interval {
  const replicates = opts.replicates ?? 1000;
  const n = probs.length;
  const value = rocAuc(probs, labels);
  // Images by ascending score, and each image's patient as an index.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[a] - probs[b]);
  const patientIndex = new Map<string, number>();
  const of = new Int32Array(n);
  patients.forEach((p, i) => {
    let k = patientIndex.get(p);
    if (k === undefined) patientIndex.set(p, (k = patientIndex.size));
    of[i] = k;
  });
  const m = patientIndex.size;
  const random = seededRandom(opts.seed ?? 12);
  const draws = new Float64Array(m);
  const samples: number[] = [];
  // Replicates lacking a class have no AUC: they are redrawn (a bounded number of times).
  for (let tries = 0; samples.length < replicates && tries < replicates * 10 && m > 0; tries++) {
    draws.fill(0);
    for (let k = 0; k < m; k++) draws[Math.floor(random() * m)]++;
    const auc = weightedAuc(order, probs, labels, of, draws);
    if (auc !== null) samples.push(auc);
  }
  if (!samples.length) return { value, low: value, high: value };
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.max(0, Math.round(q * (samples.length - 1))))];
  return { value, low: at(0.025), high: at(0.975) };
}

/**
 * AUC with image i counted draws[of[i]] times: the probability that a drawn positive scores above
 * a drawn negative, ties counting one half. `order` sorts the images by ascending score. Null when
 * a class got no weight.
 */
export function weightedAuc(order: ArrayLike<number>, probs: ArrayLike<number>, labels: ArrayLike<number>, of: Int32Array, draws: Float64Array): number | null {
  let negBelow = 0;
  let wins = 0;
  let pos = 0;
  for (let a = 0; a < order.length; ) {
    // One group of equal scores.
    let b = a;
    let groupPos = 0;
    let groupNeg = 0;
    while (b < order.length && probs[order[b]] === probs[order[a]]) {
      const i = order[b];
      const w = draws[of[i]];
      if (labels[i] === 1) groupPos += w;
      else groupNeg += w;
      b++;
    }
    wins += groupPos * (negBelow + groupNeg / 2);
    negBelow += groupNeg;
    pos += groupPos;
    a = b;
  }
  return pos > 0 && negBelow > 0 ? wins / (pos * negBelow) : null;
}
