// Warnings attached to every prediction, so no output pretends to be more than it is: the model's
// own state (untrained), then the intended-use guardrails (issue 7: view, age, modality, pixels...).
import type { ModelCard } from '../../api/model-card';
import { guardrailWarnings } from '../guardrails/check-study';
import type { Study } from '../studies/study';

export const UNTRAINED_WARNING = 'model is untrained: output is meaningless';

/** `display`: the study's default display pixels when the caller already made them (saves a conversion). */
export function predictionWarnings(study: Study, card: ModelCard, display?: Uint8Array): string[] {
  const warnings: string[] = [];
  if (card.trained !== true) warnings.push(UNTRAINED_WARNING);
  warnings.push(...guardrailWarnings(study, card, display));
  return warnings;
}
