import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkedViewOf, viewportFor } from '../../../../src-renderer/src/lib/viewer/linked-view';
import { fitToWindowScale } from '../../../../src-renderer/src/lib/viewer/fit-to-window';

const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-12;

test('a linked view shows the same share of two differently sized images in two boxes', () => {
  const a = { box: { width: 800, height: 600 }, rows: 2000, columns: 1500 };
  const b = { box: { width: 400, height: 500 }, rows: 512, columns: 512 };
  const fitA = fitToWindowScale(a, 0, a.box);
  const fitB = fitToWindowScale(b, 0, b.box);
  const view = linkedViewOf(fitA * 3, { x: -120, y: 40 }, fitA, a.box);
  assert.equal(view.zoom, 3);
  const vb = viewportFor(view, fitB, b.box);
  assert.ok(close(vb.scale, 3 * fitB));
  // The canvas offset of the image centre, as a share of the box, is the same in both.
  const shareA = { x: (-120 * fitA * 3) / a.box.width, y: (40 * fitA * 3) / a.box.height };
  const shareB = { x: (vb.translation.x * vb.scale) / b.box.width, y: (vb.translation.y * vb.scale) / b.box.height };
  assert.ok(close(shareA.x, shareB.x) && close(shareA.y, shareB.y));
  // And back: the round trip is the identity.
  const back = linkedViewOf(vb.scale, vb.translation, fitB, b.box);
  assert.ok(close(back.zoom, view.zoom) && close(back.pan.x, view.pan.x) && close(back.pan.y, view.pan.y));
});

test('a linked view pans a pane of non-square pixels by the same share of its canvas as a square one', () => {
  const box = { width: 600, height: 600 };
  const square = { rows: 500, columns: 500 };
  // Rows twice as far apart as columns: cornerstone draws each image row two canvas pixels high at scale 1.
  const tall = { rows: 250, columns: 500, rowPixelSpacing: 0.2, columnPixelSpacing: 0.1 };
  const stretch = { x: 1, y: 2 };
  const view = linkedViewOf(fitToWindowScale(square, 0, box) * 2, { x: 30, y: 30 }, fitToWindowScale(square, 0, box), box);
  const fitTall = fitToWindowScale(tall, 0, box);
  const vt = viewportFor(view, fitTall, box, stretch);
  // Canvas offset of the centre = translation x scale x stretch, per axis: equal shares in both panes.
  assert.ok(close((vt.translation.x * vt.scale * stretch.x) / box.width, view.pan.x));
  assert.ok(close((vt.translation.y * vt.scale * stretch.y) / box.height, view.pan.y));
  // Ignoring the stretch would move the tall image twice as far down as the square one.
  const unstretched = viewportFor(view, fitTall, box);
  assert.ok(close((unstretched.translation.y * unstretched.scale * stretch.y) / box.height, 2 * view.pan.y));
  const back = linkedViewOf(vt.scale, vt.translation, fitTall, box, stretch);
  assert.ok(close(back.pan.x, view.pan.x) && close(back.pan.y, view.pan.y) && close(back.zoom, view.zoom));
});
