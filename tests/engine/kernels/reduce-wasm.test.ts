// Sum and Mean over leading axes on wasm against the cpu backend; other axes and dtypes go to the
// backend's own kernels and still give the cpu backend's answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leadingAxes } from '../../../src-main/engine/model/kernels/reduce-wasm';
import { on, randomValues, relativeError, wasmTf } from './backends';

test('Sum and Mean on wasm equal the cpu backend for every axis pattern', async () => {
  const tf = await wasmTf();
  const shape = [3, 5, 4, 6];
  const values = randomValues(3 * 5 * 4 * 6, 9);
  const cases: Array<{ axis: number | number[]; keepDims: boolean; dtype: 'float32' | 'int32' }> = [
    { axis: [0, 1, 2], keepDims: false, dtype: 'float32' }, // batch norm's per-channel reduction
    { axis: [0, 1, 2], keepDims: true, dtype: 'float32' },
    { axis: 0, keepDims: false, dtype: 'float32' },
    { axis: [1, 0], keepDims: true, dtype: 'float32' },
    { axis: [-4, -3], keepDims: false, dtype: 'float32' },
    { axis: [1, 2], keepDims: false, dtype: 'float32' }, // global average pooling: fallback
    { axis: [0, 1, 2, 3], keepDims: false, dtype: 'float32' }, // everything: fallback
    { axis: [0, 2], keepDims: false, dtype: 'float32' }, // not contiguous: fallback
    { axis: [0, 1], keepDims: false, dtype: 'int32' }, // int: fallback
  ];
  for (const c of cases) {
    for (const op of ['sum', 'mean'] as const) {
      const run = () =>
        tf.tidy(() => {
          const x = c.dtype === 'int32' ? tf.tensor(values.map((v) => Math.round(v * 50)), shape, 'int32') : tf.tensor(values, shape);
          const y = op === 'sum' ? tf.sum(x, c.axis, c.keepDims) : tf.mean(x, c.axis, c.keepDims);
          return { shape: y.shape, data: Array.from(y.dataSync()) };
        });
      const ref = await on(tf, 'cpu', run);
      const got = await on(tf, 'wasm', run);
      const label = `${op} ${JSON.stringify(c)}`;
      assert.deepEqual(got.shape, ref.shape, label);
      assert.ok(relativeError(got.data, ref.data) < 1e-6, `${label}: ${relativeError(got.data, ref.data)}`);
    }
  }
});

test('leading-axes detection', () => {
  assert.equal(leadingAxes([0, 1, 2], 4), 3);
  assert.equal(leadingAxes([2, 1, 0], 4), 3);
  assert.equal(leadingAxes(0, 2), 1);
  assert.equal(leadingAxes(-2, 2), 1);
  assert.equal(leadingAxes([1, 2], 4), 0);
  assert.equal(leadingAxes([0, 1, 2, 3], 4), 0);
  assert.equal(leadingAxes([], 4), 0);
});
