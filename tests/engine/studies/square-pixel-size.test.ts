import assert from 'node:assert/strict';
import { test } from 'node:test';
import { squarePixelSize } from '../../../src-main/engine/studies/square-pixel-size';

test('the axis of the larger spacing is stretched; square, absent or unusable spacing keeps the size', () => {
  assert.deepEqual(squarePixelSize(100, 300, { row: 0.2, column: 0.1 }), { width: 300, height: 200 });
  assert.deepEqual(squarePixelSize(100, 300, { row: 1, column: 2 }), { width: 600, height: 100 });
  // Pixel Aspect Ratio only: row in column widths, column 1.
  assert.deepEqual(squarePixelSize(128, 328, { row: 2, column: 1 }), { width: 328, height: 256 });
  assert.deepEqual(squarePixelSize(100, 300, { row: 0.1, column: 0.1 }), { width: 300, height: 100 });
  assert.deepEqual(squarePixelSize(100, 300), { width: 300, height: 100 });
  assert.deepEqual(squarePixelSize(100, 300, { row: 0, column: 0.1 }), { width: 300, height: 100 });
});
