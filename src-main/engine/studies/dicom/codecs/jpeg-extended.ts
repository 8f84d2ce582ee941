// JPEG Extended (process 2 & 4, 12-bit samples): no wasm build of a 12-bit libjpeg is published,
// so we use the JPEG decoder that @cornerstonejs/dicom-image-loader ships for exactly this syntax
// (a pdf.js-derived decoder with 12-bit support). Its package exports do not expose the file, so it
// is loaded by path from the pinned package.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface JpegImage {
  parse(data: Uint8Array): void;
  colorTransform: boolean;
  width: number;
  height: number;
  getData(width: number, height: number): Uint8Array;
  getData16(width: number, height: number): Uint16Array | Int16Array;
}

let ctor: Promise<new () => JpegImage> | undefined;

function loadJpegImage(): Promise<new () => JpegImage> {
  if (!ctor) {
    const require = createRequire(import.meta.url);
    const esmDir = dirname(require.resolve('@cornerstonejs/dicom-image-loader'));
    const url = pathToFileURL(join(esmDir, 'codecs', 'jpeg.js')).href;
    ctor = import(url).then((m: { default: new () => JpegImage }) => m.default);
  }
  return ctor;
}

/** Decodes a 12-bit (or 8-bit) DCT JPEG to samples `bytesPerSample` wide, little endian. */
export async function decodeJpegExtended(
  encoded: Uint8Array,
  columns: number,
  rows: number,
  bytesPerSample: 1 | 2,
): Promise<Uint8Array> {
  const JpegImageCtor = await loadJpegImage();
  const jpeg = new JpegImageCtor();
  try {
    jpeg.parse(encoded);
  } catch (err) {
    throw new Error(typeof err === 'string' ? err : err instanceof Error ? err.message : String(err));
  }
  if (jpeg.width !== columns || jpeg.height !== rows) {
    throw new Error(`the JPEG stream is ${jpeg.width} x ${jpeg.height}, the header says ${columns} x ${rows}`);
  }
  jpeg.colorTransform = false;
  const out = bytesPerSample === 2 ? jpeg.getData16(columns, rows) : jpeg.getData(columns, rows);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
