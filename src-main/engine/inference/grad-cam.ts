// Grad-CAM heat at the study's full size, from the small map the forward pass computed
// (cam-from-features.ts), upsampled and normalised for the viewer and the PNG overlay.
import type { LoadedModel } from '../model/load-model';
import type { Tf } from '../model/tf-backend';
import type { Study } from '../studies/study';
import type { CamMap } from './cam-from-features';
import { predictStudy } from './predict';

/**
 * Bilinear upsampling (half-pixel centres, like cv2.resize / PyTorch align_corners=False) to
 * rows x columns, then normalised to [0, 1] as pytorch-grad-cam does: (x - min) / max.
 */
export async function upsampleCam(tf: Tf, cam: CamMap, rows: number, columns: number): Promise<Float32Array> {
  const heat = tf.tidy(() => {
    const small = tf.tensor4d(cam.values, [1, cam.rows, cam.columns, 1]);
    const up = tf.image.resizeBilinear(small, [rows, columns], false, true);
    const shifted = tf.sub(up, tf.min(up));
    return tf.div(shifted, tf.add(tf.max(shifted), 1e-7)).reshape([rows * columns]);
  });
  try {
    return new Float32Array(await heat.data());
  } finally {
    heat.dispose();
  }
}

export interface StudyGradCam {
  rows: number;
  columns: number;
  /** [0, 1], row-major, the study's full size. */
  heat: Float32Array;
}

/** Grad-CAM for a study at its full size. One forward pass (predictStudy computes the small map). */
export async function gradCam(tf: Tf, loaded: LoadedModel, study: Study): Promise<StudyGradCam> {
  const { cam } = await predictStudy(tf, loaded, study);
  return { rows: study.rows, columns: study.columns, heat: await upsampleCam(tf, cam, study.rows, study.columns) };
}
