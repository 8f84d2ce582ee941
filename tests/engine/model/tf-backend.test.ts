// Backend choice: native TensorFlow when its addon loads, else wasm; never cpu unless asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { backendName, backendReport, getTf } from '../../../src-main/engine/model/tf-backend';

test('auto picks tensorflow when the native addon loads, else wasm with the reason recorded', async () => {
  const tf = await getTf('auto');
  const report = backendReport();
  assert.ok(report);
  assert.notEqual(report.kind, 'cpu', 'auto must never choose the pure-JS cpu backend');
  assert.equal(tf.getBackend(), report.kind);
  if (report.kind === 'wasm') {
    assert.match(backendName(), /^wasm \((no )?simd, \d+ threads?\)$/);
    assert.equal(report.skipped.length, 2, 'both tfjs-node packages should say why they were skipped');
    assert.match(report.skipped[0], /^@tensorflow\/tfjs-node-gpu: /);
    assert.match(report.skipped[1], /^@tensorflow\/tfjs-node: /);
  } else {
    assert.match(backendName(), /^tensorflow \(tfjs-node(-gpu)?\)$/);
  }
  // the returned namespace is the one whose engine runs the backend
  const y = tf.tidy(() => tf.sum(tf.conv2d(tf.ones([1, 5, 5, 2]) as Tensor4D, tf.ones([3, 3, 2, 4]) as Tensor4D, 1, 'same')));
  assert.equal((await y.data())[0], 4 * (9 * 9 + 12 * 6 + 4 * 4) * 2);
  y.dispose();
});

test('memoised; an explicit cpu request switches and is reported', async () => {
  const a = await getTf();
  const b = await getTf('auto');
  assert.equal(a, b);
  await getTf('cpu');
  assert.equal(backendName(), 'cpu');
  assert.equal(a.getBackend(), 'cpu');
  await getTf('wasm');
  assert.match(backendName(), /^wasm/);
});
