// Conv2DBackpropInput for the wasm backend, replacing its naive loop (10-25x slower than the
// forward conv). Stride 1: dx is the forward convolution of dy with the filter flipped in space and
// its channels swapped, padded K-1-p, so XNNPACK's own conv runs it. Other strides:
// dcol [M, K] = dy [M, Co] . W^T [Co, K] on XNNPACK, then col2im adds the patches back into dx,
// chunked over output positions so the patch matrix stays bounded.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './im2col';
import type { Tf } from './tf-type';
import { convGeometry, MAX_COL_ELEMENTS, rowsPerChunk } from './conv-geometry';
import { col2imAdd, patchRows, patchSize } from './im2col';
import { transpose2d } from './transpose2d';
import { WasmHeap } from './wasm-heap';

type Shape4 = [number, number, number, number];

export function conv2dBackpropInputOnHeap(
  tf: Tf,
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  attrs: NamedAttrMap,
  maxColElements = MAX_COL_ELEMENTS,
): TensorInfo {
  const inputShape = attrs.inputShape as Shape4;
  const g = convGeometry(
    tf,
    inputShape,
    filter.shape as Shape4,
    attrs.strides as [number, number] | number,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const heap = new WasmHeap(tf, backend);
  try {
    const viaConv = viaForwardConv(tf, backend, heap, dy, filter, g, inputShape);
    if (viaConv) return viaConv;
    const K = patchSize(g);
    const Co = g.outChannels;
    const rows = patchRows(g);
    const chunk = rowsPerChunk(g, maxColElements);
    const dx = heap.alloc(inputShape);
    const wT = heap.alloc([1, Co, K]);
    heap.view(dx).fill(0);
    transpose2d(heap.view(filter), 0, K, Co, heap.view(wT));
    for (let m0 = 0; m0 < rows; m0 += chunk) {
      const m1 = Math.min(rows, m0 + chunk);
      const M = m1 - m0;
      let dyChunk: TensorInfo;
      if (M === rows) {
        dyChunk = heap.alias(dy, [1, M, Co]);
      } else {
        dyChunk = heap.alloc([1, M, Co]);
        heap.view(dyChunk).set(heap.view(dy).subarray(m0 * Co, m1 * Co));
      }
      const dcol = heap.matMul(dyChunk, wT);
      col2imAdd(heap.view(dcol), g, m0, m1, heap.view(dx));
      heap.free(dcol);
      heap.free(dyChunk);
    }
    return heap.keep(dx);
  } finally {
    heap.release();
  }
}

function viaForwardConv(
  tf: Tf,
  backend: BackendWasm,
  heap: WasmHeap,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
  inputShape: Shape4,
): TensorInfo | null {
  const { filterHeight: KH, filterWidth: KW, inChannels: Ci, outChannels: Co } = g;
  if (g.strideHeight !== 1 || g.strideWidth !== 1) return null;
  const top = KH - 1 - g.padTop;
  const left = KW - 1 - g.padLeft;
  const bottom = g.inHeight - g.outHeight - top + KH - 1;
  const right = g.inWidth - g.outWidth - left + KW - 1;
  if (Math.min(top, left, bottom, right) < 0) return null;
  // flipped[KH-1-kh, KW-1-kw, co, ci] = W[kh, kw, ci, co]
  const flipped = heap.alloc([KH, KW, Co, Ci]);
  const w = heap.view(filter);
  const f = heap.view(flipped);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const src = (kh * KW + kw) * Ci * Co;
      const dst = ((KH - 1 - kh) * KW + (KW - 1 - kw)) * Co * Ci;
      transpose2d(w, src, Ci, Co, f.subarray(dst, dst + Co * Ci));
    }
  }
  const dx = tf.getKernel('Conv2D', 'wasm').kernelFunc({
    inputs: { x: dy, filter: flipped },
    backend,
    attrs: { strides: [1, 1], dilations: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC' },
  }) as TensorInfo;
  if (dx.shape.join() !== inputShape.join()) {
    backend.disposeData(dx.dataId);
    throw new Error(`Conv2DBackpropInput (wasm): got ${dx.shape} for input ${inputShape}`);
  }
  return dx;
}

/** `fallback` (the backend's own kernel) still serves what this one does not: NCHW, non-float32. */
export function conv2dBackpropInputWasm(tf: Tf, fallback?: KernelFunc): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args;
      const dy = inputs.dy as TensorInfo;
      const filter = inputs.filter as TensorInfo;
      const a = attrs as NamedAttrMap;
      if (a.dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') {
        if (fallback) return fallback(args);
        throw new Error('Conv2DBackpropInput (wasm): only float32 NHWC is supported');
      }
      return conv2dBackpropInputOnHeap(tf, backend as BackendWasm, dy, filter, a);
    },
  };
}
