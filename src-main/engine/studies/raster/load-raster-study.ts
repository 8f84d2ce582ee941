// JPEG and PNG studies through sharp: auto-oriented, alpha dropped; the AI reads luminance (Rec. 601
// weights; identical channels stay exactly as they are), a colour picture is also kept in colour to show.
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { AlveoError } from '../../../api/errors';
import type { Study } from '../study';
import { MAX_PIXELS } from '../dicom/pixel-module';
import { fullRangeWindow } from '../window/default-window';
import { PNG_MAX_SIDE, pngDeclaredSize } from './png-header';

function plain(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // libvips' "VipsJpeg: " prefix names the library, not the fault; a cause-less "corrupt header:"
  // keeps no dangling colon.
  return text
    .replace(/^Input (buffer|file) (has|contains) /i, '')
    .split('\n')[0]
    .replace(/^vips\w+: /i, '')
    .replace(/[:\s]+$/, '');
}

function tooLarge(width: number, height: number, file: string): AlveoError {
  return new AlveoError('TOO_LARGE', `the image is too large to open (${width} x ${height} pixels; the limit is ${MAX_PIXELS / 1e6} megapixels)`, file);
}

/** A PNG whose IHDR declares a size sharp refuses without saying why: refused here, in words. */
function checkPngHeader(file: string, bytes: Buffer): void {
  const size = pngDeclaredSize(bytes);
  if (!size) return; // no IHDR where it belongs: sharp says what is wrong
  const { width, height } = size;
  if (width === 0 || height === 0 || width > PNG_MAX_SIDE || height > PNG_MAX_SIDE) {
    throw new AlveoError('CORRUPT', `the PNG header declares an invalid image size (${width} x ${height} pixels)`, file);
  }
  if (width * height > MAX_PIXELS) throw tooLarge(width, height, file);
}

/**
 * Shrink-on-load: when both sides are at least 4x `side`, decode at half, quarter... size (libjpeg
 * scales in the DCT, far cheaper than decoding all pixels and resizing), keeping the shorter side
 * at least 2x `side` so the final resize to the model input still averages several pixels.
 */
function shrunkSize(width: number, height: number, side: number | undefined): { width: number; height: number } | null {
  if (!side) return null;
  const factor = Math.floor(Math.min(width, height) / (2 * side));
  if (factor < 2) return null;
  return { width: Math.round(width / factor), height: Math.round(height / factor) };
}

export async function loadRasterStudy(file: string, bytes: Buffer, format: 'jpeg' | 'png', shrinkFor?: number): Promise<Study> {
  if (format === 'png') checkPngHeader(file, bytes);
  // 'warning', not 'truncated': libjpeg's "Corrupt JPEG data" warnings (entropy data missing before
  // an EOI marker, filled with grey) must refuse the file, as the DICOM JPEG path does.
  const options = { limitInputPixels: MAX_PIXELS, failOn: 'warning' as const };
  let meta: Metadata;
  try {
    // Header only: no pixel limit here, so an oversized image gets our own message with its size.
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch (err) {
    throw new AlveoError('CORRUPT', `the ${format.toUpperCase()} file cannot be read (${plain(err)})`, file);
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (!width || !height) throw new AlveoError('CORRUPT', `the ${format.toUpperCase()} file has no image size`, file);
  if (width * height > MAX_PIXELS) throw tooLarge(width, height, file);
  const sixteen = meta.depth === 'ushort';
  const gray = (meta.channels ?? 3) <= 2;
  // Stay in the file's own colour space: a conversion (grey16 -> rgb16 ...) would change values.
  const space = gray ? (sixteen ? 'grey16' : 'b-w') : sixteen ? 'rgb16' : 'srgb';
  let data: Buffer;
  let info: OutputInfo;
  const decode = (failOn: 'warning' | 'truncated') => {
    const shrunk = shrunkSize(width, height, shrinkFor);
    let pipeline = sharp(bytes, { ...options, failOn }).autoOrient();
    if (shrunk) pipeline = pipeline.resize(shrunk.width, shrunk.height, { fit: 'fill', kernel: 'linear', fastShrinkOnLoad: true });
    return pipeline
      .removeAlpha()
      .toColourspace(space)
      .raw(sixteen ? { depth: 'ushort' } : undefined)
      .toBuffer({ resolveWithObject: true });
  };
  try {
    ({ data, info } = await decode('warning').catch((err: unknown) => {
      // Stray bytes between markers (common in scanners' and exporters' files) are skipped by
      // libjpeg and lose no pixel: only that warning lets the file through.
      if (/extraneous bytes before marker/i.test(String(err))) return decode('truncated');
      throw err;
    }));
  } catch (err) {
    if (/pixel limit/i.test(String(err))) throw new AlveoError('TOO_LARGE', 'the image is too large to open', file);
    throw new AlveoError('CORRUPT', `the ${format.toUpperCase()} file is damaged or truncated (${plain(err)})`, file);
  }
  const n = info.width * info.height;
  const channels = info.channels;
  const samples = sixteen ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2) : data;
  const values = new Float32Array(n);
  let colour = false;
  for (let i = 0; i < n; i++) {
    if (channels >= 3) {
      const r = samples[i * channels];
      const g = samples[i * channels + 1];
      const b = samples[i * channels + 2];
      if (r !== g || g !== b) colour = true;
      values[i] = r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b;
    } else {
      values[i] = samples[i * channels];
    }
  }
  // A colour picture is shown in colour (8 bits per channel, as the viewer draws colour); the AI
  // reads `values`, its luminance. Grey pixels stored as RGB stay a grayscale study.
  let rgb: Uint8Array | undefined;
  if (colour) {
    rgb = new Uint8Array(3 * n);
    const shift = sixteen ? 8 : 0;
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) rgb[3 * i + c] = samples[i * channels + c] >> shift;
  }
  let minValue = Infinity;
  let maxValue = -Infinity;
  for (let i = 0; i < n; i++) {
    if (values[i] < minValue) minValue = values[i];
    if (values[i] > maxValue) maxValue = values[i];
  }
  const bits = sixteen ? 16 : 8;
  const notes: string[] = [];
  if (colour) notes.push(`colour image (${format.toUpperCase()}): the AI reads its grayscale luminance`);
  if ((meta.pages ?? 1) > 1) notes.push(`multi-page image (${meta.pages} pages): first page used`);
  if (info.width !== width || info.height !== height) notes.push(`decoded at ${info.width} x ${info.height} of ${width} x ${height} (shrink-on-load for scoring)`);
  return {
    file,
    format,
    rows: info.height,
    columns: info.width,
    frames: meta.pages ?? 1,
    frame: 0,
    values,
    ...(rgb ? { rgb } : {}),
    minValue,
    maxValue,
    window: fullRangeWindow(0, 2 ** bits - 1),
    windowSource: 'full-range',
    display: { presets: [], voiLutFunction: 'LINEAR' },
    invert: false,
    photometricInterpretation: colour ? 'RGB' : 'MONOCHROME2',
    bitsAllocated: bits,
    bitsStored: bits,
    pixelRepresentation: 0,
    samplesPerPixel: colour ? 3 : 1,
    attributes: {},
    tags: [],
    notes,
  };
}
