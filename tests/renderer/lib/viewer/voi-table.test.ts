// The VOI LUT table cornerstone draws with (voi-table.ts, display-lut.ts): read as cornerstone-core
// 2.6 reads it (getVOILut.js generateNonLinearVOILUT: bit depth from the largest entry, the top 8
// bits kept, values past either end clamped), it gives the grey level of each stored value's
// modality value, for any range of values (review 42 F5: past 65,536 values the SIGMOID and the
// file's VOI LUT were replaced by a linear window).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StudyDisplay } from '../../../../src-main/api/study-display';
import { displayLut } from '../../../../src-renderer/src/lib/viewer/display-lut';
import { storedPixels, storedScale } from '../../../../src-renderer/src/lib/viewer/stored-pixels';
import { fileLutGrey, sigmoidGrey, type GreyOf } from '../../../support/grey-of';
import { voiTable, type VoiTable } from '../../../../src-renderer/src/lib/viewer/voi-table';

/** cornerstone-core's lookup for stored value s (image slope 1, intercept 0, as the loader sets). */
function cornerstoneGrey(t: VoiTable, s: number): number {
  const bits = Math.max(...t.lut).toString(2).length;
  const last = t.firstValueMapped + t.lut.length - 1;
  if (s < t.firstValueMapped) return t.lut[0] >> (bits - 8);
  if (s >= last) return t.lut[t.lut.length - 1] >> (bits - 8);
  return t.lut[s - t.firstValueMapped] >> (bits - 8);
}

/** Every pixel drawn at the grey level of its modality value (up to the 16-bit quantisation of wide ranges). */
function assertDrawn(values: Float32Array, t: VoiTable, grey: GreyOf, tolerance = 0): void {
  const px = storedPixels(values);
  for (let i = 0; i < values.length; i++) {
    const got = cornerstoneGrey(t, px.pixels[i]);
    assert.ok(Math.abs(got - grey(values[i])) <= tolerance, `value ${values[i]}: ${got}, expected ${grey(values[i])}`);
  }
}

const display = (d: Partial<StudyDisplay>): StudyDisplay => ({ presets: [], voiLutFunction: 'LINEAR', ...d });

test('a dark window still reads as 16-bit entries (the closing full-scale entry)', () => {
  const values = new Float32Array([0, 1, 2, 3]);
  const t = voiTable(storedScale(values), (v) => new Uint8Array(v.length).fill(3), 'x');
  assert.equal(t.lut.length, 5);
  assert.deepEqual([0, 1, 2, 3].map((s) => cornerstoneGrey(t, s)), [3, 3, 3, 3]);
});

test('signed 16-bit values: the table starts at the lowest stored value', () => {
  const values = new Float32Array([-1024, -1000, 0, 3071]);
  const info = { window: { center: 0, width: 10 }, display: display({}) };
  const t = displayLut(info, storedScale(values), info.window)!;
  assert.equal(t.firstValueMapped, -1024);
  assert.deepEqual([...values].map((_, i) => cornerstoneGrey(t, storedPixels(values).pixels[i])), [0, 0, 141, 255]);
});

test('SIGMOID over 131,071 values (slope 2) is drawn as a sigmoid, not as a linear window', () => {
  const values = new Float32Array(65536).map((_, i) => 2 * i); // 0 … 131070
  const w = { center: 65535, width: 40000 };
  const info = { window: w, display: display({ voiLutFunction: 'SIGMOID' }) };
  const t = displayLut(info, storedScale(values), w)!;
  assert.ok(t.lut.length <= 65537, `${t.lut.length} entries`);
  // The review's points: expected 9, 42, 215, 246 (a linear window drew 0, 24, 234, 255).
  const at = (v: number) => cornerstoneGrey(t, storedPixels(values).pixels[v / 2]);
  assert.deepEqual([32896, 49344, 82240, 98688].map(at), [9, 42, 215, 246]);
  assertDrawn(values, t, sigmoidGrey(w));
});

test("the file's VOI LUT over values past 65,535 (intercept 1000) is drawn through the LUT", () => {
  const values = new Float32Array(4097).map((_, i) => (i === 4096 ? 66535 : 1000 + i));
  const data = Array.from({ length: 4096 }, (_, i) => Math.round(Math.sqrt(i / 4095) * 4095));
  const lut = { firstValueMapped: 0, bitsPerEntry: 12, data };
  const info = { window: { center: 2048, width: 4096 }, display: display({ voiLut: lut }) };
  const t = displayLut(info, storedScale(values), info.window)!;
  assert.equal(t.id, 'file-voi-lut');
  assertDrawn(values, t, fileLutGrey(lut));
  assert.equal(cornerstoneGrey(t, storedPixels(values).pixels[0]), fileLutGrey(lut)(1000));
});

test('fractional values (slope 0.5, intercept -1024.25) are windowed at their own values', () => {
  const values = new Float32Array(4081).map((_, i) => (i + 3) * 0.5 - 1024.25); // -1022.75 … 1017.25
  const w = { center: 0, width: 3 };
  const t = displayLut({ window: w, display: display({ voiLutFunction: 'LINEAR_EXACT' }) }, storedScale(values), w)!;
  // 16-bit quantisation over a span of 2040: within 0.016 of each value, at most one level off at an edge.
  assertDrawn(values, t, (x) => Math.min(255, Math.max(0, Math.round(((x - 0) / 3 + 0.5) * 255))), 1);
});

test('a colour image gets no table (its channels are windowed by cornerstone)', () => {
  const values = new Float32Array([0, 255]);
  assert.equal(displayLut({ window: { center: 127.5, width: 255 }, color: true }, storedScale(values), { center: 127.5, width: 255 }), undefined);
});
