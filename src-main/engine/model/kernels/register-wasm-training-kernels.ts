// Makes the wasm backend able to train convolutional nets: it ships no Conv2DBackpropFilter and a
// slow Conv2DBackpropInput, Tile, MaxPoolGrad, and Sum/Mean over leading axes (batch norm). All are (re)registered
// through tfjs's public kernel registry; each falls back to the backend's own kernel where it does not apply.
import type { KernelFunc } from '@tensorflow/tfjs-core';
import type { Tf } from './tf-type';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter-wasm';
import { conv2dBackpropInputWasm } from './conv2d-backprop-input-wasm';
import { maxPoolGradWasm } from './max-pool-grad-wasm';
import { meanWasm, sumWasm } from './reduce-wasm';
import { tileWasm } from './tile-wasm';

const registered = new WeakSet<object>();

/** Idempotent; safe to call before or after the wasm backend is initialised. */
export function registerWasmTrainingKernels(tf: Tf): void {
  if (registered.has(tf)) return;
  registered.add(tf);
  const has = (name: string) => tf.getKernelsForBackend('wasm').some((k) => k.kernelName === name);
  // Unregisters the backend's own kernel and hands it back, as a fallback for what ours skips.
  // Its setup (binding the wasm function) runs lazily, on first use, since it is no longer registered.
  const replace = (name: string): KernelFunc | undefined => {
    if (!has(name)) return undefined;
    const own = tf.getKernel(name, 'wasm');
    tf.unregisterKernel(name, 'wasm');
    const ready = new WeakSet<object>();
    return (args) => {
      if (own.setupFunc && !ready.has(args.backend)) {
        own.setupFunc(args.backend);
        ready.add(args.backend);
      }
      return own.kernelFunc(args);
    };
  };
  if (has('Conv2DBackpropFilter')) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  tf.registerKernel(conv2dBackpropFilterWasm(tf));
  tf.registerKernel(conv2dBackpropInputWasm(tf, replace('Conv2DBackpropInput')));
  tf.registerKernel(tileWasm(replace('Tile')));
  tf.registerKernel(sumWasm(replace('Sum')));
  tf.registerKernel(meanWasm(replace('Mean')));
  tf.registerKernel(maxPoolGradWasm(tf, replace('MaxPoolGrad')));
}
