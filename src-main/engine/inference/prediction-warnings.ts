// Warnings attached to every prediction, so no output pretends to be more than it is: the model's
// own state (untrained), then the intended-use guardrails (issue 7: view, age, modality, pixels...).
import type { ModelCard } from '../../api/model-card';
import type { Guardrail } from '../guardrails/guardrail';

export const UNTRAINED_WARNING = 'model is untrained: output is meaningless';

/** predictionWarnings' warnings as stable codes, in the same order: 'untrained', then each guardrail's code (guardrail.ts). */
export function predictionWarningCodes(card: ModelCard, guardrails: readonly Guardrail[]): string[] {
  return [...(card.trained !== true ? ['untrained'] : []), ...guardrails.map((g) => g.code)];
}

/** `guardrails`: checkStudy's answer for the same study and card. */
export function predictionWarnings(card: ModelCard, guardrails: readonly Guardrail[]): string[] {
  const warnings: string[] = [];
  if (card.trained !== true) warnings.push(UNTRAINED_WARNING);
  warnings.push(...guardrails.map((g) => g.reason));
  return warnings;
}
