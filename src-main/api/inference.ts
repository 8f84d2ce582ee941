// One study through a model: its probability, label and warnings, and the Grad-CAM heatmap.
import type { Label } from './shared';

export interface Prediction {
  file: string;
  probability: number;
  label: Label;
  threshold: number;
  model: string;
  /** The inference engine that computed it, e.g. 'onnxruntime (cpu, 2 threads)', 'tfjs wasm (simd, 1 thread)'. */
  engine?: string;
  ms: number;
  warnings: string[];
  /** The warnings as stable codes, in the same order ('untrained', 'age', 'view', 'unlike-training'…). */
  warningCodes?: string[];
  /** Said beside the answer, never holding it back: what the site's policy decided for this image. */
  notes?: string[];
}

export interface GradCam {
  studyId: string;
  model: string;
  /** Heat in [0, 1], row-major, `rows` x `columns` (the study's full size). */
  rows: number;
  columns: number;
  heat: Float32Array;
}

export interface InferenceApi {
  predict(studyId: string, modelId?: string): Promise<Prediction>;
  gradCam(studyId: string, modelId?: string): Promise<GradCam>;
  /**
   * The reader asked to see an answer held back by intended-use warnings: recorded in the audit
   * trail (which file, which model, the warnings). Nothing else changes.
   */
  recordReveal(studyId: string, modelId?: string): Promise<void>;
}
