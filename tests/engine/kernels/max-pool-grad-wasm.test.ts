// MaxPoolGrad on wasm against the cpu backend, including windows of tied zeros (after a ReLU) and
// padded windows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { on, randomValues, relativeError, wasmTf } from './backends';

test('MaxPoolGrad on wasm equals the cpu backend', async () => {
  const tf = await wasmTf();
  const cases: Array<{ shape: [number, number, number, number]; size: number; stride: number; pad: 'valid' | 'same' }> = [
    { shape: [2, 9, 9, 4], size: 3, stride: 2, pad: 'valid' }, // ResNet18's max pool (after explicit zero padding)
    { shape: [2, 8, 7, 3], size: 3, stride: 2, pad: 'same' },
    { shape: [1, 6, 6, 5], size: 2, stride: 2, pad: 'valid' },
    { shape: [1, 5, 5, 2], size: 3, stride: 1, pad: 'same' },
  ];
  for (const c of cases) {
    const n = c.shape.reduce((a, b) => a * b, 1);
    // Half the values clipped to 0, as after a ReLU: windows tie.
    const values = Array.from(randomValues(n, 21), (v) => Math.max(0, v));
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(values, c.shape);
        const g = tf.grad((a) => tf.sum(tf.mul(tf.maxPool(a as Tensor4D, c.size, c.stride, c.pad), tf.reshape(tf.range(1, 1 + tf.maxPool(x, c.size, c.stride, c.pad).size), tf.maxPool(x, c.size, c.stride, c.pad).shape))));
        return Array.from(g(x).dataSync());
      });
    const ref = await on(tf, 'cpu', run);
    const got = await on(tf, 'wasm', run);
    assert.ok(relativeError(got, ref) < 1e-6, `${JSON.stringify(c)}: ${relativeError(got, ref)}`);
  }
});
