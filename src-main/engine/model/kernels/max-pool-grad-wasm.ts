// MaxPoolGrad for the wasm backend: its own kernel loops naively (~4% of a ResNet18 step at 224
// px). Here each output position scans its window channel-vectorised and routes dy to the first
// maximum in window order (as tfjs's cpu backend and TensorFlow do; it matters after a ReLU, where
// windows of zeros tie). NHWC float32; dilation 1.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { Tf } from './tf-type';

export function maxPoolGradWasm(tf: Tf, fallback?: KernelFunc): KernelConfig {
  return {
    kernelName: 'MaxPoolGrad',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, attrs } = args;
      const backend = args.backend as BackendWasm;
      const dy = inputs.dy as TensorInfo;
      const input = inputs.input as TensorInfo;
      const a = attrs as NamedAttrMap;
      if (input.dtype !== 'float32' || dy.dtype !== 'float32' || input.shape.length !== 4) {
        if (fallback) return fallback(args);
        throw new Error('MaxPoolGrad (wasm): float32 NHWC only');
      }
      const info = tf.backend_util.computePool2DInfo(
        input.shape as [number, number, number, number],
        a.filterSize as [number, number] | number,
        a.strides as [number, number] | number,
        1,
        a.pad as 'valid' | 'same' | number,
        a.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
      );
      const out = backend.makeOutput(input.shape, 'float32');
      // Views after the allocation: it may have grown the heap.
      const x = backend.typedArrayFromHeap(input) as Float32Array;
      const g = backend.typedArrayFromHeap(dy) as Float32Array;
      const dx = backend.typedArrayFromHeap(out) as Float32Array;
      dx.fill(0);
      const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
      const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
      const { top, left } = info.padInfo;
      const best = new Float32Array(C);
      const where = new Int32Array(C);
      let o = 0;
      for (let n = 0; n < N; n++) {
        for (let oh = 0; oh < OH; oh++) {
          for (let ow = 0; ow < OW; ow++, o += C) {
            best.fill(-Infinity);
            where.fill(-1);
            for (let kh = 0; kh < KH; kh++) {
              const ih = oh * SH - top + kh;
              if (ih < 0 || ih >= H) continue;
              for (let kw = 0; kw < KW; kw++) {
                const iw = ow * SW - left + kw;
                if (iw < 0 || iw >= W) continue;
                const base = ((n * H + ih) * W + iw) * C;
                for (let c = 0; c < C; c++) {
                  const v = x[base + c];
                  if (v > best[c] || where[c] < 0) {
                    best[c] = v;
                    where[c] = base + c;
                  }
                }
              }
            }
            for (let c = 0; c < C; c++) if (where[c] >= 0) dx[where[c]] += g[o + c];
          }
        }
      }
      return out;
    },
  };
}
