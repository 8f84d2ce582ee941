// Fits ood.json in the app (training/pytorch/ood_stats.py fits the shipped model's): class means and
// one Ledoit-Wolf shrunk covariance of pooled layer4 features, the threshold a percentile of the
// scores of held-out images. Site adaptation refits it, since retraining layer4 moves the features
// the parent's statistics describe (its head no longer matches them, so they would be ignored); a
// training run fits one for its new model (training/fit-feature-guardrail.ts).
import { cholesky, invertSpd } from '../maths/cholesky';
import { OOD_FORMAT, oodScore, parseOodStats, type HeadWeights, type OodStatsFile } from './ood-stats';

export interface OodFitInput {
  /** Pooled features of the fitting images, with their labels (0 NORMAL, 1 PNEUMONIA). */
  train: { pooled: ArrayLike<number>[]; labels: ArrayLike<number> };
  /** Pooled features of held-out images (other patients): they set the threshold. */
  heldOut: ArrayLike<number>[];
  head: HeadWeights;
  /** Default 99. */
  percentile?: number;
  /** What the images were, in words, for the file's record. */
  fittedOn: string;
  heldOutOn: string;
}

/** Ledoit & Wolf 2004 shrinkage of the covariance of centred rows (sklearn's estimator, as ood_stats.py). */
export function ledoitWolf(rows: Float64Array[], d: number): { cov: Float64Array; shrink: number } {
  const n = rows.length;
  const s = new Float64Array(d * d);
  for (const x of rows) {
    for (let i = 0; i < d; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const o = i * d;
      for (let j = 0; j <= i; j++) s[o + j] += xi * x[j];
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      s[i * d + j] /= n;
      s[j * d + i] = s[i * d + j];
    }
  }
  let trace = 0;
  for (let i = 0; i < d; i++) trace += s[i * d + i];
  const mu = trace / d;
  // sum(X²ᵀ X²) = Σ_k (Σ_i x_ki²)²
  let betaSum = 0;
  for (const x of rows) {
    let q = 0;
    for (let i = 0; i < d; i++) q += x[i] * x[i];
    betaSum += q * q;
  }
  let frob = 0;
  for (let i = 0; i < d * d; i++) frob += s[i] * s[i];
  let beta = (betaSum / n - frob) / (d * n);
  const delta = (frob - 2 * mu * trace + d * mu * mu) / d;
  beta = Math.min(beta, delta);
  const shrink = beta === 0 ? 0 : beta / delta;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) cov[i] = (1 - shrink) * s[i];
  for (let i = 0; i < d; i++) cov[i * d + i] += shrink * mu;
  return { cov, shrink };
}

function b64(values: ArrayLike<number>): string {
  return Buffer.from(Float32Array.from(values).buffer).toString('base64');
}

/** The p-th percentile with linear interpolation (numpy's default). */
export function percentile(values: readonly number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) throw new Error('percentile of nothing');
  const at = (p / 100) * (v.length - 1);
  const lo = Math.floor(at);
  return lo + 1 < v.length ? v[lo] + (at - lo) * (v[lo + 1] - v[lo]) : v[lo];
}

export interface FittedOodStats extends OodStatsFile {
  fitted: { on: string; covariance: string; fitScore: { median: number; p99: number } };
  measured: { heldOut: { n: number; medianScore: number } };
}

/** One sentence for a model card: what the statistics were fitted on and where the warning starts. */
export function fittedOodNote(stats: FittedOodStats): string {
  return `Unlike-training check (ood.json) fitted on ${stats.fitted.on}; warning at a score of ${stats.threshold.toFixed(1)} or more (${stats.thresholdRule.split(';')[0]}).`;
}

export function fitOodStats(input: OodFitInput): FittedOodStats {
  const { pooled, labels } = input.train;
  const d = pooled[0]?.length ?? 0;
  if (d === 0 || input.heldOut.length === 0) throw new Error('fitOodStats: no features to fit or to set the threshold');
  const classes = ['NORMAL', 'PNEUMONIA'];
  const means = classes.map((_, c) => {
    const m = new Float64Array(d);
    let n = 0;
    pooled.forEach((x, i) => {
      if (labels[i] !== c) return;
      n++;
      for (let k = 0; k < d; k++) m[k] += x[k];
    });
    if (n === 0) throw new Error(`fitOodStats: no ${classes[c]} image to fit`);
    return m.map((v) => v / n);
  });
  const centred = pooled.map((x, i) => Float64Array.from({ length: d }, (_, k) => x[k] - means[labels[i] === 1 ? 1 : 0][k]));
  const { cov, shrink } = ledoitWolf(centred, d);
  const l = cholesky(invertSpd(cov, d), d);
  const packed = new Float64Array((d * (d + 1)) / 2);
  for (let i = 0, k = 0; i < d; i++) for (let j = 0; j <= i; j++) packed[k++] = l[i * d + j];
  const norm = Math.sqrt(Array.from(input.head.weights).reduce((a, w) => a + w * w, 0));
  const sum = Array.from(input.head.weights).reduce((a, w) => a + w, 0);
  const p = input.percentile ?? 99;
  const file: OodStatsFile = {
    format: OOD_FORMAT,
    features: 'layer4_out, global average pooled (512 values: the input of the fc layer)',
    dim: d,
    classes,
    means: b64(means.flatMap((m) => Array.from(m))),
    precisionCholesky: b64(packed),
    threshold: 1, // set below, from the stored (float32) statistics as the engine reads them
    thresholdRule: '',
    head: { bias: input.head.bias, kernelNorm: norm, kernelSum: sum },
  };
  const stats = parseOodStats(file, 'ood.json (being fitted)');
  const heldOut = input.heldOut.map((x) => oodScore(stats, x));
  const fitScores = pooled.map((x) => oodScore(stats, x));
  const threshold = percentile(heldOut, p);
  return {
    ...file,
    threshold,
    thresholdRule: `${p}th percentile of the score on ${heldOut.length} held-out images (${input.heldOutOn}); score = smallest squared Mahalanobis distance to a class mean`,
    fitted: {
      on: input.fittedOn,
      covariance: `shared (tied) covariance of class-centred features, Ledoit-Wolf shrinkage ${shrink.toFixed(4)}`,
      fitScore: { median: percentile(fitScores, 50), p99: percentile(fitScores, 99) },
    },
    measured: { heldOut: { n: heldOut.length, medianScore: percentile(heldOut, 50) } },
  };
}
