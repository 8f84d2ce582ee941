// The VOI LUT Functions (src-main/api/voi-grey.ts), drawn on the canvas and read by the model
// (review 42 F1): LINEAR (PS3.3 C.11.2.1.2.1, also when the file names none), LINEAR_EXACT
// (C.11.2.1.3.2) and SIGMOID (C.11.2.1.3.1), as 8-bit levels,
// checked against the standard's formulas computed exactly (integer arithmetic) and against the
// levels the engine's display-pixels.ts gives the model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileLutGrey, linearExactGrey, linearGrey, sigmoidGrey, windowGrey } from '../support/grey-of';
import { displayPixels } from '../../src-main/engine/studies/display-pixels';
import type { Study } from '../../src-main/engine/studies/study';

const WEDGE = Array.from({ length: 21 }, (_, i) => 990 + i); // 990..1010, as the review's wedge

/**
 * LINEAR for integer x, c and w >= 1: 0 at or below c - 0.5 - (w-1)/2, 255 above c - 0.5 + (w-1)/2,
 * else y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255 = 255 (2(x - c) + w) / (2 (w - 1)), truncated.
 */
function linearExpected(x: number, c: number, w: number): number {
  if (2 * x <= 2 * c - 1 - (w - 1)) return 0;
  if (2 * x > 2 * c - 1 + (w - 1)) return 255;
  return Math.min(255, Math.floor((255 * (2 * (x - c) + w)) / (2 * (w - 1))));
}

test('LINEAR W 1 is a threshold at C: C itself and above are white, below black', () => {
  const g = linearGrey({ center: 1000, width: 1 });
  assert.deepEqual([998, 999, 1000, 1001, 1002].map(g), [0, 0, 255, 255, 255]);
  assert.equal(g(999.5), 0, 'c - 0.5 is still black');
  assert.equal(g(999.51), 255);
});

test('LINEAR W 3 and W 10 give the C.11.2.1.2.1 levels, not the LINEAR_EXACT ones cornerstone drew', () => {
  assert.deepEqual([998, 999, 1000, 1001, 1002].map(linearGrey({ center: 1000, width: 3 })), [0, 63, 191, 255, 255]);
  assert.deepEqual([998, 999, 1000, 1001, 1002].map(linearGrey({ center: 1000, width: 10 })), [85, 113, 141, 170, 198]);
  for (const w of [1, 2, 3, 10, 200]) {
    const g = linearGrey({ center: 1000, width: w });
    for (let x = 880; x <= 1135; x++) assert.equal(g(x), linearExpected(x, 1000, w), `x ${x}, W ${w}`);
  }
});

test('LINEAR_EXACT W 3, W 10 and W 0.5 give the C.11.2.1.3.2 levels', () => {
  assert.deepEqual([998, 999, 1000, 1001, 1002].map(linearExactGrey({ center: 1000, width: 3 })), [0, 43, 128, 212, 255]);
  assert.deepEqual([998, 999, 1000, 1001, 1002].map(linearExactGrey({ center: 1000, width: 10 })), [76, 102, 128, 153, 178]);
  // W below 1 is valid for LINEAR_EXACT: (x - c)/0.5 + 0.5 over 999.75 .. 1000.25.
  const half = linearExactGrey({ center: 1000, width: 0.5 });
  assert.deepEqual([999, 999.75, 999.875, 1000, 1000.125, 1000.25, 1000.5, 1001].map(half), [0, 0, 64, 128, 191, 255, 255, 255]);
  for (const w of [3, 10, 200]) {
    const g = linearExactGrey({ center: 1000, width: w });
    for (let x = 880; x <= 1135; x++) {
      const y = Math.min(255, Math.max(0, ((x - 1000) / w + 0.5) * 255));
      assert.ok(Math.abs(g(x) - y) <= 0.5 + 1e-9, `x ${x}, W ${w}: ${g(x)} for ${y}`);
    }
  }
});

test('SIGMOID: 255 / (1 + exp(-4 (x - c) / w)), rounded', () => {
  const g = sigmoidGrey({ center: 1000, width: 200 });
  assert.deepEqual([800, 900, 1000, 1100, 1200].map(g), [5, 30, 128, 225, 250]);
  assert.equal(windowGrey('SIGMOID', { center: 1000, width: 200 })(1100), 225);
});

test('the file names the function; none is LINEAR', () => {
  const w = { center: 1000, width: 3 };
  assert.equal(windowGrey(undefined, w)(999), 63);
  assert.equal(windowGrey('LINEAR', w)(999), 63);
  assert.equal(windowGrey('LINEAR_EXACT', w)(999), 43);
});

test("the canvas levels are the model's: the engine's display-pixels gives the same for every function", () => {
  const values = new Float32Array([...WEDGE, 999.75, 1000.25, -3, 5000]);
  for (const fn of ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'] as const) {
    for (const width of [0.5, 1, 2, 3, 10, 200]) {
      if (fn === 'LINEAR' && width < 1) continue;
      const w = { center: 1000, width };
      const g = windowGrey(fn, w);
      // The engine's whole-image path, as the model gets it (what displayPixels reads of a study).
      const study = { values, window: w, windowSource: 'header', invert: false, display: { presets: [], voiLutFunction: fn } } as unknown as Study;
      assert.deepEqual([...values].map(g), [...displayPixels(study, w, false)], `${fn} W ${width}`);
    }
  }
});

test("the file's VOI LUT: entry round(x) - first, clamped, scaled to 8 bits", () => {
  const g = fileLutGrey({ firstValueMapped: -2048, bitsPerEntry: 12, data: [0, 1365, 2730, 4095] });
  assert.deepEqual([-3000, -2048, -2047.4, -2047, -2046, -2045, 0].map(g), [0, 0, 85, 85, 170, 255, 255]);
});

test('a VOI LUT entry above its bits (a malformed table) is white, not wrapped round to a dark level', () => {
  const g = fileLutGrey({ firstValueMapped: 0, bitsPerEntry: 8, data: Uint16Array.of(0, 255, 300, 65535) });
  assert.deepEqual([0, 1, 2, 3].map(g), [0, 255, 255, 255]);
});
