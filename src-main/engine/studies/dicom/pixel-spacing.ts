// Millimetres per pixel for measurements: Pixel Spacing first, else Imager Pixel Spacing (then a
// length is at the detector, not at the patient), else none (lengths in pixels, uncalibrated).
import type { DataSet } from 'dicom-parser';
import type { PixelSpacingInfo } from '../../../api/study-display';

function pair(ds: DataSet, tag: string): [number, number] | undefined {
  if (!ds.elements[tag]) return undefined;
  const [row, column] = (ds.string(tag) ?? '').split('\\').map((s) => Number.parseFloat(s));
  return row > 0 && column > 0 && Number.isFinite(row) && Number.isFinite(column) ? [row, column] : undefined;
}

export function readPixelSpacing(ds: DataSet): PixelSpacingInfo | undefined {
  const ps = pair(ds, 'x00280030');
  if (ps) return { row: ps[0], column: ps[1], source: 'pixel-spacing' };
  const ips = pair(ds, 'x00181164');
  if (ips) return { row: ips[0], column: ips[1], source: 'imager-pixel-spacing' };
  return undefined;
}
