import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kernelWeights, sampleMasks } from '../../../src-main/engine/inference/lime';
import { weightedRidge } from '../../../src-main/engine/inference/lime-ridge';
import { seededRandom } from '../../../src-main/engine/training/seeded-random';

test('weighted ridge recovers known weights and intercept from LIME-like 0/1 samples', () => {
  const k = 30;
  const n = 1500;
  const random = seededRandom(7);
  const truth = Array.from({ length: k }, (_, j) => (j % 3 === 0 ? 0.2 * Math.sin(j) : 0));
  truth[4] = 0.35;
  const z = sampleMasks(n, k, 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0.1;
    for (let j = 0; j < k; j++) v += truth[j] * z[i * k + j];
    y[i] = v + (random() - 0.5) * 0.01;
  }
  const fit = weightedRidge(z, y, kernelWeights(z, n, k, 0.25), k, 1);
  for (let j = 0; j < k; j++) assert.ok(Math.abs(fit.coefficients[j] - truth[j]) < 0.01, `feature ${j}: ${fit.coefficients[j]} vs ${truth[j]}`);
  assert.ok(Math.abs(fit.intercept - 0.1) < 0.02, `intercept ${fit.intercept}`);
  assert.ok(fit.r2 > 0.99, `r2 ${fit.r2}`);
});

test('weighted ridge: weights decide which samples count; alpha shrinks as sklearn Ridge does', () => {
  // y = 2x on the weighted points; two outliers with weight 0 must not move the fit.
  const x = [0, 1, 2, 3, 10, 11];
  const y = [0, 2, 4, 6, -50, 80];
  const w = [1, 1, 1, 1, 0, 0];
  const fit = weightedRidge(x, y, w, 1, 1e-9);
  assert.ok(Math.abs(fit.coefficients[0] - 2) < 1e-6 && Math.abs(fit.intercept) < 1e-6, JSON.stringify(fit));
  // One feature, alpha 1: beta = Sxy / (Sxx + 1) with centred sums (x 0..3: Sxx 5, Sxy 10) -> 10/6.
  const shrunk = weightedRidge(x, y, w, 1, 1);
  assert.ok(Math.abs(shrunk.coefficients[0] - 10 / 6) < 1e-9, `${shrunk.coefficients[0]}`);
  assert.ok(Math.abs(shrunk.intercept - (3 - 1.5 * (10 / 6))) < 1e-9, `${shrunk.intercept}`);
  assert.throws(() => weightedRidge(x, y, [0, 0, 0, 0, 0, 0], 1), /weights sum to zero/);
});

test('LIME kernel: all-on weighs 1; fewer regions on weigh less (cosine distance, width 0.25)', () => {
  const k = 4;
  const z = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  const w = kernelWeights(z, 4, k, 0.25);
  assert.equal(w[0], 1);
  const d = (s: number) => 1 - Math.sqrt(s / k);
  assert.ok(Math.abs(w[1] - Math.sqrt(Math.exp(-(d(3) ** 2) / 0.0625))) < 1e-12);
  assert.ok(w[1] > w[2] && w[2] > w[3]);
  assert.ok(Math.abs(w[3] - Math.sqrt(Math.exp(-16))) < 1e-12);
  const masks = sampleMasks(1000, 50, 1);
  assert.ok(masks.subarray(0, 50).every((v) => v === 1), 'sample 0 is the image itself');
  const on = masks.subarray(50).reduce((a, b) => a + b, 0) / (999 * 50);
  assert.ok(Math.abs(on - 0.5) < 0.02, `fraction on ${on}`);
});
