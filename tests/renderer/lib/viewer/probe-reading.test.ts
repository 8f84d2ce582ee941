// The pixel probe reads the pixel it is drawn on (review 42 F4): cornerstone's image coordinates
// put pixel i at [i, i+1), as the canvas and the hover readout have it; cornerstone-tools' own
// probe rounded, and read the right or lower neighbour from the middle of a pixel on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probedPixel, probeReading } from '../../../../src-renderer/src/lib/viewer/probe-reading';
import { probeListText } from '../../../../src-renderer/src/lib/viewer/probe-text';

// The review's checker: value = (x % 2) * 3000 + 16 y + x, every value unique, columns alternating.
const columns = 64;
const rows = 64;
const values = new Float32Array(columns * rows).map((_, i) => ((i % columns) % 2) * 3000 + 16 * Math.floor(i / columns) + (i % columns));
const pixels = { values, columns, rows, rescale: null };

test('a probe anywhere inside a pixel reads that pixel, not its right or lower neighbour', () => {
  assert.deepEqual(probedPixel({ x: 32.9, y: 31.6 }), { x: 32, y: 31 });
  assert.deepEqual(probedPixel({ x: 32, y: 31 }), { x: 32, y: 31 });
  assert.deepEqual(probedPixel({ x: 32.5, y: 31.5 }), { x: 32, y: 31 });
  const r = probeReading({ x: 32.7, y: 31.8 }, pixels);
  assert.deepEqual([r.x, r.y, r.mo], [32, 31, 528], 'the dark column 32, row 31 (the review read 3545 at (33, 32))');
  assert.equal(probeListText(r), 'value 528 at (32, 31)');
});

test('the right half of the last column and the lower half of the last row are still on the image', () => {
  const r = probeReading({ x: 63.8, y: 63.9 }, pixels);
  assert.deepEqual([r.x, r.y, r.mo], [63, 63, 3000 + 16 * 63 + 63]);
  assert.deepEqual(probeReading({ x: 64.01, y: 10 }, pixels), {});
  assert.deepEqual(probeReading({ x: -0.2, y: 10 }, pixels), {});
});

test('with a rescale, the probe gives the stored value and the unit as the readout does', () => {
  const ct = { values: new Float32Array([-1022.75, 65.25]), columns: 2, rows: 1, rescale: { slope: 0.5, intercept: -1024.25, unit: 'HU' } };
  const r = probeReading({ x: 0.6, y: 0.2 }, ct);
  assert.equal(probeListText(r), 'stored 3 → value -1022.75 HU at (0, 0)');
  assert.equal(probeListText(probeReading({ x: 1.99, y: 0.99 }, ct)), 'stored 2179 → value 65.25 HU at (1, 0)');
});

test('a padded pixel reads as padding, not as its padding value; a Modality LUT pixel gives its stored value', () => {
  const paddingMask = new Uint8Array(columns * rows);
  paddingMask[0] = 1;
  const padded = probeReading({ x: 0.5, y: 0.5 }, { ...pixels, paddingMask });
  assert.deepEqual(padded, { x: 0, y: 0, padding: true });
  assert.equal(probeListText(padded), 'padding (outside the image) at (0, 0)');
  assert.equal(probeListText(probeReading({ x: 1.5, y: 0.5 }, { ...pixels, paddingMask })), 'value 3001 at (1, 0)');
  const storedValues = Int32Array.from(values, (_, i) => i + 7);
  const lut = probeReading({ x: 32.5, y: 31.5 }, { ...pixels, rescale: { slope: 1, intercept: 0, unit: 'OD', lut: true }, storedValues });
  assert.equal(probeListText(lut), `stored ${31 * 64 + 32 + 7} → value 528 OD at (32, 31)`);
});
