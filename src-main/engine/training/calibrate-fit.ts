// The statistics of site calibration: the temperature that minimises the log loss of
// sigmoid(logit / T) on the site's labelled images, and patient-level bootstrap intervals.
import { wilson } from '../../api/wilson';
import { bootstrapProportions, type PatientInterval } from './bootstrap-proportions';

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
 * patients (images of one patient are not independent), never narrower than Wilson's interval on
 * the effective number of patients (bootstrap-proportions.ts). Replicates lacking a class are
 * redrawn. An undefined figure reads 0 with the interval 0-0, as site figures always did.
 */
export function bootstrapSensSpec(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  patients: readonly string[],
  threshold: number,
  opts: { replicates?: number; seed?: number } = {},
): { sensitivity: BootstrapInterval; specificity: BootstrapInterval } {
  const r = bootstrapProportions(probs, labels, patients, threshold, opts);
  // Only the figures: a site card keeps {value, low, high}.
  const plain = (i: PatientInterval | null): BootstrapInterval => (i ? { value: i.value, low: i.low, high: i.high } : { value: 0, low: 0, high: 0 });
  return { sensitivity: plain(r.sensitivity), specificity: plain(r.specificity) };
}
