// The classifier head as a function of the last conv block's output, for Grad-CAM. It is rebuilt
// from the model's own layers (layer4_out -> ... -> fc), so Grad-CAM stays right if the head
// changes (dropout, a different pooling); the fc weights are only the fallback.
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { LayersModel, layers } from '@tensorflow/tfjs-layers';
import type { LoadedModel } from '../model/load-model';
import type { Tf } from '../model/tf-backend';

/** features [1, h, w, C] -> class score (the logit, before the sigmoid) [1, 1]. */
export type CamHead = (features: Tensor4D) => Tensor;

const FEATURES_LAYER = 'layer4_out';
const SCORE_LAYER = 'fc';
const heads = new WeakMap<LayersModel, CamHead>();

export function camHead(tf: Tf, loaded: LoadedModel): CamHead {
  const cached = heads.get(loaded.model);
  if (cached) return cached;
  const chain = layerChain(loaded.model);
  const head: CamHead = chain
    ? (features) => chain.reduce<Tensor>((x, layer) => layer.apply(x, { training: false }) as Tensor, features)
    : analyticHead(tf, loaded.fcWeights, loaded.fcBias);
  heads.set(loaded.model, head);
  return head;
}

/** Layers strictly after layer4_out up to and including fc, in order; null if not a simple chain. */
function layerChain(model: LayersModel): layers.Layer[] | null {
  let layer: layers.Layer;
  try {
    layer = model.getLayer(SCORE_LAYER);
  } catch {
    return null;
  }
  const chain: layers.Layer[] = [];
  for (let depth = 0; depth < 16; depth++) {
    if (layer.name === FEATURES_LAYER) return chain.reverse();
    chain.push(layer);
    const nodes = layer.inboundNodes;
    if (nodes.length !== 1 || nodes[0].inboundLayers.length !== 1) return null;
    layer = nodes[0].inboundLayers[0];
  }
  return null;
}

/** GAP + Dense(1) written out, used only when the model's layers cannot be walked. */
function analyticHead(tf: Tf, fcWeights: Float32Array, fcBias: number): CamHead {
  return (features) => {
    const channels = features.shape[3];
    if (fcWeights.length !== channels) {
      throw new Error(`Grad-CAM: fc has ${fcWeights.length} weights for ${channels} feature channels`);
    }
    const pooled = tf.mean(features, [1, 2]); // [1, C]
    return tf.add(tf.matMul(pooled, tf.tensor2d(fcWeights, [channels, 1])), tf.scalar(fcBias));
  };
}
