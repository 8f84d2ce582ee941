// Grad-CAM (Selvaraju et al. 2017) on the last conv block: alpha_k = mean over h x w of
// d(logit)/dA_k, cam = ReLU(sum_k alpha_k A_k). The gradient is taken with tf.grad through the
// model's own head (see cam-head.ts), not written out from the fc weights.
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../model/tf-backend';
import type { CamHead } from './cam-head';

/** A class-activation map: row-major, rows x columns. */
export interface CamMap {
  rows: number;
  columns: number;
  values: Float32Array;
}

/** Grad-CAM at feature-grid resolution (e.g. 7x7 for 224 input), ReLU applied, not normalised. */
export async function camFromFeatures(tf: Tf, head: CamHead, features: Tensor4D): Promise<CamMap> {
  const [n, h, w, c] = features.shape;
  if (n !== 1) throw new Error(`Grad-CAM: one image at a time (got a batch of ${n})`);
  const cam = tf.tidy(() => {
    const grads = tf.grad((a: Tensor) => tf.sum(head(a as Tensor4D)))(features) as Tensor4D;
    const alpha = tf.mean(grads, [1, 2]).reshape([1, 1, 1, c]);
    return tf.relu(tf.sum(tf.mul(features, alpha), 3)); // [1, h, w]
  });
  try {
    return { rows: h, columns: w, values: new Float32Array(await cam.data()) };
  } finally {
    cam.dispose();
  }
}
