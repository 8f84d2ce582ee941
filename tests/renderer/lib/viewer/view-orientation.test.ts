// Rotation and flips act on screen as a radiologist expects, and the orientation markers follow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeOrientation, flipHorizontal, flipVertical, orientationMarkers, rotate, UPRIGHT, type ViewOrientation } from '../../../../src-renderer/src/lib/viewer/view-orientation';

/** Where cornerstone puts image pixel (x, y) of a w x h image, centred: R(rotation) · F · p. */
function screenOf(o: ViewOrientation, x: number, y: number): [number, number] {
  const fx = o.hflip ? -x : x;
  const fy = o.vflip ? -y : y;
  const a = (o.rotation * Math.PI) / 180;
  return [Math.round(fx * Math.cos(a) - fy * Math.sin(a)) + 0, Math.round(fx * Math.sin(a) + fy * Math.cos(a)) + 0];
}

test('rotate right moves the top of the picture to the right, four turns return to upright', () => {
  const r = rotate(UPRIGHT, 1);
  assert.deepEqual(screenOf(r, 0, -1), [1, 0]);
  assert.deepEqual([1, 2, 3].reduce((o) => rotate(o, 1), r), UPRIGHT);
  assert.deepEqual(rotate(r, -1), UPRIGHT);
});

test('flips mirror the picture on screen even after a rotation', () => {
  for (const start of [UPRIGHT, rotate(UPRIGHT, 1), rotate(rotate(UPRIGHT, 1), 1)]) {
    const h = flipHorizontal(start);
    const v = flipVertical(start);
    for (const [x, y] of [[1, 0], [0, 1], [2, 3]] as const) {
      const [sx, sy] = screenOf(start, x, y);
      assert.deepEqual(screenOf(h, x, y), [-sx + 0, sy], `H after ${JSON.stringify(start)}`);
      assert.deepEqual(screenOf(v, x, y), [sx, -sy + 0], `V after ${JSON.stringify(start)}`);
    }
    assert.deepEqual(flipHorizontal(h), start);
  }
});

test('markers come from Patient Orientation and follow rotation and flips', () => {
  // PA chest: rows run to the patient's left, columns to the feet.
  assert.deepEqual(orientationMarkers('L\\F', UPRIGHT), { top: 'H', right: 'L', bottom: 'F', left: 'R' });
  assert.deepEqual(orientationMarkers('L\\F', flipHorizontal(UPRIGHT)), { top: 'H', right: 'R', bottom: 'F', left: 'L' });
  assert.deepEqual(orientationMarkers('L\\F', rotate(UPRIGHT, 1)), { top: 'R', right: 'H', bottom: 'L', left: 'F' });
  assert.deepEqual(orientationMarkers('P\\FL', UPRIGHT), { top: 'HR', right: 'P', bottom: 'FL', left: 'A' });
  assert.equal(orientationMarkers(undefined, UPRIGHT), null);
  assert.equal(orientationMarkers('', UPRIGHT), null);
});

test('the corner names the orientation as a turn right, then a flip', () => {
  assert.equal(describeOrientation(UPRIGHT), '');
  assert.equal(describeOrientation(rotate(UPRIGHT, 1)), '90° right');
  assert.equal(describeOrientation(flipHorizontal(rotate(UPRIGHT, 1))), '90° right · flipped');
  assert.equal(describeOrientation(flipVertical(UPRIGHT)), '180° right · flipped');
  assert.equal(describeOrientation(flipVertical(flipHorizontal(UPRIGHT))), '180° right');
  assert.equal(describeOrientation(rotate(UPRIGHT, -1)), '270° right');
});
