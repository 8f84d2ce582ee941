// A stored model's runtime as its card says to serve it: test-time views (averaged logits), then
// the site calibration's temperature on that average. Both engines, every inference path.
import type { ModelCard } from '../../api/model-card';
import { withCardTemperature } from './calibrated-runtime';
import type { InferenceRuntime } from './inference-runtime';
import { withTestTimeAugmentation } from './tta-runtime';

export function servedRuntime(runtime: InferenceRuntime, card: Pick<ModelCard, 'calibration' | 'testTimeAugmentation' | 'preprocessing'>): InferenceRuntime {
  return withCardTemperature(withTestTimeAugmentation(runtime, card), card);
}
