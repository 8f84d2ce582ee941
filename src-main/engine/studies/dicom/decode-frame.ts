// Gets the stored pixel bytes of one frame, whatever the transfer syntax: little endian,
// bitsAllocated wide, samples as the header's planar configuration says (uncompressed 4:2:2 as
// stored, Y1 Y2 Cb Cr; palette colour as its indices). These are exactly the bytes GDCM's raw
// decode gives, so their md5 is comparable with it.
import dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { AlveoError } from '../../../api/errors';
import { type PixelModule, bytesPerFrame, nativeBytesPerFrame } from './pixel-module';
import type { TransferSyntax } from './transfer-syntax';
import { decodeWithWasm } from './codecs/wasm-codecs';
import { type CodestreamKind, type DeclaredSize, declaredSize } from './codecs/declared-size';
import { decodeIjgJpeg } from './codecs/ijg-jpeg';
import { decodeRle } from './codecs/rle';
import { checkJpegLsEnd } from './codecs/jpeg-ls-end';

export interface FrameSource {
  file: string;
  dataSet: DataSet;
  pixelModule: PixelModule;
  syntax: TransferSyntax;
}

export function pixelDataElement(file: string, ds: DataSet): Element {
  const el = ds.elements.x7fe00010;
  if (!el) {
    if (ds.elements.x7fe00008 || ds.elements.x7fe00009) {
      throw new AlveoError('UNSUPPORTED', 'floating-point pixel data is not supported', file);
    }
    throw new AlveoError('NO_PIXELS', 'the DICOM file holds no image pixels', file);
  }
  return el;
}

function encodedFrame(src: FrameSource, el: Element, index: number): Uint8Array {
  const { file, dataSet: ds, pixelModule: pm } = src;
  const fragments = el.fragments ?? [];
  if (fragments.length === 0) throw new AlveoError('CORRUPT', 'the compressed pixel data has no fragments', file);
  if (pm.frames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length);
  if (el.basicOffsetTable && el.basicOffsetTable.length > 0) return dicomParser.readEncapsulatedImageFrame(ds, el, index);
  if (fragments.length === pm.frames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, index, 1);
  if (src.syntax.codec === 'rle') {
    // RLE puts each frame in one fragment (PS3.5 A.4.2): a count that differs is the header's or the data's fault.
    throw new AlveoError('CORRUPT', `the header says ${pm.frames} frames (Number of Frames), but the RLE pixel data holds ${fragments.length} fragment${fragments.length === 1 ? '' : 's'}, where each frame takes one`, file);
  }
  // No offset table and several fragments per frame: find frame boundaries from the JPEG markers.
  const table = dicomParser.createJPEGBasicOffsetTable(ds, el);
  return dicomParser.readEncapsulatedImageFrame(ds, el, index, table);
}

function nativeFrame(src: FrameSource, el: Element, index: number): Uint8Array {
  const { file, dataSet: ds, pixelModule: pm } = src;
  const size = nativeBytesPerFrame(pm);
  const start = el.dataOffset + index * size;
  const available = Math.min(el.length, ds.byteArray.length - el.dataOffset);
  if ((index + 1) * size > available) {
    throw new AlveoError(
      'CORRUPT',
      `the pixel data is truncated (frame ${index + 1} needs ${size} bytes; ${Math.max(0, available - index * size)} present)`,
      file,
    );
  }
  const bytes = Uint8Array.prototype.slice.call(ds.byteArray, start, start + size) as Uint8Array;
  if (src.syntax.bigEndian) {
    // Big endian words: 16/32-bit samples, and 8-bit samples packed as OW, are byte-swapped.
    const word = pm.bitsAllocated === 8 ? (el.vr === 'OW' ? 2 : 1) : pm.bitsAllocated / 8;
    swapBytes(bytes, word);
  }
  return bytes;
}

function swapBytes(bytes: Uint8Array, word: number): void {
  if (word === 2) {
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const t = bytes[i];
      bytes[i] = bytes[i + 1];
      bytes[i + 1] = t;
    }
  } else if (word === 4) {
    for (let i = 0; i + 3 < bytes.length; i += 4) {
      let t = bytes[i];
      bytes[i] = bytes[i + 3];
      bytes[i + 3] = t;
      t = bytes[i + 1];
      bytes[i + 1] = bytes[i + 2];
      bytes[i + 2] = t;
    }
  }
}

/** Brings decoded samples to bitsAllocated width (codecs give 8-bit samples for 8-bit streams). */
function toAllocatedWidth(src: FrameSource, bytes: Uint8Array): Uint8Array {
  const pm = src.pixelModule;
  const expected = bytesPerFrame(pm);
  if (bytes.length === expected) return bytes;
  const samples = expected / (pm.bitsAllocated / 8);
  if (bytes.length === samples && pm.bitsAllocated === 16) {
    const wide = new Uint8Array(expected);
    for (let i = 0; i < samples; i++) wide[2 * i] = bytes[i];
    return wide;
  }
  if (bytes.length === samples * 2 && pm.bitsAllocated === 8) {
    const narrow = new Uint8Array(samples);
    for (let i = 0; i < samples; i++) narrow[i] = bytes[2 * i];
    return narrow;
  }
  throw new AlveoError('CORRUPT', `the decoded frame has ${bytes.length} bytes where ${expected} were expected`, src.file);
}

async function decodeCompressed(src: FrameSource, encoded: Uint8Array): Promise<Uint8Array> {
  const pm = src.pixelModule;
  switch (src.syntax.codec) {
    case 'jpeg-baseline':
      return (await decodeWithWasm('libjpeg-turbo', encoded, sizeChecked(src, 'jpeg', encoded))).bytes;
    case 'jpeg-extended':
    case 'jpeg-lossless':
      sizeChecked(src, 'jpeg', encoded);
      return decodeIjgJpeg(encoded, pm);
    case 'jpeg-ls': {
      const declared = sizeChecked(src, 'jpeg-ls', encoded);
      checkJpegLsEnd(encoded);
      return (await decodeWithWasm('charls', encoded, declared)).bytes;
    }
    case 'jpeg-2000':
      return (await decodeWithWasm('openjpeg', encoded, sizeChecked(src, 'jpeg-2000', encoded), pm)).bytes;
    case 'rle':
      return decodeRle(encoded, pm);
    default:
      throw new Error(`no decoder for ${src.syntax.name}`);
  }
}

/**
 * The size the stream's own header declares, refused unless it is the DICOM header's: checked
 * before decoding, because the codecs allocate whatever the stream declares.
 */
function sizeChecked(src: FrameSource, kind: CodestreamKind, encoded: Uint8Array): DeclaredSize {
  const pm = src.pixelModule;
  const declared = declaredSize(kind, encoded);
  if (declared.width !== pm.columns || declared.height !== pm.rows) {
    throw new AlveoError(
      'CORRUPT',
      `the ${src.syntax.name} pixel data declares a ${declared.width} x ${declared.height} image but the DICOM header says ${pm.columns} x ${pm.rows}`,
      src.file,
    );
  }
  return declared;
}

export async function decodeFrameBytes(src: FrameSource, index: number): Promise<Uint8Array> {
  const el = pixelDataElement(src.file, src.dataSet);
  if (src.syntax.codec === 'native') {
    if (el.encapsulatedPixelData) throw new AlveoError('CORRUPT', 'uncompressed transfer syntax but encapsulated pixel data', src.file);
    return nativeFrame(src, el, index);
  }
  if (!el.encapsulatedPixelData) throw new AlveoError('CORRUPT', `${src.syntax.name} needs encapsulated pixel data`, src.file);
  let encoded: Uint8Array;
  try {
    encoded = encodedFrame(src, el, index);
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    throw new AlveoError('CORRUPT', `cannot read frame ${index + 1} of the compressed pixel data (${message(err)})`, src.file);
  }
  let bytes: Uint8Array;
  try {
    bytes = await decodeCompressed(src, encoded);
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    throw new AlveoError('CORRUPT', `the ${src.syntax.name} pixel data cannot be decoded (${message(err)})`, src.file);
  }
  return toAllocatedWidth(src, bytes);
}

function message(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) return err.message;
  return String(err);
}
