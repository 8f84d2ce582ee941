import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storedPixels, storedScale } from '../../../../src-renderer/src/lib/viewer/stored-pixels';

const modality = (s: ReturnType<typeof storedPixels>, i: number) => s.pixels[i] * s.slope + s.intercept;

test('12-bit unsigned values are stored exactly (16-bit signed, slope 1)', () => {
  const v = new Float32Array([0, 1, 2047, 4095]);
  const s = storedPixels(v);
  assert.ok(s.pixels instanceof Int16Array);
  assert.deepEqual([...s.pixels], [0, 1, 2047, 4095]);
  assert.deepEqual([s.slope, s.intercept, s.minStored, s.maxStored], [1, 0, 0, 4095]);
});

test('full 16-bit unsigned values keep every level (Uint16)', () => {
  const v = new Float32Array([32744, 40000, 65535]);
  const s = storedPixels(v);
  assert.ok(s.pixels instanceof Uint16Array);
  assert.deepEqual([...s.pixels], [32744, 40000, 65535]);
  assert.deepEqual([0, 1, 2].map((i) => modality(s, i)), [32744, 40000, 65535], 'modality values unchanged');
});

test('negative (signed) values stay signed', () => {
  const s = storedPixels(new Float32Array([-1024, 0, 3071]));
  assert.ok(s.pixels instanceof Int16Array);
  assert.deepEqual([s.minStored, s.maxStored], [-1024, 3071]);
  assert.deepEqual([0, 1, 2].map((i) => modality(s, i)), [-1024, 0, 3071], 'every value comes back exactly');
});

test('fractional values (rescale slope 0.5) are quantised to 16 bits within half a step', () => {
  const v = new Float32Array(1000).map((_, i) => -12.25 + i * 0.5);
  const s = storedPixels(v);
  assert.ok(s.pixels instanceof Uint16Array);
  assert.equal(s.minStored, 0);
  assert.equal(s.maxStored, 65535);
  for (let i = 0; i < v.length; i++) assert.ok(Math.abs(modality(s, i) - v[i]) <= s.slope / 2 + 1e-6);
});

test('a flat image does not divide by zero', () => {
  const s = storedPixels(new Float32Array([0.5, 0.5]));
  assert.deepEqual([...s.pixels], [0, 0]);
  assert.equal(modality(s, 0), 0.5);
});

test('storedScale gives the scale storedPixels stores with, without building the pixels', () => {
  const v = new Float32Array([0, 131070, 65534]);
  const { pixels, ...scale } = storedPixels(v);
  assert.deepEqual(storedScale(v), scale);
  assert.deepEqual([scale.kind, scale.slope, scale.minStored, scale.maxStored], ['quantised', 2, 0, 65535], 'past 16 bits: 65,536 stored values at most');
  assert.deepEqual([...pixels], [0, 65535, 32767]);
});
