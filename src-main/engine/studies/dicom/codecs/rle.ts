// DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits
// segment per byte plane (most significant byte first, sample by sample). Written here because the
// only packaged decoder (inside @cornerstonejs/dicom-image-loader) neither validates offsets (a
// damaged header sends it through billions of iterations) nor handles 16-bit colour.

export interface RleFrame {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  planarConfiguration: number;
}

/** Decodes one RLE frame to little-endian samples, interleaved or planar as the header says. */
export function decodeRle(encoded: Uint8Array, f: RleFrame): Uint8Array {
  if (encoded.length < 64) throw new Error('the RLE header is truncated');
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const bytesPerSample = f.bitsAllocated / 8;
  const expected = f.samplesPerPixel * bytesPerSample;
  const segments = view.getUint32(0, true);
  if (segments !== expected) throw new Error(`the RLE frame has ${segments} segments, expected ${expected}`);
  const pixels = f.rows * f.columns;
  const out = new Uint8Array(pixels * expected);
  const plane = new Uint8Array(pixels);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + s * 4, true);
    const end = s + 1 < segments ? view.getUint32(8 + s * 4, true) : encoded.length;
    if (start < 64 || end > encoded.length || end < start) throw new Error(`RLE segment ${s + 1} has invalid offsets`);
    unpackBits(encoded, start, end, plane);
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // segments go MSB first; output is LE
    if (f.planarConfiguration === 1) {
      const base = sample * pixels * bytesPerSample + byteInSample;
      for (let i = 0; i < pixels; i++) out[base + i * bytesPerSample] = plane[i];
    } else {
      const stride = expected;
      const base = sample * bytesPerSample + byteInSample;
      for (let i = 0; i < pixels; i++) out[base + i * stride] = plane[i];
    }
  }
  return out;
}

/** PackBits: n in 0..127 copies n+1 literal bytes, n in -127..-1 repeats the next byte 1-n times, -128 is a no-op. */
function unpackBits(src: Uint8Array, start: number, end: number, dst: Uint8Array): void {
  let i = start;
  let o = 0;
  while (i < end && o < dst.length) {
    const n = src[i++];
    if (n < 128) {
      const count = Math.min(n + 1, dst.length - o, end - i);
      dst.set(src.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n > 128) {
      const count = Math.min(257 - n, dst.length - o);
      dst.fill(src[i++], o, o + count);
      o += count;
    }
  }
  if (o < dst.length) throw new Error(`an RLE segment ended early (${o} of ${dst.length} bytes)`);
}
