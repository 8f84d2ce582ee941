// A model whose Grad-CAM can be worked out by hand (no training). With the test normalisation
// (black -2, mid gray ~0, white +2), the "last conv block" has two channels:
//   A0 = relu(x + 1): 0 on black, ~1 on mid gray, 3 on white
//   A1 = relu(x - 1): 0 on black,  0 on mid gray, 1 on white
// averaged over 8x8 cells; then GAP and fc with weights [+1, -4]. Grad-CAM weights are
// alpha = w / (h*w) = [+1, -4] / 64, so cam ~ relu(A0 - 4 A1): ~1 on gray, relu(3 - 4) = 0 on white.
// The heat must sit on the mid-gray square, not on the brighter white one.
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { LoadedModel } from '../../../../src-main/engine/model/load-model';
import type { Tf } from '../../../../src-main/engine/model/tf-backend';
import { testCard } from './test-card';

export const BLOB_INPUT = 64;

export function blobModel(tf: Tf): LoadedModel {
  const input = tf.input({ shape: [BLOB_INPUT, BLOB_INPUT, 3] });
  const detect = tf.layers.conv2d({ filters: 2, kernelSize: 1, useBias: true, name: 'detect' });
  let x = detect.apply(input) as SymbolicTensor;
  x = tf.layers.reLU({ name: 'detect_relu' }).apply(x) as SymbolicTensor;
  const features = tf.layers.averagePooling2d({ poolSize: 8, strides: 8, name: 'layer4_out' }).apply(x) as SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'avgpool' }).apply(features) as SymbolicTensor;
  const fc = tf.layers.dense({ units: 1, name: 'fc' });
  const logit = fc.apply(pooled) as SymbolicTensor;
  const prob = tf.layers.activation({ activation: 'sigmoid', name: 'prob' }).apply(logit) as SymbolicTensor;
  const model: LayersModel = tf.model({ inputs: input, outputs: prob });
  const camModel: LayersModel = tf.model({ inputs: input, outputs: [features, prob] });
  // Only the first input channel is read (the three are equal anyway).
  detect.setWeights([tf.tensor4d([1, 1, 0, 0, 0, 0], [1, 1, 3, 2]), tf.tensor1d([1, -1])]);
  fc.setWeights([tf.tensor2d([1, -4], [2, 1]), tf.tensor1d([0])]);
  const card = testCard({ id: 'blob', inputSize: BLOB_INPUT });
  return {
    entry: { id: 'blob', dir: '/nonexistent/blob', builtIn: false, active: false, card },
    card,
    model,
    camModel,
    fcWeights: new Float32Array([1, -4]),
    fcBias: 0,
  };
}
