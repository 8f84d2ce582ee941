// The training plan's time estimate: the measured wasm rates at 64, 128 and 224 px, smaller rates for
// larger inputs, and a run's seconds from its epochs, training images and validation images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimatedTrainingSeconds, formatEstimate, wasmTrainingRate } from '../../src-main/api/training-estimate';

test('wasm training rate: the measured points, falling with the input size', () => {
  assert.equal(wasmTrainingRate(224), 2);
  assert.ok(Math.abs(wasmTrainingRate(128) - 5) < 1e-9 && Math.abs(wasmTrainingRate(64) - 12) < 1e-9);
  const sizes = [32, 64, 96, 128, 160, 192, 224, 256, 320];
  const rates = sizes.map(wasmTrainingRate);
  for (let i = 1; i < rates.length; i++) assert.ok(rates[i] < rates[i - 1], `${sizes[i]} px: ${rates[i]} not below ${rates[i - 1]}`);
  assert.ok(Math.abs(wasmTrainingRate(448) - 0.5) < 1e-9, 'four times the pixels of 224: a quarter of the rate');
});

test('a run of 10 epochs of 400 images at 224 px, 100 validated: about 36 minutes', () => {
  // 10 x (400 / 2 + 100 / 6) s = 2167 s
  assert.equal(estimatedTrainingSeconds({ epochs: 10, trainImagesPerEpoch: 400, valImages: 100, inputSize: 224 }), 2167);
  assert.ok(estimatedTrainingSeconds({ epochs: 2, trainImagesPerEpoch: 24, valImages: 6, inputSize: 64 }) < 10);
  assert.deepEqual([formatEstimate(8), formatEstimate(2167), formatEstimate(7500)], ['under a minute', '36 min', '2 h 05 min']);
});
