// The Image Pixel module of a data set, validated so decoders can trust it.
import type { DataSet } from 'dicom-parser';
import { AlveoError } from '../../../api/errors';

export interface PixelModule {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  planarConfiguration: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  frames: number;
}

/** Largest image we decode: far above any radiograph (43 cm at 0.1 mm is ~4300 px). */
export const MAX_PIXELS = 100_000_000;

/** US elements read through the data set's own byte order; implicit files give no VR, so guard. */
function us(ds: DataSet, tag: string): number | undefined {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return undefined;
  return ds.uint16(tag);
}

export function readPixelModule(file: string, ds: DataSet): PixelModule {
  const rows = us(ds, 'x00280010');
  const columns = us(ds, 'x00280011');
  const bitsAllocated = us(ds, 'x00280100');
  if (!rows || !columns || !bitsAllocated) {
    throw new AlveoError('CORRUPT', 'the DICOM image has no valid size or bit depth (Rows, Columns, Bits Allocated)', file);
  }
  const bitsStored = us(ds, 'x00280101') ?? bitsAllocated;
  const samplesPerPixel = us(ds, 'x00280002') ?? 1;
  const photometricInterpretation = (ds.string('x00280004') ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).trim().toUpperCase();
  const framesText = ds.string('x00280008');
  const frames = framesText ? Math.max(1, parseInt(framesText, 10) || 1) : 1;
  const pm: PixelModule = {
    rows,
    columns,
    samplesPerPixel,
    photometricInterpretation,
    planarConfiguration: us(ds, 'x00280006') ?? 0,
    bitsAllocated,
    bitsStored: bitsStored > 0 && bitsStored <= bitsAllocated ? bitsStored : bitsAllocated,
    highBit: us(ds, 'x00280102') ?? bitsStored - 1,
    pixelRepresentation: us(ds, 'x00280103') ?? 0,
    frames,
  };
  if (![8, 16, 32].includes(bitsAllocated)) {
    throw new AlveoError('UNSUPPORTED', `images with ${bitsAllocated} bits allocated per pixel are not supported`, file);
  }
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw new AlveoError('UNSUPPORTED', `images with ${samplesPerPixel} samples per pixel are not supported`, file);
  }
  if (rows * columns > MAX_PIXELS) {
    throw new AlveoError(
      'TOO_LARGE',
      `the image is too large to open (${columns} x ${rows} pixels; the limit is ${MAX_PIXELS / 1e6} megapixels)`,
      file,
    );
  }
  return pm;
}

export function bytesPerFrame(pm: PixelModule): number {
  return pm.rows * pm.columns * pm.samplesPerPixel * (pm.bitsAllocated / 8);
}
