// JPEG Lossless (process 14, any predictor incl. SV1) through jpeg-lossless-decoder-js.
import { createRequire } from 'node:module';

interface LosslessDecoder {
  decode(buffer: ArrayBufferLike, offset: number, length: number, numBytes: number): Uint8Array | Uint16Array;
}

const require = createRequire(import.meta.url);
const { Decoder } = require('jpeg-lossless-decoder-js') as { Decoder: new () => LosslessDecoder };

/** Returns the samples `bytesPerSample` wide, little endian. */
export function decodeJpegLossless(encoded: Uint8Array, bytesPerSample: 1 | 2): Uint8Array {
  const out = new Decoder().decode(encoded.buffer, encoded.byteOffset, encoded.length, bytesPerSample);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
