// Conv2DBackpropInput for the wasm backend, replacing its naive loop (10-25x slower than the
// forward conv): dcol [M, K] = dy [M, Co] . W^T [Co, K] on XNNPACK, then col2im adds the patches
// back into dx. Chunked over output positions so the patch matrix stays bounded.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
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
