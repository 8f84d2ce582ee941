// The one validation figure a model is summarised by, wherever a single number is shown (AI panel,
// model list, `alveo models`): held-out cohorts (patients and acquisition batches training never
// saw) when the card has them, as they predict a new site better; else the in-distribution split;
// for a site-calibrated or adapted model, its site figures (said to be in-sample).
// Always named, so two screens never show different numbers without saying why.
import type { ModelCard, ModelMetrics } from './model-card';

export interface HeadlineValidation {
  split: 'validationShifted' | 'validation' | 'site';
  metrics: ModelMetrics;
  /** A few words for a column or a suffix: 'held-out cohorts' or 'same cohorts' (as training). */
  short: string;
  /** A sentence part for tooltips: 'validation on held-out cohorts (952 images)'. */
  long: string;
}

/** The card's metric splits in a few words (HeadlineValidation.short). */
export const SPLIT_SHORT: Record<HeadlineValidation['split'], string> = { validationShifted: 'held-out cohorts', validation: 'same cohorts', site: 'site, in-sample' };

export function headlineValidation(card: ModelCard): HeadlineValidation | null {
  const shifted = card.metrics?.validationShifted;
  if (shifted) return { split: 'validationShifted', metrics: shifted, short: SPLIT_SHORT.validationShifted, long: `validation on held-out cohorts (${shifted.n} images)` };
  const v = card.metrics?.validation;
  if (v) return { split: 'validation', metrics: v, short: SPLIT_SHORT.validation, long: `validation on the same cohorts as training (${v.n} images)` };
  // A calibrated or adapted model: its site figures, fitted on those same images (optimistic).
  const site = card.metrics?.site;
  if (site) return { split: 'site', metrics: site, short: SPLIT_SHORT.site, long: `the site images it was fitted on (${site.n} images; in-sample, optimistic)` };
  return null;
}
