// Pillow's Image.resize(size, Image.BILINEAR) for 8-bit gray ('L') images, transcribed from its
// Resample.c (precompute_coeffs, normalize_coeffs_8bpc, ImagingResampleHorizontal/Vertical_8bpc):
// a triangle filter widened by the shrink factor (antialiased), weights in 22-bit fixed point,
// the horizontal pass first (rounded to 8 bits), then the vertical one. torchvision's Resize on
// PIL images, which the training recipes use, is this: preprocess.ts enlarges with it (libvips
// 'linear' places an enlarged image's samples differently), and its tests hold the shrinking
// kernel to it and check it byte for byte against Pillow itself where python3 has PIL.

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;

interface Taps {
  first: number;
  weights: number[];
}

function taps(inSize: number, outSize: number): Taps[] {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = filterscale; // the bilinear filter's support is 1
  const out: Taps[] = [];
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const first = Math.max(Math.trunc(center - support + 0.5), 0);
    const count = Math.min(Math.trunc(center + support + 0.5), inSize) - first;
    const w: number[] = [];
    let sum = 0;
    for (let x = 0; x < count; x++) {
      const t = Math.abs((x + first - center + 0.5) / filterscale);
      const v = t < 1 ? 1 - t : 0;
      w.push(v);
      sum += v;
    }
    // Weights are never negative for this filter: C's (int)(0.5 + k * ONE) is a floor here.
    out.push({ first, weights: w.map((v) => Math.floor(0.5 + (sum ? v / sum : 0) * ONE)) });
  }
  return out;
}

const clip8 = (acc: number) => Math.max(0, Math.min(255, Math.floor(acc / ONE)));

/** gray (rows x columns, row-major) resized to height x width as Pillow's BILINEAR does it. */
export function pilBilinear(gray: Uint8Array, rows: number, columns: number, height: number, width: number): Uint8Array {
  const tx = taps(columns, width);
  const ty = taps(rows, height);
  const mid = new Uint8Array(rows * width);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < width; x++) {
      const { first, weights } = tx[x];
      let acc = ONE / 2;
      for (let i = 0; i < weights.length; i++) acc += gray[y * columns + first + i] * weights[i];
      mid[y * width + x] = clip8(acc);
    }
  }
  const out = new Uint8Array(height * width);
  for (let y = 0; y < height; y++) {
    const { first, weights } = ty[y];
    for (let x = 0; x < width; x++) {
      let acc = ONE / 2;
      for (let i = 0; i < weights.length; i++) acc += mid[(first + i) * width + x] * weights[i];
      out[y * width + x] = clip8(acc);
    }
  }
  return out;
}
