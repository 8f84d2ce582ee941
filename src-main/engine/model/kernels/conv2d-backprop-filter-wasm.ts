// Conv2DBackpropFilter for the wasm backend (which has none): dW = im2col(x)^T . dy, run as
// dy^T [Co, M] . col [M, K] on the backend's XNNPACK matmul, then transposed to the filter layout
// [KH, KW, Ci, Co]. M (output positions) is the reduction: XNNPACK does not block it for the cache,
// so it is cut into chunks of ROWS_PER_PASS rows whose products are summed (1.6x faster on the
// first ResNet stage than one pass); the chunks also bound the patch matrix's memory.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { Tf } from './tf-type';
import { convGeometry, MAX_COL_ELEMENTS, rowsPerChunk } from './conv-geometry';
import { im2col, patchRows, patchSize } from './im2col';
import { transpose2d } from './transpose2d';
import { WasmHeap } from './wasm-heap';

type Shape4 = [number, number, number, number];

/** Reduction rows per matmul (measured best from 1024 to 4096 on ResNet18 shapes). */
export const ROWS_PER_PASS = 2048;

export function conv2dBackpropFilterOnHeap(
  tf: Tf,
  backend: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: NamedAttrMap,
  maxColElements = MAX_COL_ELEMENTS,
): TensorInfo {
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error('Conv2DBackpropFilter (wasm): float32 only');
  const filterShape = attrs.filterShape as Shape4;
  const g = convGeometry(
    tf,
    x.shape as Shape4,
    filterShape,
    attrs.strides as [number, number] | number,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const heap = new WasmHeap(tf, backend);
  try {
    const K = patchSize(g);
    const Co = g.outChannels;
    const rows = patchRows(g);
    const chunk = rowsPerChunk(g, maxColElements, ROWS_PER_PASS);
    const acc = new Float32Array(Co * K); // dW^T [Co, K], summed over chunks
    for (let m0 = 0; m0 < rows; m0 += chunk) {
      const m1 = Math.min(rows, m0 + chunk);
      const M = m1 - m0;
      const col = heap.alloc([1, M, K]);
      const dyT = heap.alloc([1, Co, M]);
      im2col(heap.view(x), g, m0, m1, heap.view(col));
      transpose2d(heap.view(dy), m0 * Co, M, Co, heap.view(dyT));
      const part = heap.matMul(dyT, col);
      const p = heap.view(part);
      if (m0 === 0) acc.set(p);
      else for (let i = 0; i < p.length; i++) acc[i] += p[i];
      heap.free(part);
      heap.free(dyT);
      heap.free(col);
    }
    const out = heap.alloc(filterShape);
    transpose2d(acc, 0, Co, K, heap.view(out)); // [Co, K] -> [K, Co] == [KH, KW, Ci, Co]
    return heap.keep(out);
  } finally {
    heap.release();
  }
}

export function conv2dBackpropFilterWasm(tf: Tf): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) =>
      conv2dBackpropFilterOnHeap(tf, backend as BackendWasm, inputs.x as TensorInfo, inputs.dy as TensorInfo, attrs as NamedAttrMap),
  };
}
