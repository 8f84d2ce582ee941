// The statistics of site calibration: the temperature that minimises the log loss of
// sigmoid(logit / T) on the site's labelled images, and patient-level bootstrap intervals.
import { seededRandom } from './seeded-random';
import { wilson } from '../../api/wilson';

export { wilson };

/**
 * Bounds of the temperature. Below 0.5 a model would be made more than twice as confident as it was
 * trained to be, which held-out images can only ask for when they are perfectly separated (the
 * likelihood then keeps rising as T falls to 0: measured, an adapted model fitted T = 0.05 on 60
 * separated images and its log loss on new images rose from 0.11 to 3.4).
 */
export const T_MIN = 0.5;
export const T_MAX = 20;

/** Mean binary cross-entropy of sigmoid(z / t), computed stably from logits. */
export function logLossAt(logits: ArrayLike<number>, labels: ArrayLike<number>, t: number): number {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i] / t;
    // -log sigmoid(z) = softplus(-z); -log(1 - sigmoid(z)) = softplus(z)
    sum += softplus(labels[i] === 1 ? -z : z);
  }
  return logits.length ? sum / logits.length : 0;
}

function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

/**
 * Temperature scaling (Guo et al. 2017) for one sigmoid unit: the T in [0.5, 20] minimising the
 * log loss plus a weak standard-normal prior on log T ((log T)^2 / 2n: negligible with a few
 * hundred overlapping images, decisive when the images are separated and the likelihood alone
 * would send T to the bound). Unimodal in log T: a golden-section search finds it to 1e-6.
 */
export function fitTemperature(logits: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = Math.max(1, logits.length);
  const objective = (t: number) => logLossAt(logits, labels, t) + Math.log(t) ** 2 / (2 * n);
  let a = Math.log(T_MIN);
  let b = Math.log(T_MAX);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = objective(Math.exp(c));
  let fd = objective(Math.exp(d));
  while (b - a > 1e-6) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = objective(Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = objective(Math.exp(d));
    }
  }
  return Math.exp((a + b) / 2);
}

export interface BootstrapInterval {
  value: number;
  low: number;
  high: number;
}

/**
 * Sensitivity and specificity at `threshold` with 95% percentile intervals from resampling whole
 * patients (images of one patient are not independent). Replicates lacking a class are redrawn.
 */
export function bootstrapSensSpec(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  patients: readonly string[],
  threshold: number,
  opts: { replicates?: number; seed?: number } = {},
): { sensitivity: BootstrapInterval; specificity: BootstrapInterval } {
  const replicates = opts.replicates ?? 1000;
  const groups = new Map<string, number[]>();
  patients.forEach((p, i) => {
    const list = groups.get(p);
    if (list) list.push(i);
    else groups.set(p, [i]);
  });
  // Per patient: [tp, fn, tn, fp] at the threshold.
  const counts = [...groups.values()].map((idx) => {
    const c = [0, 0, 0, 0];
    for (const i of idx) {
      const pos = probs[i] >= threshold;
      if (labels[i] === 1) c[pos ? 0 : 1]++;
      else c[pos ? 3 : 2]++;
    }
    return c;
  });
  const total = counts.reduce((s, c) => [s[0] + c[0], s[1] + c[1], s[2] + c[2], s[3] + c[3]], [0, 0, 0, 0]);
  const random = seededRandom(opts.seed ?? 12);
  const sens: number[] = [];
  const spec: number[] = [];
  const n = counts.length;
  for (let r = 0, tries = 0; r < replicates && tries < replicates * 10; tries++) {
    let tp = 0, fn = 0, tn = 0, fp = 0;
    for (let k = 0; k < n; k++) {
      const c = counts[Math.floor(random() * n)];
      tp += c[0];
      fn += c[1];
      tn += c[2];
      fp += c[3];
    }
    if (tp + fn === 0 || tn + fp === 0) continue;
    sens.push(tp / (tp + fn));
    spec.push(tn / (tn + fp));
    r++;
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    sensitivity: interval(ratio(total[0], total[0] + total[1]), sens, total[0], total[0] + total[1]),
    specificity: interval(ratio(total[2], total[2] + total[3]), spec, total[2], total[2] + total[3]),
  };
}

/**
 * The patient bootstrap's 95% interval, widened to at least the Wilson score interval of k of n
 * images: resampling patients who were all right gives "1.000-1.000" from 25 images, a certainty
 * the images cannot give; Wilson's interval does not collapse at 0 or 100%.
 */
function interval(value: number, samples: number[], k: number, n: number): BootstrapInterval {
  const w = n > 0 ? wilson(k, n) : { low: value, high: value };
  if (!samples.length) return { value, ...w };
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
  return { value, low: Math.min(at(0.025), w.low), high: Math.max(at(0.975), w.high) };
}

