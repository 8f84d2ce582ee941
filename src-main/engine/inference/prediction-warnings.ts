// Warnings attached to every prediction, so no output pretends to be more than it is. The
// intended-use guardrails (issue 7) add theirs here.
import type { ModelCard } from '../../api/model-card';
import type { Study } from '../studies/study';

export const UNTRAINED_WARNING = 'model is untrained: output is meaningless';

export function predictionWarnings(_study: Study, card: ModelCard): string[] {
  const warnings: string[] = [];
  if (card.trained !== true) warnings.push(UNTRAINED_WARNING);
  return warnings;
}
