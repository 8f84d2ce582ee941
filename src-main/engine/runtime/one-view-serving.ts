// Fast batch scoring of a model served with test-time views: one forward pass per image, judged at
// the one-view threshold its card records (chosen by the same rule on one-view scores). A card
// without that threshold (a calibration fitted on the views' average) cannot be scored this way:
// its threshold would not fit one-view scores.
import type { ModelEntry } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { ModelCard } from '../../api/model-card';
import type { InferenceRuntime } from './inference-runtime';
import { oneView } from './tta-runtime';

export function oneViewServing(entry: ModelEntry, runtime: InferenceRuntime): { card: ModelCard; runtime: InferenceRuntime } {
  const tta = entry.card.testTimeAugmentation;
  if (!tta || tta.views.length < 2) return { card: entry.card, runtime }; // one view already
  if (!tta.oneView) {
    throw new AlveoError('BAD_ARGUMENT', `model '${entry.id}' has no one-view threshold (its threshold was chosen on its ${tta.views.length} test-time views): score it with its views`, entry.dir);
  }
  const { testTimeAugmentation: _views, ...card } = entry.card;
  return {
    card: { ...card, threshold: { value: tta.oneView.threshold, rule: `${entry.card.threshold.rule}; on one view, not the ${tta.views.length} test-time views` } },
    runtime: oneView(runtime),
  };
}
