// ROC AUC with a 95% percentile interval from resampling whole patients, as the sensitivity and
// specificity intervals are (bootstrapSensSpec): images of one patient are not independent.
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
  const groups = new Map<string, number[]>();
  patients.forEach((p, i) => {
    const list = groups.get(p);
    if (list) list.push(i);
    else groups.set(p, [i]);
  });
  const members = [...groups.values()];
  const random = seededRandom(opts.seed ?? 12);
  const value = rocAuc(probs, labels);
  const samples: number[] = [];
  const p: number[] = [];
  const l: number[] = [];
  // Replicates lacking a class have no AUC: they are redrawn (a bounded number of times).
  for (let tries = 0; samples.length < replicates && tries < replicates * 10; tries++) {
    p.length = 0;
    l.length = 0;
    let pos = 0;
    for (let k = 0; k < members.length; k++) {
      for (const i of members[Math.floor(random() * members.length)]) {
        p.push(probs[i]);
        l.push(labels[i]);
        pos += labels[i] === 1 ? 1 : 0;
      }
    }
    if (pos === 0 || pos === l.length) continue;
    samples.push(rocAuc(p, l));
  }
  if (!samples.length) return { value, low: value, high: value };
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.max(0, Math.round(q * (samples.length - 1))))];
  return { value, low: at(0.025), high: at(0.975) };
}
