// Stored colour samples -> the 8-bit RGB a reader sees (interleaved, row-major), whatever the
// planar configuration. Native/RLE YBR_FULL still holds Y, Cb, Cr and is converted here (PS3.3
// C.7.6.3.1.2), and so is uncompressed 4:2:2 once ybr-422.ts has expanded it; the JPEG codecs
// already give RGB. Wider samples are scaled to 8 bits, the depth every display and
// cornerstone's colour path take.
import { rawSamples } from './modality-values';
import type { PixelModule } from './pixel-module';

export interface ColourOptions {
  /** Native and RLE data keep whatever sits above High Bit: mask it off. */
  maskToBitsStored: boolean;
  samplesAreYbr: boolean;
  /** YBR_PARTIAL: Y spans 16..235 and Cb, Cr 16..240 (8-bit terms) instead of the full range. */
  partialRange?: boolean;
}

const clamp8 = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

// Partial range stretched to full before the full-range equations: Y by 255/219, Cb and Cr by
// 255/224 (the inverse of PS3.3 C.7.6.3.1.2's YBR_PARTIAL_422 equations).
const Y_PARTIAL = 255 / 219;
const C_PARTIAL = 255 / 224;

export function colourPixels(bytes: Uint8Array, pm: PixelModule, opts: ColourOptions): Uint8Array {
  const raw = rawSamples(bytes, pm.bitsAllocated);
  const n = pm.rows * pm.columns;
  const bits = opts.maskToBitsStored ? Math.min(pm.bitsStored, pm.bitsAllocated) : pm.bitsAllocated;
  // `&` works on 31-bit values only; nothing is masked past that (no real colour image is so wide).
  const masked = bits < 31 ? (v: number) => v & (2 ** bits - 1) : (v: number) => v;
  // Samples wider than 8 bits: the top 8 of the stored bits (codecs give bitsStored-wide values).
  const scale = 255 / (2 ** Math.max(8, pm.bitsStored) - 1);
  const planar = pm.planarConfiguration === 1;
  const out = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) {
    const a = masked(planar ? raw[i] : raw[3 * i]) * scale;
    const b = masked(planar ? raw[n + i] : raw[3 * i + 1]) * scale;
    const c = masked(planar ? raw[2 * n + i] : raw[3 * i + 2]) * scale;
    if (opts.samplesAreYbr) {
      const y = opts.partialRange ? (a - 16) * Y_PARTIAL : a;
      const cb = opts.partialRange ? (b - 128) * C_PARTIAL : b - 128;
      const cr = opts.partialRange ? (c - 128) * C_PARTIAL : c - 128;
      out[3 * i] = clamp8(y + 1.402 * cr);
      out[3 * i + 1] = clamp8(y - 0.344136 * cb - 0.714136 * cr);
      out[3 * i + 2] = clamp8(y + 1.772 * cb);
    } else {
      out[3 * i] = clamp8(a);
      out[3 * i + 1] = clamp8(b);
      out[3 * i + 2] = clamp8(c);
    }
  }
  return out;
}
