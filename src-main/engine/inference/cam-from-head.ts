// Grad-CAM from the last conv block's output and the head's weights, without autodiff. For global
// average pooling + one dense unit, d(logit)/dA_k(y,x) = w_k / (h*w) everywhere, so Grad-CAM's
// alpha_k = w_k / (h*w) and cam = ReLU(sum_k alpha_k A_k) exactly (Selvaraju et al. 2017, and the
// identity tests/engine/inference/predict.test.ts checks against tf.grad through the real head).
import type { RuntimeHead, RuntimeTensor } from '../runtime/inference-runtime';

/** A class-activation map: row-major, rows x columns. */
export interface CamMap {
  rows: number;
  columns: number;
  values: Float32Array;
}

/** Grad-CAM of image `index` of an NHWC feature batch, at feature-grid size, ReLU applied, not normalised. */
export function camFromHead(features: RuntimeTensor, index: number, head: RuntimeHead): CamMap {
  const [n, h, w, c] = features.shape;
  if (features.shape.length !== 4 || index < 0 || index >= n) {
    throw new Error(`Grad-CAM: image ${index} of features shaped [${features.shape.join(',')}]`);
  }
  if (head.weights.length !== c) throw new Error(`Grad-CAM: the head has ${head.weights.length} weights for ${c} feature channels`);
  const cells = h * w;
  const values = new Float32Array(cells);
  const base = index * cells * c;
  for (let i = 0; i < cells; i++) {
    let s = 0;
    const at = base + i * c;
    for (let k = 0; k < c; k++) s += head.weights[k] * features.data[at + k];
    values[i] = Math.max(0, s / cells);
  }
  return { rows: h, columns: w, values };
}
