// The canvas and the model read the same grey levels: for each kind of display (LINEAR, LINEAR_EXACT,
// SIGMOID, the file's VOI LUT), over a range of values and windows, the engine's bytes
// (display-pixels.ts, what the model reads) equal the levels of the viewer's table (display-lut.ts,
// what cornerstone draws), read as cornerstone-core 2.6 reads it; padded pixels black on both at
// either polarity. It fails if either side's formula changes alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StudyDisplay, VoiLutFunction } from '../../../../src-main/api/study-display';
import { displayPixels } from '../../../../src-main/engine/studies/display-pixels';
import type { Study, VoiLut } from '../../../../src-main/engine/studies/study';
import { displayLut } from '../../../../src-renderer/src/lib/viewer/display-lut';
import { storedPixels, storedRange, storedScale } from '../../../../src-renderer/src/lib/viewer/stored-pixels';
import type { VoiTable } from '../../../../src-renderer/src/lib/viewer/voi-table';

/** The level cornerstone-core draws stored value s with (getVOILut.js generateNonLinearVOILUT, then generateLut.js's invert). */
function drawn(t: VoiTable, s: number, invert: boolean): number {
  const shift = Math.max(...t.lut).toString(2).length - 8;
  const last = t.firstValueMapped + t.lut.length - 1;
  const g = s < t.firstValueMapped ? t.lut[0] >> shift : s >= last ? t.lut[t.lut.length - 1] >> shift : t.lut[s - t.firstValueMapped] >> shift;
  return invert ? 255 - g : g;
}

/** The viewer's levels for `values` at window w (or the file's LUT at the default window). */
function viewerLevels(values: Float32Array, info: { window: { center: number; width: number }; display: StudyDisplay }, w: { center: number; width: number }, invert: boolean, mask?: Uint8Array): number[] {
  const scale = storedScale(values, mask);
  const t = displayLut(info, scale, w, invert)!;
  const { pixels } = storedPixels(values, mask, scale);
  return [...pixels].map((s) => drawn(t, s, invert));
}

// Integers over a 12-bit range and past it, signed too, so the table's integer path is used: every
// value the viewer stores is then the engine's exact value.
const VALUES = Float32Array.from({ length: 4400 }, (_, i) => i - 200);
const WINDOWS = [
  { center: 1000, width: 1 },
  { center: 1000, width: 3 },
  { center: 2048, width: 4096 },
  { center: 40, width: 400 },
  { center: 3000.5, width: 255 },
  { center: -100, width: 20 },
];

function study(values: Float32Array, fn: VoiLutFunction, extra: Partial<Study> = {}): Study {
  return { values, window: WINDOWS[0], windowSource: 'header', invert: false, display: { presets: [], voiLutFunction: fn }, ...extra } as Study;
}

for (const fn of ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'] as const) {
  test(`${fn}: the engine's bytes are the viewer table's levels, at every window and either polarity`, () => {
    const s = study(VALUES, fn);
    for (const w of WINDOWS) {
      for (const invert of [false, true]) {
        const engine = [...displayPixels(s, w, invert)];
        const viewer = viewerLevels(VALUES, { window: w, display: s.display }, w, invert);
        assert.deepEqual(viewer, engine, `${fn} C ${w.center} W ${w.width}${invert ? ' inverted' : ''}`);
      }
    }
  });
}

test("the file's VOI LUT: the engine's bytes are the viewer table's levels (clamped at both ends)", () => {
  for (const [bits, first] of [[12, 0], [8, -100], [16, 1000]] as const) {
    const top = 2 ** bits - 1;
    const data = Uint16Array.from({ length: 3000 }, (_, i) => Math.round(Math.sqrt(i / 2999) * top));
    const lut: VoiLut = { firstValueMapped: first, numberOfEntries: data.length, bitsPerEntry: bits, data };
    const s = study(VALUES, 'LINEAR', { windowSource: 'voi-lut', voiLut: lut, window: { center: 2048, width: 4096 } });
    const display: StudyDisplay = { presets: [], voiLutFunction: 'LINEAR', voiLut: { firstValueMapped: first, bitsPerEntry: bits, data: [...data] } };
    for (const invert of [false, true]) {
      const engine = [...displayPixels(s, undefined, invert)];
      assert.deepEqual(viewerLevels(VALUES, { window: s.window, display }, s.window, invert), engine, `${bits}-bit LUT from ${first}${invert ? ' inverted' : ''}`);
    }
  }
});

test('padded pixels are black on both, at any window, function and polarity; the others as without padding', () => {
  // Padding at the lowest value (0) and, with a Range Limit, a block at the top (4000..4095).
  const values = Float32Array.from({ length: 4096 }, (_, i) => i);
  const padMask = Uint8Array.from(values, (v) => (v === 0 || v >= 4000 ? 1 : 0));
  for (const fn of ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'] as const) {
    const s = study(values, fn, { padding: { mask: padMask, pixels: 97, value: 0 } });
    for (const w of [{ center: -500, width: 10 }, { center: 2048, width: 4096 }, { center: 5000, width: 10 }]) {
      for (const invert of [false, true]) {
        const engine = [...displayPixels(s, w, invert)];
        const viewer = viewerLevels(values, { window: w, display: s.display }, w, invert, padMask);
        assert.deepEqual(viewer, engine, `${fn} C ${w.center} W ${w.width}${invert ? ' inverted' : ''}`);
        assert.ok(viewer.every((g, i) => !padMask[i] || g === 0), 'padding black');
      }
    }
  }
});

test('padding gets a stored integer of its own beside the image, whatever the kind of storage', () => {
  const mask = Uint8Array.of(1, 0, 0, 1);
  const int16 = storedScale(Float32Array.of(-2000, 5, 9, -2000), mask);
  assert.deepEqual([int16.kind, int16.minStored, int16.maxStored, int16.padding], ['int16', 5, 9, 10]);
  const full = storedScale(Float32Array.of(0, -32768, 32767, 0), mask);
  assert.equal(full.kind, 'quantised', 'the whole int16 range taken: quantised, padding on its own integer');
  assert.equal(full.padding, 65535);
  assert.ok(full.maxStored < 65535);
  const uint16 = storedScale(Float32Array.of(0, 1, 65535, 0), mask);
  assert.deepEqual([uint16.kind, uint16.padding], ['uint16', 0], 'no room above: just below');
  const fractional = storedPixels(Float32Array.of(-1, 0.5, 1.5, -1), mask);
  assert.deepEqual([...fractional.pixels], [65535, 0, 65534, 65535]);
  assert.deepEqual(storedRange(fractional), { low: 0, high: 65535 });
});
