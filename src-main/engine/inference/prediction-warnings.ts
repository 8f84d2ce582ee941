// Warnings attached to every prediction, so no output pretends to be more than it is: the model's
// own state (untrained), then the intended-use guardrails (issue 7: view, age, modality, pixels...).
// One list makes both the sentences and their stable codes, so the two keep the same order.
import type { ModelCard } from '../../api/model-card';
import type { Guardrail } from '../guardrails/guardrail';

export const UNTRAINED_WARNING = 'model is untrained: output is meaningless';

/** `guardrails`: checkStudy's answer for the same study and card. */
function warningList(card: ModelCard, guardrails: readonly Guardrail[]): Array<{ code: string; reason: string }> {
  return [...(card.trained !== true ? [{ code: 'untrained', reason: UNTRAINED_WARNING }] : []), ...guardrails.map((g) => ({ code: g.code, reason: g.reason }))];
}

export function predictionWarnings(card: ModelCard, guardrails: readonly Guardrail[]): string[] {
  return warningList(card, guardrails).map((w) => w.reason);
}

/** predictionWarnings' warnings as stable codes, in the same order: 'untrained', then each guardrail's code (guardrail.ts). */
export function predictionWarningCodes(card: ModelCard, guardrails: readonly Guardrail[]): string[] {
  return warningList(card, guardrails).map((w) => w.code);
}
