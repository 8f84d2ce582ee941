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

/** Rows of the patch matrix: one per output position (n, oh, ow). */
export function patchRows(g: ConvGeometry): number {
  return g.batch * g.outHeight * g.outWidth;
}

/**
 * Calls visit(row offset in the patch matrix, x offset of the input row under filter row kh, first
 * and last+1 valid kw) for every output position in rows [m0, m1) and every filter row that lies
 * inside the image; positions in the padding are left to the caller (zeros).
 */
function forEachPatchRun(
  g: ConvGeometry,
  m0: number,
  m1: number,
  run: (o: number, xRow: number, iw0: number, kwLo: number, kwHi: number) => void,
  outside?: (o: number) => void,
): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW, padTop, padLeft } = g;
  const perSample = OH * OW;
  let n = Math.floor(m0 / perSample);
  let oh = Math.floor((m0 % perSample) / OW);
  let ow = m0 % OW;
  let o = 0;
  for (let m = m0; m < m1; m++) {
    const xn = n * H * W * C;
    const ih0 = oh * SH - padTop;
    const iw0 = ow * SW - padLeft;
    // The run of kw inside the image: the whole filter row in the common case.
    const kwLo = Math.min(KW, Math.max(0, -iw0));
    const kwHi = Math.max(kwLo, Math.min(KW, W - iw0));
    for (let kh = 0; kh < KH; kh++) {
      const ih = ih0 + kh;
      if (ih < 0 || ih >= H) outside?.(o);
      else run(o, xn + ih * W * C, iw0, kwLo, kwHi);
      o += KW * C;
    }
    if (++ow === OW) {
      ow = 0;
      if (++oh === OH) {
        oh = 0;
        n++;
      }
    }
  }
}

/**
 * Writes rows [m0, m1) of the patch matrix into `col`, row-major [m1-m0, patchSize]: row (n, oh, ow)
 * holds the input values under the filter at that output position (0 in the padding).
 */
export function im2col(x: Float32Array, g: ConvGeometry, m0: number, m1: number, col: Float32Array): void {
  const C = g.inChannels;
  const rowLen = g.filterWidth * C;
  forEachPatchRun(
    g,
    m0,
    m1,
    (o, xRow, iw0, kwLo, kwHi) => {
      if (kwLo > 0) col.fill(0, o, o + kwLo * C);
      if (kwHi > kwLo) {
        const src = xRow + (iw0 + kwLo) * C;
        const len = (kwHi - kwLo) * C;
        const dst = o + kwLo * C;
        if (len >= 32) col.set(x.subarray(src, src + len), dst);
        else for (let i = 0; i < len; i++) col[dst + i] = x[src + i];
      }
      if (kwHi * C < rowLen) col.fill(0, o + kwHi * C, o + rowLen);
    },
    (o) => col.fill(0, o, o + rowLen),
  );
}

/** Adds rows [m0, m1) of a patch-matrix gradient `col` back into the input gradient `dx` (NHWC). */
export function col2imAdd(col: Float32Array, g: ConvGeometry, m0: number, m1: number, dx: Float32Array): void {
  const C = g.inChannels;
  forEachPatchRun(g, m0, m1, (o, xRow, iw0, kwLo, kwHi) => {
    let dst = xRow + (iw0 + kwLo) * C;
    const end = dst + (kwHi - kwLo) * C;
    let src = o + kwLo * C;
    while (dst < end) dx[dst++] += col[src++];
  });
}
