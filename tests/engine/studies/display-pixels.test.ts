import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayPixels } from '../../../src-main/engine/studies/display-pixels';
import { fileLutLevels, linearLevels } from '../../../src-main/api/voi-grey';
import { percentileWindow } from '../../../src-main/engine/studies/window/auto-window';
import { spineLungContrast } from '../../../src-main/engine/studies/chest-polarity';
import type { Study } from '../../../src-main/engine/studies/study';
import { chestPhantom } from '../../fixtures/write-dicom';

test('linear window follows DICOM PS3.3 C.11.2.1.2', () => {
  // c=2048, w=4096 maps 0..4095 linearly onto 0..255.
  const v = Float32Array.from([-5, 0, 2047.5, 4095, 5000]);
  assert.deepEqual(Array.from(linearLevels(v, { center: 2048, width: 4096 })), [0, 0, 127, 255, 255]);
  // A width-1 window is a threshold at c - 0.5.
  assert.deepEqual(Array.from(linearLevels(Float32Array.from([99, 100, 101]), { center: 100.5, width: 1 })), [0, 0, 255]);
});

test('VOI LUT maps through its table, clamped at both ends', () => {
  const lut = { firstValueMapped: -2, numberOfEntries: 4, bitsPerEntry: 8, data: Uint16Array.from([0, 85, 170, 255]) };
  assert.deepEqual(Array.from(fileLutLevels(Float32Array.from([-10, -2, -1, 0, 1, 99]), lut)), [0, 0, 85, 170, 255, 255]);
});

test('displayPixels: default window, explicit window and inversion', () => {
  const study = { values: Float32Array.from([0, 100, 200]), window: { center: 100.5, width: 201 }, windowSource: 'header', invert: true } as Study;
  assert.deepEqual(Array.from(displayPixels(study)), [255, 128, 0]);
  assert.deepEqual(Array.from(displayPixels(study, undefined, false)), [0, 127, 255]);
  assert.deepEqual(Array.from(displayPixels(study, { center: 0.5, width: 1 }, false)), [0, 255, 255]);
});

test('percentile window ignores 1% outliers on each side', () => {
  const v = new Float32Array(1000);
  for (let i = 0; i < 1000; i++) v[i] = i < 5 ? -30000 : i > 994 ? 30000 : 100 + (i % 100);
  const w = percentileWindow(v, -30000, 30000);
  assert.ok(w.center - w.width / 2 > 90 && w.center + w.width / 2 < 210, JSON.stringify(w));
});

test('spineLungContrast: positive for a chest shown correctly, negative inverted', () => {
  const px = Uint8Array.from(chestPhantom(100, 100, 0, 255));
  const c = spineLungContrast(px, 100, 100);
  assert.ok(c > 100, String(c));
  assert.ok(spineLungContrast(px.map((v) => 255 - v), 100, 100) < -100);
});
