import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitScale, linkedViewOf, viewportFor } from '../../../../src-renderer/src/lib/viewer/linked-view';

test('fit scale: the tighter side of the box, sides swapped by a quarter turn', () => {
  const box = { width: 800, height: 600 };
  assert.equal(fitScale(1000, 400, 0, box), 0.6); // 600 / 1000 rows
  assert.equal(fitScale(1000, 400, 90, box), 0.8); // rows across: 800 / 1000
  assert.equal(fitScale(1000, 400, 180, box), 0.6);
  assert.equal(fitScale(1000, 400, 270, box), 0.8);
});

test('a linked view shows the same share of two differently sized images in two boxes', () => {
  const a = { box: { width: 800, height: 600 }, rows: 2000, columns: 1500 };
  const b = { box: { width: 400, height: 500 }, rows: 512, columns: 512 };
  const fitA = fitScale(a.rows, a.columns, 0, a.box);
  const fitB = fitScale(b.rows, b.columns, 0, b.box);
  const view = linkedViewOf(fitA * 3, { x: -120, y: 40 }, fitA, a.box);
  assert.equal(view.zoom, 3);
  const vb = viewportFor(view, fitB, b.box);
  assert.ok(Math.abs(vb.scale - 3 * fitB) < 1e-12);
  // The canvas offset of the image centre, as a share of the box, is the same in both.
  const shareA = { x: (-120 * fitA * 3) / a.box.width, y: (40 * fitA * 3) / a.box.height };
  const shareB = { x: (vb.translation.x * vb.scale) / b.box.width, y: (vb.translation.y * vb.scale) / b.box.height };
  assert.ok(Math.abs(shareA.x - shareB.x) < 1e-12 && Math.abs(shareA.y - shareB.y) < 1e-12);
  // And back: the round trip is the identity.
  const back = linkedViewOf(vb.scale, vb.translation, fitB, b.box);
  assert.ok(Math.abs(back.zoom - view.zoom) < 1e-12 && Math.abs(back.pan.x - view.pan.x) < 1e-12 && Math.abs(back.pan.y - view.pan.y) < 1e-12);
});
