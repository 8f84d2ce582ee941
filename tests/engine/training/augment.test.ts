// Augmentation: off, it is exactly the inference preprocessing; on, it is seeded, bounded and flips
// only when asked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inputTensor } from '../../../src-main/engine/inference/preprocess';
import { defaultCard } from '../../../src-main/engine/model/card-file';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { augmentInto, DEFAULT_AUGMENT } from '../../../src-main/engine/training/augment';
import { seededRandom } from '../../../src-main/engine/training/seeded-random';
import { grayImage } from './support/draw-images';

const S = 32;
const card = defaultCard({ id: 't', inputSize: S });
const norm = { mean: card.preprocessing.mean, std: card.preprocessing.std };

function run(gray: Uint8Array, aug: typeof DEFAULT_AUGMENT | null, seed: number): Float32Array {
  const out = new Float32Array(S * S * 3 + 5);
  augmentInto(gray, S, aug, seededRandom(seed), norm, out, 5);
  return out.subarray(5);
}

test('without augmentation the input equals the inference preprocessing', async () => {
  const tf = await getTf('wasm');
  const gray = grayImage(S, 3, true);
  const ref = inputTensor(tf, gray, card);
  assert.deepEqual(Array.from(run(gray, null, 1)), Array.from(ref.dataSync()));
  ref.dispose();
});

test('augmentation is seeded, changes the image a little, and keeps it in range', () => {
  const gray = grayImage(S, 5, false);
  const plain = run(gray, null, 0);
  const a = run(gray, DEFAULT_AUGMENT, 11);
  assert.deepEqual(a, run(gray, DEFAULT_AUGMENT, 11));
  assert.notDeepEqual(a, run(gray, DEFAULT_AUGMENT, 12));
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff += Math.abs(a[i] - plain[i]);
  assert.ok(diff / a.length > 0.001 && diff / a.length < 1, `mean change ${diff / a.length}`);
  const lo = (0 - Math.max(...norm.mean)) / Math.min(...norm.std);
  const hi = (1 - Math.min(...norm.mean)) / Math.min(...norm.std);
  for (const v of a) assert.ok(v >= lo - 1e-6 && v <= hi + 1e-6);
  // All ranges zero: the identity map.
  const zero = { rotationDeg: 0, shift: 0, zoom: 0, brightness: 0, contrast: 0, horizontalFlip: false };
  const id = run(gray, zero, 3);
  for (let i = 0; i < id.length; i++) assert.ok(Math.abs(id[i] - plain[i]) < 1e-5);
});

test('horizontal flip only when enabled', () => {
  // Left half dark, right half bright: a flip swaps them.
  const gray = new Uint8Array(S * S);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) gray[y * S + x] = x < S / 2 ? 20 : 230;
  const flipOnly = { rotationDeg: 0, shift: 0, zoom: 0, brightness: 0, contrast: 0, horizontalFlip: true };
  const leftMean = (img: Float32Array) => {
    let s = 0;
    for (let y = 0; y < S; y++) for (let x = 0; x < S / 2; x++) s += img[(y * S + x) * 3];
    return s / ((S * S) / 2);
  };
  const plainLeft = leftMean(run(gray, null, 0));
  const flips = Array.from({ length: 20 }, (_, seed) => leftMean(run(gray, flipOnly, seed)) > plainLeft + 1);
  assert.ok(flips.some(Boolean) && !flips.every(Boolean), 'about half the seeds flip');
  for (let seed = 0; seed < 20; seed++) assert.ok(Math.abs(leftMean(run(gray, { ...flipOnly, horizontalFlip: false }, seed)) - plainLeft) < 1e-5);
  assert.equal(DEFAULT_AUGMENT.horizontalFlip, false);
});
