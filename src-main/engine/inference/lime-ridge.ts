// Weighted ridge regression, the local surrogate LIME fits (Ribeiro et al. 2016; the lime package
// fits sklearn's Ridge(alpha=1, fit_intercept=True) with sample weights). The intercept is not
// penalised: the data are centred on their weighted means first, then
//   (Xc' W Xc + alpha I) beta = Xc' W yc,   intercept = ybar - xbar . beta
// solved by Cholesky (the matrix is symmetric positive definite for alpha > 0). Features are few
// (tens of superpixels), samples many, so the k x k system is cheap.
import { choleskySolve } from '../maths/cholesky';

export interface RidgeFit {
  coefficients: Float64Array;
  intercept: number;
  /** Weighted R^2 of the fit on its own samples (how well the surrogate follows the model). */
  r2: number;
}

/**
 * x: n rows of k features, row-major (length n*k); y: n targets; w: n sample weights (>= 0).
 */
export function weightedRidge(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, k: number, alpha = 1): RidgeFit {
  const n = y.length;
  if (x.length !== n * k || w.length !== n) throw new Error(`weightedRidge: ${x.length} values for ${n} rows of ${k}, ${w.length} weights`);
  if (!(alpha > 0)) throw new Error('weightedRidge: alpha must be > 0');
  let wsum = 0;
  const xbar = new Float64Array(k);
  let ybar = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    wsum += wi;
    ybar += wi * y[i];
    for (let j = 0; j < k; j++) xbar[j] += wi * x[i * k + j];
  }
  if (!(wsum > 0)) throw new Error('weightedRidge: the sample weights sum to zero');
  ybar /= wsum;
  for (let j = 0; j < k; j++) xbar[j] /= wsum;
  const a = new Float64Array(k * k);
  const b = new Float64Array(k);
  const xc = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    for (let j = 0; j < k; j++) xc[j] = x[i * k + j] - xbar[j];
    const yc = y[i] - ybar;
    for (let p = 0; p < k; p++) {
      const wp = wi * xc[p];
      b[p] += wp * yc;
      for (let q = p; q < k; q++) a[p * k + q] += wp * xc[q];
    }
  }
  for (let p = 0; p < k; p++) {
    a[p * k + p] += alpha;
    for (let q = 0; q < p; q++) a[p * k + q] = a[q * k + p];
  }
  const beta = choleskySolve(a, b, k, 'weightedRidge');
  let intercept = ybar;
  for (let j = 0; j < k; j++) intercept -= xbar[j] * beta[j];
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    let pred = intercept;
    for (let j = 0; j < k; j++) pred += x[i * k + j] * beta[j];
    ssRes += w[i] * (y[i] - pred) ** 2;
    ssTot += w[i] * (y[i] - ybar) ** 2;
  }
  return { coefficients: beta, intercept, r2: ssTot > 0 ? 1 - ssRes / ssTot : 1 };
}
