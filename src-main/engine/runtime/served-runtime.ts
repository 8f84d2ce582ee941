// A stored model's runtime as its card says to serve it: test-time views (averaged logits), then
// the site calibration's temperature on that average. Both engines, every inference path.
import type { ModelCard } from '../../api/model-card';
import { temperatureOf } from '../model/temperature';
import { withCardTemperature } from './calibrated-runtime';
import type { InferenceRuntime } from './inference-runtime';
import { withTestTimeAugmentation } from './tta-runtime';

export function servedRuntime(runtime: InferenceRuntime, card: Pick<ModelCard, 'calibration' | 'testTimeAugmentation' | 'preprocessing'>): InferenceRuntime {
  return withCardTemperature(withTestTimeAugmentation(runtime, card), card);
}

/** True when the card asks for nothing beyond one plain forward pass. */
export const servedAsIs = (card: Pick<ModelCard, 'calibration' | 'testTimeAugmentation'>): boolean =>
  temperatureOf(card) === 1 && (card.testTimeAugmentation?.views.length ?? 1) < 2;
