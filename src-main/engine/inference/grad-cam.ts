// Grad-CAM heat at the study's full size, from the small map the forward pass computed
// (cam-from-head.ts), upsampled and normalised for the viewer and the PNG overlay.
import type { ModelCard } from '../../api/model-card';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import type { Study } from '../studies/study';
import { predictStudy } from './predict';
import { upsampleCam } from './upsample-cam';

export { upsampleCam } from './upsample-cam';

export interface StudyGradCam {
  rows: number;
  columns: number;
  /** [0, 1], row-major, the study's full size. */
  heat: Float32Array;
}

/** Grad-CAM for a study at its full size. One forward pass (predictStudy computes the small map). */
export async function gradCam(runtime: InferenceRuntime, card: ModelCard, study: Study): Promise<StudyGradCam> {
  const { cam } = await predictStudy(runtime, card, study);
  return { rows: study.rows, columns: study.columns, heat: upsampleCam(cam, study.rows, study.columns) };
}
