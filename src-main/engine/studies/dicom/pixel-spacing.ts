// Millimetres per pixel for measurements: Pixel Spacing first, else Imager Pixel Spacing (then a
// length is at the detector, not at the patient), else Nominal Scanned Pixel Spacing (a digitised
// film or paper: a length is on the film), else none (lengths in pixels, uncalibrated; with a Pixel
// Aspect Ratio other than 1\1 the pixel's shape is still given, see readPixelAspect). A Pixel
// Spacing that only repeats Imager Pixel Spacing is said to be at the detector too.
// Imager Pixel Spacing with an Estimated Radiographic Magnification Factor (0018,1114; PS3.3: SID
// over SOD) and no Pixel Spacing is divided by that factor: the modality's own estimate of the size
// at the patient (IHE Mammography asks displays to correct so, and to say so; cornerstone3D does).
import type { DataSet } from 'dicom-parser';
import type { PixelSpacingInfo } from '../../../api/study-display';
import { readPixelAspect } from './pixel-aspect';

function pair(ds: DataSet, tag: string): [number, number] | undefined {
  if (!ds.elements[tag]) return undefined;
  const [row, column] = (ds.string(tag) ?? '').split('\\').map((s) => Number.parseFloat(s));
  return row > 0 && column > 0 && Number.isFinite(row) && Number.isFinite(column) ? [row, column] : undefined;
}

/**
 * The Estimated Radiographic Magnification Factor when it is one usable number. SID / SOD cannot be
 * below 1 (the patient is between the source and the detector), so a smaller, zero or unreadable
 * value is no estimate at all: the lengths then stay at the detector, said so, rather than shrunk
 * or stretched by a broken header.
 */
function magnificationFactor(ds: DataSet): number | undefined {
  const text = ds.elements.x00181114 ? (ds.string('x00181114') ?? '').trim() : '';
  if (!text || text.includes('\\')) return undefined;
  const factor = Number(text);
  return Number.isFinite(factor) && factor >= 1 ? factor : undefined;
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
  if (!ips) {
    // Secondary capture of a film or a document (SC Equipment, Conversion Type DF / SD): the
    // scanner's spacing on the medium, which says nothing of the film's own magnification.
    const scanned = pair(ds, 'x00182010');
    if (scanned) return { row: scanned[0], column: scanned[1], source: 'nominal-scanned-pixel-spacing' };
    return readPixelAspect(ds);
  }
  const factor = magnificationFactor(ds);
  if (factor === undefined) return { row: ips[0], column: ips[1], source: 'imager-pixel-spacing' };
  return { row: ips[0] / factor, column: ips[1] / factor, source: 'imager-pixel-spacing-ermf', magnificationFactor: factor, imager: { row: ips[0], column: ips[1] } };
}
