import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentiles, windowPresets } from '../../../../src-renderer/src/lib/viewer/window-presets';

const ramp = new Float32Array(4096 * 3).map((_, i) => i % 4096);

test('percentiles of a uniform ramp are where they should be', () => {
  const [p1, p50, p99] = percentiles(ramp, 0, 4095, [0.01, 0.5, 0.99]);
  assert.ok(Math.abs(p1 - 41) < 10, String(p1));
  assert.ok(Math.abs(p50 - 2048) < 30, String(p50));
  assert.ok(Math.abs(p99 - 4054) < 10, String(p99));
});

test('lung opens the dark end and bone the bright end, whatever the polarity', () => {
  const base = { minValue: 0, maxValue: 4095, window: { center: 2048, width: 4096 } };
  const mono2 = windowPresets(ramp, { ...base, invert: false });
  const mono1 = windowPresets(ramp, { ...base, invert: true });
  // MONOCHROME2: dark = low values, so the lung window sits below the bone window.
  assert.ok(mono2.lung.center < mono2['soft-tissue'].center && mono2['soft-tissue'].center < mono2.bone.center);
  // MONOCHROME1: dark = high values, so the order flips, mirrored about the middle.
  assert.ok(mono1.lung.center > mono1['soft-tissue'].center && mono1['soft-tissue'].center > mono1.bone.center);
  assert.ok(Math.abs(mono1.lung.center + mono2.lung.center - 4095) < 20);
  assert.deepEqual(mono2.default, base.window);
  assert.deepEqual(mono2.full, { center: 2047.5, width: 4095 });
});
