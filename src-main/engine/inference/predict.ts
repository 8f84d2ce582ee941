// One forward pass of the CAM model gives both the probability and the last conv block's
// features; the small Grad-CAM map comes from those features, so a prediction and its heatmap
// never cost two passes.
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Label } from '../../api/contract';
import { checkStudy } from '../guardrails/check-study';
import type { Guardrail } from '../guardrails/guardrail';
import type { LoadedModel } from '../model/load-model';
import type { Tf } from '../model/tf-backend';
import { displayPixels } from '../studies/display-pixels';
import type { Study } from '../studies/study';
import { camFromFeatures, type CamMap } from './cam-from-features';
import { camHead } from './cam-head';
import { predictionWarnings } from './prediction-warnings';
import { modelInput } from './preprocess';

export interface StudyPrediction {
  probability: number;
  label: Label;
  threshold: number;
  /** Model id (the store entry id). */
  model: string;
  /** Preprocessing + inference (+ the small Grad-CAM map), milliseconds. */
  ms: number;
  warnings: string[];
  /** The intended-use guardrails that fired (their reasons are in `warnings` too). */
  guardrails: Guardrail[];
  /** Grad-CAM at feature-grid resolution; see grad-cam.ts to bring it to the study's size. */
  cam: CamMap;
}

export function labelAt(probability: number, threshold: number): Label {
  return probability >= threshold ? 'PNEUMONIA' : 'NORMAL';
}

export async function predictStudy(tf: Tf, loaded: LoadedModel, study: Study): Promise<StudyPrediction> {
  const started = performance.now();
  const { card } = loaded;
  // One display conversion serves both the model input and the pixel guardrails.
  const display = displayPixels(study);
  const input = await modelInput(tf, study, card, display);
  let outputs: Tensor[] = [];
  try {
    outputs = asArray(loaded.camModel.predict(input));
    const features = outputs.find((t) => t.rank === 4) as Tensor4D | undefined;
    const prob = outputs.find((t) => t.rank === 2);
    if (!features || !prob) {
      throw new Error(`model ${card.id}: its CAM model must output [features, probability], got shapes ${outputs.map((t) => `[${t.shape.join(',')}]`).join(' ')}`);
    }
    const probability = (await prob.data())[0];
    if (!Number.isFinite(probability)) throw new Error(`model ${card.id} produced a non-finite probability`);
    const cam = await camFromFeatures(tf, camHead(tf, loaded), features);
    const threshold = card.threshold.value;
    const guardrails = checkStudy(study, card, display);
    return {
      probability,
      label: labelAt(probability, threshold),
      threshold,
      model: loaded.entry.id,
      ms: performance.now() - started,
      warnings: predictionWarnings(card, guardrails),
      guardrails,
      cam,
    };
  } finally {
    input.dispose();
    for (const t of outputs) t.dispose();
  }
}

function asArray(out: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(out) ? out : [out];
}
