// Thin access to the wasm backend's heap for kernels written in TypeScript: allocate tensors,
// view their memory, and call the backend's own BatchMatMul (XNNPACK, fast only untransposed).
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { Tf } from './tf-type';

export class WasmHeap {
  private readonly matMulKernel: KernelFunc;
  private readonly owned: TensorInfo[] = [];

  constructor(
    tf: Tf,
    readonly backend: BackendWasm,
  ) {
    this.matMulKernel = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
  }

  /** Uninitialised float32 tensor on the heap; freed by release() unless kept. */
  alloc(shape: number[]): TensorInfo {
    const info = this.backend.makeOutput(shape, 'float32');
    this.owned.push(info);
    return info;
  }

  /**
   * A fresh view of a tensor's memory. Any later allocation may grow (and so detach) the heap:
   * take views only after the allocations of a step.
   */
  view(info: TensorInfo): Float32Array {
    return this.backend.typedArrayFromHeap(info) as Float32Array;
  }

  /** Same memory under another shape (like the backend's own Reshape), released with the rest. */
  alias(info: TensorInfo, shape: number[]): TensorInfo {
    this.backend.incRef(info.dataId);
    const alias = { dataId: info.dataId, shape, dtype: info.dtype };
    this.owned.push(alias);
    return alias;
  }

  /** [1, m, k] x [1, k, n] -> [1, m, n], neither transposed (the XNNPACK path). */
  matMul(a: TensorInfo, b: TensorInfo): TensorInfo {
    const out = this.matMulKernel({
      inputs: { a, b },
      backend: this.backend,
      attrs: { transposeA: false, transposeB: false },
    }) as TensorInfo;
    this.owned.push(out);
    return out;
  }

  free(info: TensorInfo): void {
    const i = this.owned.indexOf(info);
    if (i >= 0) this.owned.splice(i, 1);
    this.backend.disposeData(info.dataId);
  }

  /** Hands `info` to the caller (a kernel output): release() will not free it. */
  keep(info: TensorInfo): TensorInfo {
    const i = this.owned.indexOf(info);
    if (i >= 0) this.owned.splice(i, 1);
    return info;
  }

  release(): void {
    for (const info of this.owned.splice(0)) this.backend.disposeData(info.dataId);
  }
}
