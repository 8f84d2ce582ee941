// im2col / col2im for NHWC convolutions: they turn a convolution's weight and input gradients into
// one large matrix multiply, which the wasm backend runs fast (XNNPACK), instead of its naive loops.

/** Geometry of one 2-D convolution (NHWC, dilation 1), as tfjs's computeConv2DInfo gives it. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/** Columns of the patch matrix: one per (kh, kw, inChannel), the filter's own layout. */
export function patchSize(g: ConvGeometry): number {
  return g.filterHeight * g.filterWidth * g.inChannels;
}

/**
 * Writes the patch matrix of samples [n0, n1) into `col`, row-major [(n1-n0)*outH*outW, patchSize]:
 * row (n, oh, ow) holds the input values under the filter at that output position (0 in the padding).
 */
export function im2col(x: Float32Array, g: ConvGeometry, n0: number, n1: number, col: Float32Array): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW, padTop, padLeft } = g;
  const rowLen = KH * KW * C;
  let o = 0;
  for (let n = n0; n < n1; n++) {
    const xn = n * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const ih0 = oh * SH - padTop;
      for (let ow = 0; ow < OW; ow++) {
        const iw0 = ow * SW - padLeft;
        for (let kh = 0; kh < KH; kh++) {
          const ih = ih0 + kh;
          if (ih < 0 || ih >= H) {
            col.fill(0, o, o + KW * C);
            o += KW * C;
            continue;
          }
          const xRow = xn + ih * W * C;
          // Run of valid kw: the whole filter row when it lies inside the image (the common case).
          const kwLo = Math.min(KW, Math.max(0, -iw0));
          const kwHi = Math.max(kwLo, Math.min(KW, W - iw0));
          if (kwLo > 0) col.fill(0, o, o + kwLo * C);
          if (kwHi > kwLo) {
            const src = xRow + (iw0 + kwLo) * C;
            const len = (kwHi - kwLo) * C;
            const dst = o + kwLo * C;
            if (len >= 32) col.set(x.subarray(src, src + len), dst);
            else for (let i = 0; i < len; i++) col[dst + i] = x[src + i];
          }
          if (kwHi < KW) col.fill(0, o + kwHi * C, o + KW * C);
          o += KW * C;
        }
      }
    }
  }
  if (o !== (n1 - n0) * OH * OW * rowLen) throw new Error('im2col: size mismatch');
}

/** Adds the patch-matrix gradient `col` of samples [n0, n1) back into the input gradient `dx` (NHWC). */
export function col2imAdd(col: Float32Array, g: ConvGeometry, n0: number, n1: number, dx: Float32Array): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW, padTop, padLeft } = g;
  let o = 0;
  for (let n = n0; n < n1; n++) {
    const xn = n * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const ih0 = oh * SH - padTop;
      for (let ow = 0; ow < OW; ow++) {
        const iw0 = ow * SW - padLeft;
        for (let kh = 0; kh < KH; kh++) {
          const ih = ih0 + kh;
          if (ih < 0 || ih >= H) {
            o += KW * C;
            continue;
          }
          const xRow = xn + ih * W * C;
          const kwLo = Math.min(KW, Math.max(0, -iw0));
          const kwHi = Math.min(KW, W - iw0);
          if (kwHi > kwLo) {
            let dst = xRow + (iw0 + kwLo) * C;
            const end = dst + (kwHi - kwLo) * C;
            let src = o + kwLo * C;
            while (dst < end) dx[dst++] += col[src++];
          }
          o += KW * C;
        }
      }
    }
  }
}
