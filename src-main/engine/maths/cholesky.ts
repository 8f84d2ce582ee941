// Dense symmetric positive-definite algebra for the few small systems the engine solves itself
// (LIME's ridge regression, the feature guardrail's precision matrix): row-major Float64Arrays.

/** Lower Cholesky factor L of a symmetric positive-definite d x d matrix (A = L Lᵀ); `what` names the caller in errors. */
export function cholesky(a: Float64Array, d: number, what = 'cholesky'): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j];
      for (let k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(sum > 0)) throw new Error(`${what}: the matrix is not positive definite`);
        l[i * d + i] = Math.sqrt(sum);
      } else l[i * d + j] = sum / l[j * d + j];
    }
  }
  return l;
}

/** Solves A x = b through A's Cholesky factor. */
export function choleskySolve(a: Float64Array, b: Float64Array, d: number, what = 'choleskySolve'): Float64Array {
  const l = cholesky(a, d, what);
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let p = 0; p < i; p++) s -= l[i * d + p] * z[p];
    z[i] = s / l[i * d + i];
  }
  const out = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i];
    for (let p = i + 1; p < d; p++) s -= l[p * d + i] * out[p];
    out[i] = s / l[i * d + i];
  }
  return out;
}

/** Inverse of a symmetric positive-definite matrix: A⁻¹ = L⁻ᵀ L⁻¹. */
export function invertSpd(a: Float64Array, d: number): Float64Array {
  const l = cholesky(a, d, 'invertSpd');
  const li = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    li[c * d + c] = 1 / l[c * d + c];
    for (let i = c + 1; i < d; i++) {
      let sum = 0;
      for (let k = c; k < i; k++) sum -= l[i * d + k] * li[k * d + c];
      li[i * d + c] = sum / l[i * d + i];
    }
  }
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < d; k++) sum += li[k * d + i] * li[k * d + j];
      inv[i * d + j] = sum;
      inv[j * d + i] = sum;
    }
  }
  return inv;
}
