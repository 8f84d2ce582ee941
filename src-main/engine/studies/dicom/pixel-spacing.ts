// Millimetres per pixel for measurements: Pixel Spacing first, else Imager Pixel Spacing (then a
// length is at the detector, not at the patient), else none (lengths in pixels, uncalibrated). A
// Pixel Spacing that only repeats Imager Pixel Spacing is said to be at the detector too.
import type { DataSet } from 'dicom-parser';
import type { PixelSpacingInfo } from '../../../api/study-display';

function pair(ds: DataSet, tag: string): [number, number] | undefined {
  if (!ds.elements[tag]) return undefined;
  const [row, column] = (ds.string(tag) ?? '').split('\\').map((s) => Number.parseFloat(s));
  return row > 0 && column > 0 && Number.isFinite(row) && Number.isFinite(column) ? [row, column] : undefined;
}

export function readPixelSpacing(ds: DataSet): PixelSpacingInfo | undefined {
  const ps = pair(ds, 'x00280030');
  const ips = pair(ds, 'x00181164');
  if (ps) {
    // Equal to Imager Pixel Spacing and no calibration type: copied from the detector, so a length
    // is still at the detector (PS3.3 10.7.1.3), however the attribute is named.
    const copied = ips && !ds.string('x00280a02')?.trim() && Math.abs(ps[0] - ips[0]) < 1e-6 && Math.abs(ps[1] - ips[1]) < 1e-6;
    return { row: ps[0], column: ps[1], source: copied ? 'pixel-spacing-at-detector' : 'pixel-spacing' };
  }
  if (ips) return { row: ips[0], column: ips[1], source: 'imager-pixel-spacing' };
  return undefined;
}
