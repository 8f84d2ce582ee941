// The card of a calibrated or adapted model: the parent's card with a new id, threshold,
// temperature, site figures and lineage. The parent's validation figures belonged to its own
// threshold, so they are not carried over.
import type { AdaptationRecord, SiteCalibration } from '../../api/adaptation';
import type { ModelCard } from '../../api/model-card';
import type { ModelEntry } from '../../api/contract';
import { withAncestorFolders } from '../model/ancestor-folders';
import { onTopOfParent } from '../model/on-top-of-parent';
import type { AdaptOptions } from './adapt-options';
import { formatInterval } from './site-figures';
import { heldOutChoices, heldOutWords, siteGuardrailNote, splitWords, type SiteGuardrail } from './site-guardrail-note';
import { siteRecipe } from './site-recipe';

export function siteCard(o: {
  parent: ModelEntry;
  id: string;
  name: string;
  calibration: SiteCalibration;
  thresholdRule: string;
  adaptation?: AdaptationRecord;
  /** The adaptation's resolved options, all spelled out in the recipe. */
  adaptOptions?: AdaptOptions;
  /** How the unlike-training check was made (default: refitted when adapted, the parent's when calibrated). */
  guardrail?: SiteGuardrail;
  created: Date;
}): ModelCard {
  const { parent, calibration: cal } = o;
  const a = cal.after;
  const b = cal.before;
  // Kept evaluations measured the parent (its threshold, and for an adaptation its weights): not this model.
  const { metrics: _parentMetrics, training: _parentTraining, calibration: _parentCalibration, adaptation: _parentAdaptation, evaluations: _parentEvaluations, testTimeAugmentation: tta, ...rest } = parent.card;
  const guardrail: SiteGuardrail = o.guardrail ?? (o.adaptation ? { kind: 'refitted', adaptation: o.adaptation } : parent.featureGuardrail ? { kind: 'parent', reason: 'same weights' } : { kind: 'none' });
  // What the held-out part chose (the epoch kept, temperature, threshold, the check's cut-off): its "after" figures are in-sample for all.
  const chose = o.adaptation ? heldOutChoices({ bestEpoch: o.adaptation.bestEpoch, epochsRun: o.adaptation.history.length }, guardrail.kind === 'refitted') : '';
  const what =
    o.adaptation
      ? `Adapted from '${parent.id}' on ${cal.site.images.NORMAL + cal.site.images.PNEUMONIA} site images (${cal.site.root}): ${o.adaptation.trainBlocks} and the head retrained on ${splitWords(o.adaptation)} (frozen activations, ${o.adaptation.views} views per image); the ${heldOutWords(o.adaptation)} chose ${chose}.`
      : `Calibrated from '${parent.id}' (same weights) on ${cal.site.images.NORMAL + cal.site.images.PNEUMONIA} site images (${cal.site.root}).`;
  return {
    ...rest,
    id: o.id,
    name: o.name,
    parent: parent.id,
    // Same weights or weights grown from them: the parent's fitted folders stay in-sample for this model.
    ...withAncestorFolders(parent.card),
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
    recipe: siteRecipe({ parentId: parent.id, calibration: cal, adaptation: o.adaptation, adaptOptions: o.adaptOptions }),
    // What the model learned from, in the card's own field: the parent's data plus the site's.
    trainingData: onTopOfParent(
      {
        description: `${siteImages(cal)} of the site (${o.adaptation ? `${splitWords(o.adaptation)} retrained the layer weights; the ${heldOutWords(o.adaptation)} chose ${chose}` : 'threshold and temperature only; weights unchanged'})`,
        images: cal.site.images.NORMAL + cal.site.images.PNEUMONIA,
        patients: cal.site.patients.NORMAL + cal.site.patients.PNEUMONIA,
        root: cal.site.root,
      },
      parent,
    ),
    ...(parent.card.population ? { population: { ...parent.card.population, description: `${parent.card.population.description} (as its parent; the site's images are assumed to be of the same population)` } } : {}),
    notes: [
      what,
      `On ${cal.fittedOn}: before (parent at threshold ${b.threshold.toFixed(4)}): sensitivity ${formatInterval(b.sensitivity)}, specificity ${formatInterval(b.specificity)}, AUC ${b.auc.toFixed(3)}; after (threshold ${a.threshold.toFixed(4)}, temperature ${a.temperature.toFixed(3)}): sensitivity ${formatInterval(a.sensitivity)}, specificity ${formatInterval(a.specificity)}, AUC ${a.auc.toFixed(3)}.`,
      ...cal.notes,
      siteGuardrailNote(guardrail),
      // The parent's own notes stay in its card (lineage links to it); copying them here buried these.
      ...(parent.card.notes?.length ? [`The parent '${parent.id}' has ${parent.card.notes.length} notes of its own in its card (training recipe, validation, variants).`] : []),
    ],
    calibration: cal,
    ...(o.adaptation ? { adaptation: o.adaptation } : {}),
    // A calibration keeps the parent's test-time views (its logits were their average); the parent's
    // one-view threshold does not carry over. Adapted weights were trained on one view and run so.
    ...(tta && !o.adaptation ? { testTimeAugmentation: { views: tta.views, combine: tta.combine } } : {}),
  };
}

function siteImages(cal: SiteCalibration): string {
  const { NORMAL, PNEUMONIA } = cal.site.images;
  const p = cal.site.patients;
  return `${NORMAL + PNEUMONIA} labelled images (${NORMAL} NORMAL, ${PNEUMONIA} PNEUMONIA; ${p.NORMAL + p.PNEUMONIA} patients)`;
}
