// Conv2DBackpropFilter for the wasm backend (which has none): dW = im2col(x)^T . dy, run as
// dy^T [Co, M] . col [M, K] on the backend's XNNPACK matmul, chunked over the batch so the patch
// matrix stays bounded, then transposed to the filter layout [KH, KW, Ci, Co].
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from './tf-type';
import { convGeometry, MAX_COL_ELEMENTS, samplesPerChunk } from './conv-geometry';
import { im2col, patchSize } from './im2col';
import { transpose2d } from './transpose2d';
import { WasmHeap } from './wasm-heap';

type Shape4 = [number, number, number, number];

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
    const rowsPerSample = g.outHeight * g.outWidth;
    const chunk = samplesPerChunk(g, maxColElements);
    const acc = new Float32Array(Co * K); // dW^T [Co, K], summed over chunks
    for (let n0 = 0; n0 < g.batch; n0 += chunk) {
      const n1 = Math.min(g.batch, n0 + chunk);
      const M = (n1 - n0) * rowsPerSample;
      const col = heap.alloc([1, M, K]);
      const dyT = heap.alloc([1, Co, M]);
      im2col(heap.view(x), g, n0, n1, heap.view(col));
      transpose2d(heap.view(dy), n0 * rowsPerSample * Co, M, Co, heap.view(dyT));
      const part = heap.matMul(dyT, col);
      const p = heap.view(part);
      if (n0 === 0) acc.set(p);
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
