// Uncompressed YBR_FULL_422 and YBR_PARTIAL_422 (PS3.3 C.7.6.3.1.2): each two pixels of a row
// store Y1 Y2 Cb Cr, the chroma taken at the first of the two. Expanded here to one Y Cb Cr
// triplet per pixel (colour-by-pixel), the layout colour-pixels.ts and modality-values.ts read.
import type { PixelModule } from './pixel-module';

/** `bytes`: one frame as stored (2 samples a pixel); returns 3 samples a pixel, same width. */
export function expandYbr422(bytes: Uint8Array, pm: PixelModule): Uint8Array {
  const w = pm.bitsAllocated / 8;
  const pairs = (pm.rows * pm.columns) / 2;
  const out = new Uint8Array(pairs * 6 * w);
  for (let p = 0; p < pairs; p++) {
    const s = 4 * w * p;
    const d = 6 * w * p;
    for (let b = 0; b < w; b++) {
      const cb = bytes[s + 2 * w + b];
      const cr = bytes[s + 3 * w + b];
      out[d + b] = bytes[s + b];
      out[d + w + b] = cb;
      out[d + 2 * w + b] = cr;
      out[d + 3 * w + b] = bytes[s + w + b];
      out[d + 4 * w + b] = cb;
      out[d + 5 * w + b] = cr;
    }
  }
  return out;
}
