// Explanations beside Grad-CAM: LIME (the 'lime' job). The engine cuts the model-size image into
// superpixels, runs perturbed copies through the model and fits a weighted linear surrogate; the
// regions whose presence raises the pneumonia probability most are the explanation.
import type { JobRef } from './shared';

export interface LimeSpec {
  studyId: string;
  /** Default: the active model. */
  modelId?: string;
  /** Perturbed samples, the image itself included (default 1000). */
  samples?: number;
}

/** One region of the explanation, best first. */
export interface LimeRegion {
  /** Index into LimeExplanation.weights and the values of `segments`. */
  region: number;
  /** 1 = the region that raises the probability most. */
  rank: number;
  /** Surrogate coefficient: the change in probability the region's presence brings. */
  weight: number;
  /** Share of the image the region covers, 0..1. */
  area: number;
  /** '#rrggbb' the overlay and its legend draw this region in. */
  color: string;
}

/** LIME's samples ran through an int8 copy of the model calibrated on the first batch. */
export interface LimeQuantization {
  /** Samples the int8 copy was calibrated on (they also ran in float32). */
  calibrationSamples: number;
  /** Largest |int8 - float32| probability over those samples. */
  maxAbsError: number;
  /** The weights' bits: 8, or 7 where the CPU's int8 kernels saturate with 8 (no VNNI); absent from results of older versions. */
  weightBits?: 8 | 7;
}

export interface LimeExplanation {
  studyId: string;
  model: string;
  /** What ran the samples, e.g. 'onnxruntime (cpu, 2 threads)'. */
  engine: string;
  /** The superpixel map at the model's input size (size x size), row-major: region of each pixel. */
  size: number;
  segments: Uint16Array;
  regionCount: number;
  /** Surrogate coefficient of every region. */
  weights: Float32Array;
  /** The regions that raise the probability most (positive weight), best first. */
  top: LimeRegion[];
  /** The model's probability for the unperturbed image (float32 even when the samples ran in int8). */
  probability: number;
  /** Set when the samples ran in int8 (ONNX Runtime on CPU); null: every sample ran in full precision. */
  quantization: LimeQuantization | null;
  /** Weighted R^2 of the surrogate: how well a linear model of the regions follows the model here. */
  r2: number;
  samples: number;
  ms: number;
}

export interface ExplanationApi {
  /** Starts a 'lime' job (progress per batch of samples, cancellable); cached per study and model. */
  startLime(spec: LimeSpec): Promise<JobRef>;
}
