// The card of a calibrated or adapted model: the parent's card with a new id, threshold,
// temperature, site figures and lineage. The parent's validation figures belonged to its own
// threshold, so they are not carried over.
import type { AdaptationRecord, SiteCalibration } from '../../api/adaptation';
import type { ModelCard } from '../../api/model-card';
import type { ModelEntry } from '../../api/contract';
import { formatInterval } from './site-figures';

export function siteCard(o: {
  parent: ModelEntry;
  id: string;
  name: string;
  calibration: SiteCalibration;
  thresholdRule: string;
  adaptation?: AdaptationRecord;
  created: Date;
}): ModelCard {
  const { parent, calibration: cal } = o;
  const a = cal.after;
  const b = cal.before;
  const { metrics: _parentMetrics, training: _parentTraining, calibration: _parentCalibration, adaptation: _parentAdaptation, ...rest } = parent.card;
  const what =
    o.adaptation
      ? `Adapted from '${parent.id}' on ${cal.site.images.NORMAL + cal.site.images.PNEUMONIA} site images (${cal.site.root}): ${o.adaptation.trainBlocks} and the head retrained on frozen activations (${o.adaptation.views} views per image), then calibrated.`
      : `Calibrated from '${parent.id}' (same weights) on ${cal.site.images.NORMAL + cal.site.images.PNEUMONIA} site images (${cal.site.root}).`;
  return {
    ...rest,
    id: o.id,
    name: o.name,
    parent: parent.id,
    created: o.created.toISOString(),
    threshold: { value: a.threshold, rule: o.thresholdRule },
    metrics: {
      site: {
        n: a.n,
        accuracy: (a.confusion.tp + a.confusion.tn) / Math.max(1, a.n),
        sensitivity: a.sensitivity.value,
        specificity: a.specificity.value,
        precision: a.confusion.tp / Math.max(1, a.confusion.tp + a.confusion.fp),
        f1: (2 * a.confusion.tp) / Math.max(1, 2 * a.confusion.tp + a.confusion.fp + a.confusion.fn),
        auc: a.auc,
        confusion: a.confusion,
      },
    },
    recipe: o.adaptation ? `alveo adapt --data ${cal.site.root} --model ${parent.id}` : `alveo calibrate --data ${cal.site.root} --model ${parent.id}`,
    notes: [
      what,
      `On ${cal.fittedOn}: before (parent at threshold ${b.threshold.toFixed(4)}): sensitivity ${formatInterval(b.sensitivity)}, specificity ${formatInterval(b.specificity)}, AUC ${b.auc.toFixed(3)}; after (threshold ${a.threshold.toFixed(4)}, temperature ${a.temperature.toFixed(3)}): sensitivity ${formatInterval(a.sensitivity)}, specificity ${formatInterval(a.specificity)}, AUC ${a.auc.toFixed(3)}.`,
      ...cal.notes,
      ...(parent.card.notes ?? []).map((n) => `Parent '${parent.id}': ${n}`),
    ],
    calibration: cal,
    ...(o.adaptation ? { adaptation: o.adaptation } : {}),
  };
}
