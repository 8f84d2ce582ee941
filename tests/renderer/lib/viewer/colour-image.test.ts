// A colour study becomes a cornerstone colour image over the engine's RGBA bytes, uncopied.
/// <reference path="../../../../src-renderer/src/lib/viewer/cornerstone-core.d.ts" />
// (cornerstone-core ships no types; the renderer's declaration is not in the Node tsconfig.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colourCsImage } from '../../../../src-renderer/src/lib/viewer/colour-image';
import type { StudyInfo } from '../../../../src-main/api/contract';

const info: StudyInfo = {
  studyId: 's1',
  file: '/x/SC.dcm',
  format: 'dicom',
  rows: 1,
  columns: 2,
  frames: 1,
  minValue: 0,
  maxValue: 255,
  window: { center: 127.5, width: 255 },
  windowSource: 'full-range',
  color: true,
  invert: false,
  photometricInterpretation: 'RGB',
  attributes: {},
  notes: [],
};

test('colour image: color true, RGBA pixels as given, 8-bit range, the engine window', () => {
  const rgba = Uint8Array.from([255, 0, 0, 255, 10, 20, 30, 255]);
  const image = colourCsImage('alveo:s1', info, rgba);
  assert.equal(image.color, true);
  assert.equal(image.getPixelData(), rgba, 'the same array: no copy');
  assert.deepEqual([image.minPixelValue, image.maxPixelValue, image.slope, image.intercept], [0, 255, 1, 0]);
  assert.deepEqual([image.windowCenter, image.windowWidth, image.rows, image.columns, image.sizeInBytes], [127.5, 255, 1, 2, 8]);
});

test('RGBA of the wrong size is refused', () => {
  assert.throws(() => colourCsImage('alveo:s1', info, new Uint8Array(6)), /6 bytes for a 2x1 image/);
});
