// Naming the file's VOI LUT (review 34 F5): when it is the display, and with its LUT Explanation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { showsFileVoiLut, voiLutName } from '../../../../src-renderer/src/lib/viewer/file-voi-lut';

const lut = { firstValueMapped: 0, bitsPerEntry: 12, data: Array.from({ length: 4096 }, (_, i) => i) };
const info = { window: { center: 2048, width: 4096 }, maxValue: 4095, display: { presets: [], voiLutFunction: 'LINEAR' as const, voiLut: lut } };

test('the LUT is the display at the default window only, and only for a file that has one', () => {
  assert.equal(showsFileVoiLut(info, { center: 2048, width: 4096 }), true);
  assert.equal(showsFileVoiLut(info, { center: 2000, width: 4096 }), false, 'a dragged window is linear');
  assert.equal(showsFileVoiLut({ ...info, display: { presets: [], voiLutFunction: 'LINEAR' } }, info.window), false);
  // Whatever the range of the values: the table is built over the stored values (review 42 F5).
  const wide = { window: info.window, minValue: 1000, maxValue: 200_000, display: info.display };
  assert.equal(showsFileVoiLut(wide, info.window), true);
  assert.equal(showsFileVoiLut({ ...info, display: { ...info.display, voiLut: { ...lut, data: [] } } }, info.window), false, 'an empty LUT is not drawn');
});

test('named with the explanation when the file gives one', () => {
  assert.equal(voiLutName('SQRT'), 'VOI LUT: SQRT');
  assert.equal(voiLutName(''), 'VOI LUT');
  assert.equal(voiLutName(undefined), 'VOI LUT');
});
