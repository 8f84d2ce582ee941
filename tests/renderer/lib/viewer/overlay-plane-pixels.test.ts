// An overlay plane as the pixels the viewer draws over the image: white where a graphics plane's
// bit is set, one pixel per bit at its origin; clipped to the image when its origin is outside it;
// a region-of-interest plane dims the image outside its bits (dcmtk's ROI mode).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overlayPlanePixels } from '../../../../src-renderer/src/lib/viewer/overlay-plane-pixels';
import type { OverlayPlane } from '../../../../src-main/api/overlay-plane';
import { packOverlayBits } from '../../../fixtures/overlay-plane-elements';

const plane = (p: Partial<OverlayPlane> & { on: (r: number, c: number) => boolean }): OverlayPlane => {
  const rows = p.rows ?? 3;
  const columns = p.columns ?? 4;
  return { group: '6000', type: p.type ?? 'G', rows, columns, top: p.top ?? 0, left: p.left ?? 0, bits: packOverlayBits(rows, columns, 1, (r, c) => p.on(r, c)) };
};

const alpha = (rgba: Uint8ClampedArray) => Array.from({ length: rgba.length / 4 }, (_, i) => rgba[4 * i + 3]);

test('a graphics plane is white where its bits are set, transparent elsewhere, at its origin', () => {
  const px = overlayPlanePixels(plane({ top: 2, left: 5, on: (r, c) => r === c }), 10, 10)!;
  assert.deepEqual([px.x, px.y, px.width, px.height], [5, 2, 4, 3]);
  assert.deepEqual(alpha(px.rgba), [255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0]);
  assert.deepEqual(Array.from(px.rgba.subarray(0, 4)), [255, 255, 255, 255]);
});

test('a plane partly outside the image is clipped to it; one wholly outside draws nothing', () => {
  const px = overlayPlanePixels(plane({ top: -1, left: 8, on: (r, c) => c === 1 }), 10, 10)!;
  // Rows 1-2 of the plane (image rows 0-1), columns 0-1 (image columns 8-9).
  assert.deepEqual([px.x, px.y, px.width, px.height], [8, 0, 2, 2]);
  assert.deepEqual(alpha(px.rgba), [0, 255, 0, 255]);
  assert.equal(overlayPlanePixels(plane({ top: 10, left: 0, on: () => true }), 10, 10), null);
  assert.equal(overlayPlanePixels(plane({ top: 0, left: -4, on: () => true }), 10, 10), null);
});

test('a region-of-interest plane leaves its region clear and dims the rest of its rectangle to 1/16', () => {
  const px = overlayPlanePixels(plane({ type: 'R', rows: 2, columns: 2, on: (r, c) => r === 0 && c === 0 }), 10, 10)!;
  assert.deepEqual(alpha(px.rgba), [0, 240, 240, 240]);
  assert.deepEqual(Array.from(px.rgba.subarray(4, 7)), [0, 0, 0], 'black over the image');
});
