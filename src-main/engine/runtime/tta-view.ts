// One test-time augmentation view of normalised NHWC images, as the PyTorch recipe makes it
// (training/pytorch/augment.py tta_view): affine_grid with theta [[1/zoom, 0, sx], [0, 1/zoom, sy]]
// and grid_sample (bilinear, zero padding, align_corners=False) on the [0, 1] image, then mean/std.
// The transform is axis-aligned, so each output pixel mixes two rows and two columns. The app holds
// images already normalised; the raw image's zero padding is -mean/std there, hence the offset term.

/** [zoom, shiftX, shiftY]; shifts in half-widths of the image (torch's normalised coordinates). */
export type TtaView = readonly [number, number, number];

export const isIdentityView = (v: TtaView): boolean => v[0] === 1 && v[1] === 0 && v[2] === 0;

interface Taps {
  i0: Int32Array;
  i1: Int32Array;
  w0: Float64Array;
  w1: Float64Array;
}

/** Source indices and weights along one axis of `size` pixels (weight 0 outside the image). */
function taps(size: number, zoom: number, shift: number): Taps {
  const t: Taps = { i0: new Int32Array(size), i1: new Int32Array(size), w0: new Float64Array(size), w1: new Float64Array(size) };
  for (let j = 0; j < size; j++) {
    const out = (2 * j + 1) / size - 1;
    const src = out / zoom + shift;
    const p = ((src + 1) * size - 1) / 2;
    const f = Math.floor(p);
    const frac = p - f;
    const inside = (i: number) => i >= 0 && i < size;
    t.i0[j] = inside(f) ? f : 0;
    t.w0[j] = inside(f) ? 1 - frac : 0;
    t.i1[j] = inside(f + 1) ? f + 1 : 0;
    t.w1[j] = inside(f + 1) ? frac : 0;
  }
  return t;
}

/**
 * Writes view `v` of n normalised NHWC images (size x size x 3) into dst from dstOffset.
 * mean/std: the card's normalisation, which the padding must undo.
 */
export function writeView(
  src: Float32Array,
  n: number,
  size: number,
  v: TtaView,
  norm: { mean: readonly number[]; std: readonly number[] },
  dst: Float32Array,
  dstOffset: number,
): void {
  const per = size * size * 3;
  if (isIdentityView(v)) {
    dst.set(src.subarray(0, n * per), dstOffset);
    return;
  }
  const [zoom, sx, sy] = v;
  const xs = taps(size, zoom, sx);
  const ys = taps(size, zoom, sy);
  const pad = [0, 1, 2].map((c) => norm.mean[c] / norm.std[c]);
  for (let i = 0; i < n; i++) {
    const base = i * per;
    let o = dstOffset + base;
    for (let y = 0; y < size; y++) {
      const r0 = base + ys.i0[y] * size * 3;
      const r1 = base + ys.i1[y] * size * 3;
      const wy0 = ys.w0[y];
      const wy1 = ys.w1[y];
      for (let x = 0; x < size; x++) {
        const c0 = xs.i0[x] * 3;
        const c1 = xs.i1[x] * 3;
        const wx0 = xs.w0[x];
        const wx1 = xs.w1[x];
        const a = wy0 * wx0, b = wy0 * wx1, c = wy1 * wx0, d = wy1 * wx1;
        const missing = a + b + c + d - 1;
        for (let ch = 0; ch < 3; ch++) {
          dst[o++] = a * src[r0 + c0 + ch] + b * src[r0 + c1 + ch] + c * src[r1 + c0 + ch] + d * src[r1 + c1 + ch] + pad[ch] * missing;
        }
      }
    }
  }
}
