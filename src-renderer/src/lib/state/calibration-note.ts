// How lengths are calibrated, in words, for the measurement list's note and each length's caveat:
// which spacing the file gave, and whether a length is at the detector, on a scanned film, corrected
// to the patient, or in pixels of the file's aspect ratio.
// Pure functions, so the wording is tested without a browser.
import type { PixelSpacingInfo } from '../../../../src-main/api/study-display';

/** Millimetres as a reader reads them: a divided spacing shows 0.2, not 0.19999999999999998. */
function mmText(mm: number): string {
  return String(Number(mm.toPrecision(4)));
}

/** What a length is counted in: pixels when the file gives no spacing in mm (a Pixel Aspect Ratio is only the pixel's shape). */
export function lengthUnit(spacing: PixelSpacingInfo | undefined): 'mm' | 'pixels' {
  return spacing && spacing.source !== 'pixel-aspect-ratio' ? 'mm' : 'pixels';
}

/** "2:1 (rows 2 × as far apart as columns)": the ratio as stored and what it does to a length. */
function aspectText(aspect: { row: number; column: number }): string {
  return `${aspect.row}:${aspect.column} (rows ${mmText(aspect.row / aspect.column)} × as far apart as columns)`;
}

/** The note under the measurements that says once how every length was calibrated. */
export function calibrationNote(spacing: PixelSpacingInfo | undefined): string {
  if (!spacing) return 'Lengths in pixels: uncalibrated (the file gives no usable pixel spacing)';
  switch (spacing.source) {
    case 'imager-pixel-spacing':
      return `Lengths from Imager Pixel Spacing (${spacing.row} × ${spacing.column} mm): measured at the detector, not corrected for magnification`;
    case 'pixel-spacing-at-detector':
      return `Lengths from Pixel Spacing (${spacing.row} × ${spacing.column} mm), which equals Imager Pixel Spacing with no calibration stated: measured at the detector, not corrected for magnification`;
    case 'imager-pixel-spacing-ermf':
      // Short: the box floats over the image (review 39 F4); calibrationDetail says the rest.
      return `Lengths from Imager Pixel Spacing ÷ ERMF ${spacing.magnificationFactor} (estimated magnification): ${mmText(spacing.row)} × ${mmText(spacing.column)} mm`;
    case 'pixel-spacing':
      return `Lengths from Pixel Spacing (${spacing.row} × ${spacing.column} mm)`;
    case 'nominal-scanned-pixel-spacing':
      return `Lengths from Nominal Scanned Pixel Spacing (${spacing.row} × ${spacing.column} mm): measured on the scanned film, not at the patient`;
    case 'pixel-aspect-ratio':
      return `Lengths in pixels (column widths), Pixel Aspect Ratio ${aspectText(spacing.aspect)} applied: no spacing in mm`;
  }
}

/** The note in full, for its tooltip: the detector's spacing and what the correction assumes, where the note is short. */
export function calibrationDetail(spacing: PixelSpacingInfo | undefined): string {
  if (spacing?.source !== 'imager-pixel-spacing-ermf') return calibrationNote(spacing);
  return `${calibrationNote(spacing)} (${spacing.imager.row} × ${spacing.imager.column} mm at the detector): the file's estimate at the patient, true at the depth it assumes`;
}

/** A length's own caveat (its tooltip): '' when the file's Pixel Spacing needs none. */
export function lengthCaveat(spacing: PixelSpacingInfo | undefined): string {
  if (!spacing) return 'uncalibrated: the file gives no usable pixel spacing';
  switch (spacing.source) {
    case 'imager-pixel-spacing':
      return 'measured at the detector (Imager Pixel Spacing): not corrected for magnification';
    case 'pixel-spacing-at-detector':
      return 'measured at the detector (Pixel Spacing equals Imager Pixel Spacing, no calibration stated): not corrected for magnification';
    case 'imager-pixel-spacing-ermf':
      return `corrected for magnification by the file's estimate (Imager Pixel Spacing ÷ ERMF ${spacing.magnificationFactor}): true at the depth it assumes`;
    case 'pixel-spacing':
      return '';
    case 'nominal-scanned-pixel-spacing':
      return 'measured on the scanned film (Nominal Scanned Pixel Spacing of the digitiser): not the size at the patient';
    case 'pixel-aspect-ratio':
      return `in pixels (column widths), uncalibrated: Pixel Aspect Ratio ${aspectText(spacing.aspect)} applied, no spacing in mm`;
  }
}
