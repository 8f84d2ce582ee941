// The backend a training run will use, named before it starts: the worker's wasm thread count
// (every core up to 8 unless ALVEO_WASM_THREADS says otherwise), with the engine's kind of backend.
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { trainingBackendName, trainingWasmThreads } from '../../../src-main/engine/model/training-backend';

test('wasm threads for training: every core up to 8 by default; ALVEO_WASM_THREADS as the backend reads it', () => {
  assert.equal(trainingWasmThreads({}), Math.min(8, availableParallelism()));
  assert.equal(trainingWasmThreads({ ALVEO_WASM_THREADS: '3' }), 3);
  assert.equal(trainingWasmThreads({ ALVEO_WASM_THREADS: '1' }), 1);
  assert.equal(trainingWasmThreads({ ALVEO_WASM_THREADS: 'many' }), 1);
});

test('the name: wasm with the training thread count; other backends as the engine named them', () => {
  assert.equal(trainingBackendName({ name: 'wasm (simd, 1 thread)', kind: 'wasm', simd: true, skipped: [] }, 2), 'wasm (simd, 2 threads)');
  assert.equal(trainingBackendName({ name: 'wasm (no simd, 1 thread)', kind: 'wasm', simd: false, skipped: [] }, 1), 'wasm (no simd, 1 thread)');
  assert.equal(trainingBackendName({ name: 'tensorflow (tfjs-node)', kind: 'tensorflow', skipped: [] }, 4), 'tensorflow (tfjs-node)');
  assert.equal(trainingBackendName(null), 'none');
});
