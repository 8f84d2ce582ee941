// The wasm training kernels against tfjs's cpu backend: both conv gradients on random convolutions
// (strides, valid/same/explicit padding, odd shapes, 1x1 and 7x7 filters), to relative 1e-4.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2dBackpropFilterOnHeap } from '../../../src-main/engine/model/kernels/conv2d-backprop-filter-wasm';
import { conv2dBackpropInputOnHeap } from '../../../src-main/engine/model/kernels/conv2d-backprop-input-wasm';
import { on, randomValues, relativeError, wasmTf } from './backends';

type Pad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number];
  w: [number, number, number, number];
  stride: number | [number, number];
  pad: Pad;
}

const CASES: Case[] = [
  { x: [2, 9, 9, 3], w: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [2, 10, 11, 5], w: [3, 3, 5, 6], stride: 2, pad: 'same' },
  { x: [1, 13, 13, 4], w: [7, 7, 4, 8], stride: 2, pad: 'same' },
  { x: [3, 8, 8, 16], w: [1, 1, 16, 8], stride: 2, pad: 'valid' },
  { x: [2, 9, 7, 3], w: [2, 3, 3, 5], stride: 1, pad: 'valid' },
  { x: [2, 9, 9, 3], w: [3, 3, 3, 4], stride: 2, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [2, 12, 10, 8], w: [3, 3, 8, 8], stride: [2, 1], pad: 'same' },
  { x: [4, 7, 7, 64], w: [3, 3, 64, 32], stride: 1, pad: 'same' },
  { x: [1, 5, 5, 2], w: [5, 5, 2, 3], stride: 3, pad: [[0, 0], [4, 4], [4, 4], [0, 0]] },
  // Stride 1 runs dx as a forward conv, unless a pad exceeds the filter (then the matmul path).
  { x: [2, 6, 7, 2], w: [3, 3, 2, 3], stride: 1, pad: [[0, 0], [0, 2], [1, 0], [0, 0]] },
  { x: [1, 6, 6, 2], w: [3, 3, 2, 3], stride: 1, pad: [[0, 0], [3, 3], [0, 2], [0, 0]] },
];

test('Conv2DBackpropFilter and Conv2DBackpropInput on wasm match the cpu backend', async () => {
  const tf = await wasmTf();
  for (const c of CASES) {
    const xv = randomValues(c.x.reduce((a, b) => a * b), 1);
    const wv = randomValues(c.w.reduce((a, b) => a * b), 2);
    const grads = () => {
      const x = tf.tensor4d(xv, c.x);
      const w = tf.tensor4d(wv, c.w);
      const g = tf.grads((a, b) => tf.mul(tf.sum(tf.square(tf.conv2d(a as Tensor4D, b as Tensor4D, c.stride, c.pad))), 0.5));
      const [dx, dw] = g([x, w]);
      const out = [dx.dataSync().slice(), dw.dataSync().slice()];
      tf.dispose([x, w, dx, dw]);
      return out;
    };
    const ref = await on(tf, 'cpu', grads);
    const got = await on(tf, 'wasm', grads);
    const label = JSON.stringify(c);
    assert.ok(relativeError(got[0], ref[0]) < 1e-4, `dx ${label}: ${relativeError(got[0], ref[0])}`);
    assert.ok(relativeError(got[1], ref[1]) < 1e-4, `dW ${label}: ${relativeError(got[1], ref[1])}`);
  }
});

test('a batch split into chunks gives the same gradients', async () => {
  const tf = await wasmTf();
  const shape: [number, number, number, number] = [5, 9, 9, 6];
  const fshape: [number, number, number, number] = [3, 3, 6, 4];
  const attrs = { strides: 2, pad: 'same' as const, dataFormat: 'NHWC' as const };
  const xv = randomValues(shape.reduce((a, b) => a * b), 3);
  const wv = randomValues(fshape.reduce((a, b) => a * b), 4);
  const dyv = randomValues(5 * 5 * 5 * 4, 5);
  const ref = await on(tf, 'cpu', () =>
    tf.tidy(() => {
      const x = tf.tensor4d(xv, shape);
      const w = tf.tensor4d(wv, fshape);
      const dy = tf.tensor4d(dyv, [5, 5, 5, 4]);
      const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: shape }) as Tensor4D;
      const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: fshape }) as Tensor4D;
      return [dx.dataSync().slice(), dw.dataSync().slice()];
    }),
  );
  const backend = tf.backend() as BackendWasm;
  // A patch-matrix row is 54 floats, a sample 25 rows: chunks of 7 rows cut across output rows and
  // samples, 25 rows are one sample, 50 two.
  for (const limit of [7 * 54, 25 * 54, 2 * 25 * 54 + 1, 1e9]) {
    const got = tf.tidy(() => {
      const x = tf.tensor4d(xv, shape);
      const w = tf.tensor4d(wv, fshape);
      const dy = tf.tensor4d(dyv, [5, 5, 5, 4]);
      const dx = tf.engine().makeTensorFromTensorInfo(conv2dBackpropInputOnHeap(tf, backend, dy, w, { ...attrs, inputShape: shape }, limit));
      const dw = tf.engine().makeTensorFromTensorInfo(conv2dBackpropFilterOnHeap(tf, backend, x, dy, { ...attrs, filterShape: fshape }, limit));
      return [dx.dataSync().slice(), dw.dataSync().slice()];
    });
    assert.ok(relativeError(got[0], ref[0]) < 1e-4, `dx, chunk limit ${limit}: ${relativeError(got[0], ref[0])}`);
    assert.ok(relativeError(got[1], ref[1]) < 1e-4, `dW, chunk limit ${limit}: ${relativeError(got[1], ref[1])}`);
  }
});

test('the kernels leave no tensors or heap allocations behind', async () => {
  const tf = await wasmTf();
  const x = tf.tensor4d(randomValues(2 * 8 * 8 * 4, 5), [2, 8, 8, 4]);
  const w = tf.tensor4d(randomValues(3 * 3 * 4 * 4, 6), [3, 3, 4, 4]);
  for (const stride of [1, 2]) {
    const g = tf.grads((a, b) => tf.sum(tf.conv2d(a as Tensor4D, b as Tensor4D, stride, 'same')));
    tf.dispose(g([x, w])); // warm-up
    const tensors = tf.memory().numTensors;
    const dataIds = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    tf.dispose(g([x, w]));
    assert.equal(tf.memory().numTensors, tensors);
    assert.equal((tf.backend() as unknown as { numDataIds(): number }).numDataIds(), dataIds);
  }
  tf.dispose([x, w]);
});
