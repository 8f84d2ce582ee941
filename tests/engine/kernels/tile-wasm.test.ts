// The wasm Tile replacement against the cpu backend on shapes batch norm's gradient and others use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { on, randomValues, wasmTf } from './backends';

test('Tile on wasm equals the cpu backend for every rank, dtype and repeat pattern', async () => {
  const tf = await wasmTf();
  const cases: Array<{ shape: number[]; reps: number[]; dtype: 'float32' | 'int32' | 'bool' }> = [
    { shape: [1, 1, 1, 5], reps: [2, 3, 4, 1], dtype: 'float32' },
    { shape: [2, 3], reps: [3, 2], dtype: 'float32' },
    { shape: [4], reps: [3], dtype: 'int32' },
    { shape: [2, 1, 3], reps: [1, 4, 2], dtype: 'bool' },
    { shape: [3, 2, 1], reps: [1, 1, 1], dtype: 'float32' },
    { shape: [2, 2, 2, 2, 2], reps: [2, 1, 2, 1, 3], dtype: 'int32' },
  ];
  for (const c of cases) {
    const n = c.shape.reduce((a, b) => a * b, 1);
    const values = Array.from(randomValues(n, 7), (v) => (c.dtype === 'float32' ? v : c.dtype === 'int32' ? Math.round(v * 100) : v > 0 ? 1 : 0));
    const run = () => tf.tidy(() => Array.from(tf.tile(tf.tensor(values, c.shape, c.dtype), c.reps).dataSync()));
    assert.deepEqual(await on(tf, 'wasm', run), await on(tf, 'cpu', run), JSON.stringify(c));
  }
});
