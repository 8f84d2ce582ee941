// Grad-CAM (Selvaraju et al. 2017) by autodiff, for tfjs models: alpha_k = mean over h x w of
// d(logit)/dA_k, cam = ReLU(sum_k alpha_k A_k), with tf.grad through the model's own head (see
// cam-head.ts). Inference uses the closed form (cam-from-head.ts); this is the reference that the
// closed form is tested against, and stays right for heads that are not GAP + one unit.
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { Tf } from '../model/tf-backend';
import type { CamMap } from './cam-from-head';
import type { CamHead } from './cam-head';

export type { CamMap } from './cam-from-head';

/** Grad-CAM at feature-grid resolution (e.g. 7x7 for 224 input), ReLU applied, not normalised. */
export async function camFromFeatures(tf: Tf, head: CamHead, features: Tensor4D): Promise<CamMap> {
  const [n, h, w, c] = features.shape;
  if (n !== 1) throw new Error(`Grad-CAM: one image at a time (got a batch of ${n})`);
  const cam = tf.tidy(() => {
    const grads = tf.grad((a: Tensor) => tf.sum(head(a as Tensor4D)))(features) as Tensor4D;
    const alpha = tf.reshape(tf.mean(grads, [1, 2]), [1, 1, 1, c]);
    return tf.relu(tf.sum(tf.mul(features, alpha), 3)); // [1, h, w]
  });
  try {
    return { rows: h, columns: w, values: new Float32Array(await cam.data()) };
  } finally {
    cam.dispose();
  }
}
