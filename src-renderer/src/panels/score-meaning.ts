// The AI panel's line on what the score and its threshold are. A calibrated or adapted model's
// threshold was fitted on the site images its card names (for an adaptation, the held-out part
// only), so the count comes from those figures, not from the whole site folder.
import type { ModelCard } from '../../../src-main/api/model-card';
import { percent } from '../components/format';

/** "chosen to find at least 95% of pneumonia on 49 images of this site", or the card's rule as written. */
export function thresholdChosen(card: ModelCard | null): string | undefined {
  const cal = card?.calibration;
  const target = cal?.targetSensitivity ?? Number(/sensitivity >= ([\d.]+)/.exec(card?.threshold.rule ?? '')?.[1] ?? NaN);
  // The shipped model's threshold was chosen on its held-out cohorts only (its card's rule says so).
  const shifted = card?.metrics?.validationShifted && /shifted validation/.test(card.threshold.rule);
  const where = cal
    ? `on ${cal.after.n} images of this site${cal.method === 'adapt' ? ' (held out from the adaptation)' : ''}`
    : shifted
      ? `on ${card.metrics?.validationShifted?.n ?? 'the'} images of the model's held-out validation cohorts`
      : "on the model's validation images";
  return Number.isFinite(target) ? `chosen to find at least ${Math.round(target * 100)}% of pneumonia ${where}` : card?.threshold.rule;
}

export function scoreMeaning(card: ModelCard | null, threshold: number): string {
  const views = card?.testTimeAugmentation?.views.length ?? 1;
  const score = `The model's score${views > 1 ? ` (${views} test-time views averaged)` : ''}${card?.calibration ? ', calibrated to a site' : ''}, not the chance that this patient has pneumonia.`;
  const chosen = thresholdChosen(card);
  return `${score} At or above ${percent(threshold)} it is flagged${chosen ? `: a threshold ${chosen}` : ''}.`;
}
