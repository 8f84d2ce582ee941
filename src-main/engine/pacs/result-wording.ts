// The words a DICOM result uses for the model's answer, the same as the app's: "pneumonia
// suspected" / "no pneumonia suspected" at the threshold and a "model score", never "NORMAL",
// "Present" or "probability" (the score is not the chance that this patient has pneumonia). An
// answer the app holds back (intended-use warnings) states no label at all, wherever it is shown.
import { percent, shortWarning, type ResultFacts } from './result-facts';

/** What the app says of a shown answer. */
export function readingWords(facts: Pick<ResultFacts, 'label'>): string {
  return facts.label === 'PNEUMONIA' ? 'pneumonia suspected' : 'no pneumonia suspected';
}

/** "model score 27.01%". */
export function scoreWords(facts: Pick<ResultFacts, 'probability'>): string {
  return `model score ${percent(facts.probability)}%`;
}

export const SCORE_MEANING = "the model's score, not the chance that this patient has pneumonia";

/** "AI answer held back: the patient is 15 years old", or '' for an answer the app shows. */
export function heldBackWords(warnings: readonly string[]): string {
  return warnings.length ? `AI answer held back: ${warnings.map(shortWarning).join('; ')}` : '';
}

/** The model by its card name, and its id when that differs. */
export function modelWords(facts: Pick<ResultFacts, 'modelName' | 'modelId'>): string {
  return facts.modelName && facts.modelName !== facts.modelId ? `${facts.modelName} (${facts.modelId})` : facts.modelId;
}

/** A site calibration in words: the weights hash names the parent's weights, this the scaling on top. */
export function calibrationWords(temperature: number): string {
  return `site calibration: temperature ${temperature.toPrecision(6)} (probability = sigmoid(logit / temperature) of the weights named)`;
}

/** The model as a result names it for tracing: name and id, the weights' sha256, a calibration's temperature. */
export function modelIdentityWords(facts: Pick<ResultFacts, 'modelName' | 'modelId' | 'weightsSha256' | 'temperature'>): string {
  const calibrated = facts.temperature !== undefined ? `; ${calibrationWords(facts.temperature)}` : '';
  return `${modelWords(facts)}, weights sha256 ${facts.weightsSha256}${calibrated}`;
}
