// What the measurement list says about how its lengths are calibrated: the detector's spacing
// divided by the file's Estimated Radiographic Magnification Factor is said as such, with the
// factor, the corrected spacing as a reader reads it and the detector's; the other cases keep
// their wording.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrationDetail, calibrationNote, lengthCaveat, lengthUnit } from '../../../../src-renderer/src/lib/state/calibration-note';

test('Imager Pixel Spacing ÷ ERMF: the factor, the corrected spacing (not 0.19999999999999998) and the detector\'s', () => {
  const spacing = { row: 0.22 / 1.1, column: 0.22 / 1.1, source: 'imager-pixel-spacing-ermf', magnificationFactor: 1.1, imager: { row: 0.22, column: 0.22 } } as const;
  assert.notEqual(spacing.row, 0.2, 'the division is not exact in floating point');
  const note = calibrationNote(spacing);
  assert.equal(note, 'Lengths from Imager Pixel Spacing ÷ ERMF 1.1 (estimated magnification): 0.2 × 0.2 mm', 'short: the box floats over the image');
  assert.match(calibrationDetail(spacing), /^Lengths from Imager Pixel Spacing ÷ ERMF 1\.1 \(estimated magnification\): 0\.2 × 0\.2 mm \(0\.22 × 0\.22 mm at the detector\): the file's estimate at the patient/);
  assert.doesNotMatch(note, /not corrected/);
  assert.match(lengthCaveat(spacing), /corrected for magnification by the file's estimate \(Imager Pixel Spacing ÷ ERMF 1\.1\)/);
});

test('the uncorrected cases keep their wording', () => {
  assert.equal(
    calibrationNote({ row: 0.22, column: 0.22, source: 'imager-pixel-spacing' }),
    'Lengths from Imager Pixel Spacing (0.22 × 0.22 mm): measured at the detector, not corrected for magnification',
  );
  assert.equal(calibrationNote({ row: 0.2, column: 0.2, source: 'pixel-spacing' }), 'Lengths from Pixel Spacing (0.2 × 0.2 mm)');
  assert.match(calibrationNote({ row: 0.16, column: 0.16, source: 'pixel-spacing-at-detector' }), /equals Imager Pixel Spacing with no calibration stated: measured at the detector/);
  assert.equal(calibrationNote(undefined), 'Lengths in pixels: uncalibrated (the file gives no usable pixel spacing)');
  assert.equal(lengthCaveat({ row: 0.2, column: 0.2, source: 'pixel-spacing' }), '');
  assert.equal(lengthCaveat({ row: 0.22, column: 0.22, source: 'imager-pixel-spacing' }), 'measured at the detector (Imager Pixel Spacing): not corrected for magnification');
});

test('Nominal Scanned Pixel Spacing: mm on the scanned film, said so in the note and each length\'s caveat', () => {
  const film = { row: 0.25, column: 0.5, source: 'nominal-scanned-pixel-spacing' } as const;
  assert.equal(lengthUnit(film), 'mm');
  assert.equal(calibrationNote(film), 'Lengths from Nominal Scanned Pixel Spacing (0.25 × 0.5 mm): measured on the scanned film, not at the patient');
  assert.match(lengthCaveat(film), /on the scanned film .*not the size at the patient/);
});

test('Pixel Aspect Ratio alone: lengths in pixels (column widths) with the ratio applied, never mm', () => {
  const aspect = { row: 2, column: 1, source: 'pixel-aspect-ratio', aspect: { row: 2, column: 1 } } as const;
  assert.equal(lengthUnit(aspect), 'pixels');
  assert.equal(calibrationNote(aspect), 'Lengths in pixels (column widths), Pixel Aspect Ratio 2:1 (rows 2 × as far apart as columns) applied: no spacing in mm');
  assert.doesNotMatch(calibrationNote(aspect) + lengthCaveat(aspect), /\d mm/);
  assert.match(lengthCaveat(aspect), /^in pixels \(column widths\), uncalibrated: Pixel Aspect Ratio 2:1/);
  const wide = { row: 0.75, column: 1, source: 'pixel-aspect-ratio', aspect: { row: 3, column: 4 } } as const;
  assert.match(calibrationNote(wide), /Pixel Aspect Ratio 3:4 \(rows 0\.75 × as far apart as columns\)/);
  assert.equal(lengthUnit(undefined), 'pixels');
  assert.equal(lengthUnit({ row: 0.2, column: 0.2, source: 'pixel-spacing' }), 'mm');
});
