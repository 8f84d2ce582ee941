// One forward pass gives both the probability and the last conv block's features; the small
// Grad-CAM map comes from those features and the head's weights, so a prediction and its heatmap
// never cost two passes. Whichever engine serves the runtime (ONNX Runtime or tfjs), the input,
// the outputs and therefore the answers are the same.
import type { Label } from '../../api/contract';
import type { ModelCard } from '../../api/model-card';
import type { SitePolicy } from '../../api/site-policy';
import { checkStudy } from '../guardrails/check-study';
import type { Guardrail } from '../guardrails/guardrail';
import { runtimeFeatureGuardrails } from '../guardrails/ood-guardrail';
import type { InferenceRuntime, RuntimeOutputs } from '../runtime/inference-runtime';
import { refuseAlveoResult } from '../studies/alveo-result';
import { displayPixels } from '../studies/display-pixels';
import type { Study } from '../studies/study';
import { camFromHead, type CamMap } from './cam-from-head';
import { predictionWarningCodes, predictionWarnings } from './prediction-warnings';
import { modelPixels, normalizeInto } from './preprocess';

export interface StudyPrediction {
  probability: number;
  label: Label;
  threshold: number;
  /** Model id (the store entry id). */
  model: string;
  /** The inference engine that computed it, e.g. 'onnxruntime (cpu, 2 threads)', 'tfjs wasm (simd, 1 thread)'. */
  engine: string;
  /** Preprocessing + inference (+ the small Grad-CAM map), milliseconds. */
  ms: number;
  warnings: string[];
  /** The warnings as stable codes, in the same order. */
  warningCodes: string[];
  /** The intended-use guardrails that fired (their reasons are in `warnings` too). */
  guardrails: Guardrail[];
  /** Grad-CAM at feature-grid resolution; see upsample-cam.ts to bring it to the study's size. */
  cam: CamMap;
}

export function labelAt(probability: number, threshold: number): Label {
  return probability >= threshold ? 'PNEUMONIA' : 'NORMAL';
}

/** The model's 8-bit input pixels for a study plus what the guardrails need of it (one display conversion). */
export interface PreparedStudy {
  study: Study;
  /** S x S 8-bit gray, what the model sees. */
  pixels: Uint8Array;
  guardrails: Guardrail[];
}

/** `policy`: the site's (settings.json); the default holds back DICOMs without a usable age. */
export async function prepareStudy(study: Study, card: ModelCard, policy?: SitePolicy): Promise<PreparedStudy> {
  // One display conversion serves both the model input and the pixel guardrails.
  const display = displayPixels(study);
  const pixels = await modelPixels(study, card, display);
  return { study, pixels, guardrails: checkStudy(study, card, display, policy) };
}

/** The prediction of image `index` of a batch run's outputs. */
export function predictionFrom(runtime: InferenceRuntime, card: ModelCard, out: RuntimeOutputs, index: number, guardrails: Guardrail[], ms: number): StudyPrediction {
  const probability = out.probabilities[index];
  if (!Number.isFinite(probability)) throw new Error(`model ${card.id} produced a non-finite probability`);
  const threshold = card.threshold.value;
  // The model's own features: unlike its training images? (models that carry ood.json)
  const all = [...guardrails, ...runtimeFeatureGuardrails(runtime, out.features, index)];
  return {
    probability,
    label: labelAt(probability, threshold),
    threshold,
    model: runtime.modelId,
    engine: runtime.engine,
    ms,
    warnings: predictionWarnings(card, all),
    warningCodes: predictionWarningCodes(card, all),
    guardrails: all,
    cam: camFromHead(out.features, index, runtime.head),
  };
}

/** `card`: the caller's view of the model card (threshold, preprocessing); its weights are the runtime's. */
export async function predictStudy(runtime: InferenceRuntime, card: ModelCard, study: Study, policy?: SitePolicy): Promise<StudyPrediction> {
  // A capture of an earlier answer (its probability burned in) is not an image of the patient.
  refuseAlveoResult(study);
  const started = performance.now();
  const prepared = await prepareStudy(study, card, policy);
  const out = await runtime.run(normalizeInto(prepared.pixels, card), 1);
  return predictionFrom(runtime, card, out, 0, prepared.guardrails, performance.now() - started);
}
