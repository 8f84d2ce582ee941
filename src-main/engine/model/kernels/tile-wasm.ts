// Tile for the wasm backend: its own kernel walks every element with index arithmetic and costs
// ~13% of a ResNet18 training step (batch-norm gradients tile per-channel factors to full size).
// This one copies whole innermost rows and repeats them.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

type Numeric = Float32Array | Int32Array | Uint8Array;

/** out = tile(x, reps) for row-major arrays: out has shape x.shape[i] * reps[i]. */
export function tileInto(x: Numeric, shape: number[], reps: number[], out: Numeric): void {
  const rank = shape.length;
  if (rank === 0) {
    out.set(x);
    return;
  }
  const last = shape[rank - 1];
  const outShape = shape.map((d, i) => d * reps[i]);
  const outRow = outShape[rank - 1];
  const rows = out.length / Math.max(1, outRow);
  // Input strides (elements) of the outer dimensions.
  const inStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = inStrides[i + 1] * shape[i + 1];
  const idx = new Array<number>(Math.max(0, rank - 1)).fill(0); // output index of the outer dims
  for (let r = 0; r < rows; r++) {
    let src = 0;
    for (let i = 0; i < rank - 1; i++) src += (idx[i] % shape[i]) * inStrides[i];
    const dst = r * outRow;
    out.set(x.subarray(src, src + last), dst);
    for (let k = 1; k < reps[rank - 1]; k++) out.copyWithin(dst + k * last, dst, dst + last);
    for (let i = rank - 2; i >= 0; i--) {
      if (++idx[i] < outShape[i]) break;
      idx[i] = 0;
    }
  }
}

export function tileWasm(fallback?: KernelFunc): KernelConfig {
  return {
    kernelName: 'Tile',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, attrs } = args;
      const backend = args.backend as BackendWasm;
      const x = inputs.x as TensorInfo;
      const reps = (attrs as NamedAttrMap).reps as number[];
      if (x.dtype === 'string' || x.dtype === 'complex64') {
        if (fallback) return fallback(args);
        throw new Error(`Tile (wasm): dtype ${x.dtype} not supported`);
      }
      const outShape = x.shape.map((d, i) => d * reps[i]);
      const out = backend.makeOutput(outShape, x.dtype);
      // Views after the allocation: it may have grown the heap.
      tileInto(backend.typedArrayFromHeap(x) as Numeric, x.shape, reps, backend.typedArrayFromHeap(out) as Numeric);
      return out;
    },
  };
}
