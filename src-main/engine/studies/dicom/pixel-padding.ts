// The stored values a grayscale file marks as padding: Pixel Padding Value (0028,0120), up to Pixel
// Padding Range Limit (0028,0121) when given, either way round (PS3.3 C.7.5.1.1.2). They are
// stored values, compared before any rescale or Modality LUT, US or SS as Pixel Representation says.
import type { DataSet } from 'dicom-parser';
import type { PixelModule } from './pixel-module';

export interface PaddingRange {
  /** Lowest and highest padding stored value, inclusive (equal without a Range Limit). */
  low: number;
  high: number;
  /** As the file gives them, for the note. */
  value: number;
  rangeLimit?: number;
}

function stored(ds: DataSet, tag: string, signed: boolean): number | undefined {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return undefined;
  // Pixel Representation decides, not the VR: implicit files give none, and writers that say US
  // over signed pixels mean the same 16 bits.
  return signed ? ds.int16(tag) : ds.uint16(tag);
}

export function readPixelPadding(ds: DataSet, pm: PixelModule): PaddingRange | undefined {
  // Padding is defined for MONOCHROME1/2 only.
  if (pm.samplesPerPixel !== 1 || !pm.photometricInterpretation.startsWith('MONOCHROME')) return undefined;
  const signed = pm.pixelRepresentation === 1;
  const value = stored(ds, 'x00280120', signed);
  if (value === undefined) return undefined;
  const rangeLimit = stored(ds, 'x00280121', signed);
  if (rangeLimit === undefined) return { low: value, high: value, value };
  return { low: Math.min(value, rangeLimit), high: Math.max(value, rangeLimit), value, rangeLimit };
}
