// The TensorFlow.js Alveo uses, instead of the @tensorflow/tfjs umbrella (which also brings the
// WebGL backend, the graph-model converter and tfjs-data, none of which Node needs here):
// tfjs-core (tensors, ops, io, gradients) + tfjs-layers (the models), the cpu backend for the
// named 'cpu' choice; tf-backend.ts adds the wasm backend or swaps in tfjs-node. Loaded on first
// use, so commands that never touch a model start without it.
import type * as Core from '@tensorflow/tfjs-core';
import type * as Layers from '@tensorflow/tfjs-layers';

/** The `tf` namespace the engine is handed: what core and layers export (no name is in both). */
export type Tf = typeof Core & typeof Layers;

let loaded: Promise<Tf> | null = null;

/** tfjs-core and tfjs-layers as one namespace (layers registers the gradients), with the cpu backend. */
export function importTf(): Promise<Tf> {
  loaded ??= Promise.all([
    import('@tensorflow/tfjs-core'),
    import('@tensorflow/tfjs-layers'),
    import('./tfjs-side-effects'),
  ]).then(([core, layers]) => ({ ...core, ...layers }) as Tf);
  return loaded;
}
