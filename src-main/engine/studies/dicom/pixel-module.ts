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
  // Palette indices are one sample of 8 or 16 bits; 4:2:2 colour is three samples (PS3.3 C.7.6.3.1.2, C.7.6.3.1.5).
  if (photometricInterpretation === 'PALETTE COLOR') {
    if (samplesPerPixel !== 1) {
      throw new AlveoError('CORRUPT', `a PALETTE COLOR image has 1 sample per pixel, but this one says ${samplesPerPixel}`, file);
    }
    if (bitsAllocated === 32) throw new AlveoError('UNSUPPORTED', 'palette colour images with 32 bits allocated per pixel are not supported (DICOM allows 8 or 16)', file);
  }
  if (/^YBR_(FULL|PARTIAL)_42[02]$/.test(photometricInterpretation) && samplesPerPixel !== 3) {
    throw new AlveoError('CORRUPT', `a ${photometricInterpretation} image has 3 samples per pixel, but this one says ${samplesPerPixel}`, file);
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

/** Decoded size of one frame: what the codecs give (they expand 4:2:2 JPEG to full colour). */
export function bytesPerFrame(pm: PixelModule): number {
  return pm.rows * pm.columns * pm.samplesPerPixel * (pm.bitsAllocated / 8);
}

/** 4:2:2 colour: when stored uncompressed, each two pixels hold Y1 Y2 Cb Cr (PS3.3 C.7.6.3.1.2). */
export function isYbr422(photometricInterpretation: string): boolean {
  return photometricInterpretation === 'YBR_FULL_422' || photometricInterpretation === 'YBR_PARTIAL_422';
}

/** Size of one frame stored uncompressed: 4:2:2 colour keeps two samples per pixel, not three. */
export function nativeBytesPerFrame(pm: PixelModule): number {
  return isYbr422(pm.photometricInterpretation) ? pm.rows * pm.columns * 2 * (pm.bitsAllocated / 8) : bytesPerFrame(pm);
}
