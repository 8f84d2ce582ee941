// Whether a model should be made active only after the user confirms, and why, in plain words. One
// rule for every door (the training report, the model manager, `alveo models --use`): a model worse
// than the model it was compared with on the same validation images, no better than chance, blind to
// one class, or measured on too few images, or calibrated on site images it already separated
// perfectly; one whose card gives no figures at all (an imported model), or states no patient ages
// (trained from scratch), since the guardrails then hold back nobody's film for age. A fine-tune at
// another input size than its start is a note, not a reason to ask: it explains a drop but is a
// legitimate choice. Pure: cards in, reasons out.
import type { ComparisonRecord } from './training-record';
import type { EvaluationRecord } from './evaluation-record';
import { headlineValidation } from './headline-validation';
import type { ModelCard, ModelMetrics } from './model-card';

/** Fewer validation images than this give figures too uncertain to choose a model on. */
export const MIN_VALIDATION_IMAGES = 20;
/** An independent evaluation needs at least this many images of each class to lift a caution. */
export const MIN_CLASS_IMAGES = 5;
/** AUC lower than the compared model's by more than this counts as worse (smaller gaps are noise). */
export const AUC_MARGIN = 0.005;

export type CautionKind =
  | 'below-reference'
  | 'below-chance'
  | 'no-sensitivity'
  | 'no-specificity'
  | 'tiny-validation'
  | 'no-validation'
  | 'no-population'
  | 'input-size'
  | 'separated-site'
  | 'independent-check';

export interface CautionReason {
  kind: CautionKind;
  text: string;
  /** True when this reason alone means activation must be confirmed. */
  confirm: boolean;
}

export interface ActivationCaution {
  reasons: CautionReason[];
  /** Any reason that needs confirmation: activation is then not the primary action. */
  confirm: boolean;
}

export interface CautionInput {
  /** The model's own validation figures (its card's `metrics.validation`). */
  validation?: ModelMetrics;
  inputSize: number;
  /** The model it was measured against on the same validation images, when that was recorded. */
  comparedWith?: ComparisonRecord;
  /** The model it was fine-tuned from (null: trained from scratch or not installed). */
  start?: { name: string; inputSize: number } | null;
  /** Site calibration or adaptation: the images it was fitted on, and whether the model already separated them perfectly. */
  site?: { n: number; separated: boolean };
  /** An evaluation kept on the card on images the model was not fitted on, with enough images. */
  independent?: EvaluationRecord;
  /**
   * True when the card has no figures at all: no validation, no site figures, no kept independent
   * evaluation. Left out where no card is read yet (a site run before it is saved).
   */
  unmeasured?: boolean;
  /**
   * The patient ages the card states: 'none' without a population, 'no-ages' with one that gives
   * no age range. Left out where no card is read yet, or when it gives ages.
   */
  population?: 'none' | 'no-ages';
}

const fig = (v: number | null) => (v === null || !Number.isFinite(v) ? 'n/a' : v.toFixed(3));
const ci = (i: { low: number; high: number } | undefined) => (i ? ` [${i.low.toFixed(3)}–${i.high.toFixed(3)}]` : '');

/** The independent figures in one line (null JSON values read n/a). */
function independentText(e: EvaluationRecord): string {
  return `Checked on ${images(e.n)} it was not fitted on (${e.folder}): AUC ${fig(e.auc)}${ci(e.intervals?.auc)}, sensitivity ${fig(e.sensitivity)}${ci(e.intervals?.sensitivity)}, specificity ${fig(e.specificity)}${ci(e.intervals?.specificity)}.`;
}

/** The latest kept evaluation that is independent (not in-sample) and large enough to rely on; null when none. */
export function independentEvaluation(card: Pick<ModelCard, 'evaluations' | 'threshold'>): EvaluationRecord | null {
  // Measured at this card's threshold (not a parent's record carried over), on both classes, with
  // every figure defined: 25 normals alone say nothing of sensitivity.
  const ok = (card.evaluations ?? []).filter(
    (e) =>
      !e.inSample &&
      e.n >= MIN_VALIDATION_IMAGES &&
      Math.abs(e.threshold - card.threshold.value) < 1e-9 &&
      Math.min(e.images.NORMAL, e.images.PNEUMONIA) >= MIN_CLASS_IMAGES &&
      [e.auc, e.sensitivity, e.specificity].every((v) => typeof v === 'number' && Number.isFinite(v)),
  );
  return ok.length ? ok.reduce((a, b) => (b.created > a.created ? b : a)) : null;
}

/** AUCs with enough decimals that two different values never read the same. */
function aucPair(a: number, b: number): [string, string] {
  const two = [a.toFixed(2), b.toFixed(2)] as [string, string];
  return two[0] === two[1] ? [a.toFixed(3), b.toFixed(3)] : two;
}

const images = (n: number) => `${n} image${n === 1 ? '' : 's'}`;

/** The note shown when a fine-tune's input size differs from its start model's; null when it does not. */
export function inputSizeNote(inputSize: number, start: { name: string; inputSize: number } | null | undefined): string | null {
  if (!start || start.inputSize === inputSize) return null;
  return `Input size ${inputSize} px differs from the start model's ${start.inputSize} px (“${start.name}”): its features were learned at another scale, so the fine-tune often ends worse than it.`;
}

export function activationCaution(input: CautionInput): ActivationCaution {
  const reasons: CautionReason[] = [];
  const v = input.validation;
  if (v) {
    const c = input.comparedWith;
    // Like for like: both models' figures from the same evaluation when it was recorded.
    const mine = c?.newMetrics ?? v;
    if (c && mine.auc < c.metrics.auc - AUC_MARGIN) {
      const [a, b] = aucPair(mine.auc, c.metrics.auc);
      const whose = c.role === 'parent' ? 'its parent’s' : `the then active model “${c.name}”’s`;
      reasons.push({ kind: 'below-reference', text: `Validation AUC ${a} (${images(mine.n)}) is below ${whose} ${b} on the same images.`, confirm: true });
    }
    if (v.auc < 0.5) {
      reasons.push({ kind: 'below-chance', text: `Validation AUC ${v.auc.toFixed(2)} (${images(v.n)}) is below 0.5: no better than chance.`, confirm: true });
    }
    const pneumonia = v.confusion.tp + v.confusion.fn;
    const normal = v.confusion.tn + v.confusion.fp;
    if (pneumonia > 0 && v.sensitivity === 0) {
      reasons.push({ kind: 'no-sensitivity', text: `Sensitivity 0%: it called none of the ${images(pneumonia)} with pneumonia positive.`, confirm: true });
    }
    if (normal > 0 && v.specificity === 0) {
      reasons.push({ kind: 'no-specificity', text: `Specificity 0%: it called all ${images(normal)} without pneumonia positive.`, confirm: true });
    }
    if (v.n < MIN_VALIDATION_IMAGES) {
      reasons.push({ kind: 'tiny-validation', text: `Validated on only ${images(v.n)} (fewer than ${MIN_VALIDATION_IMAGES}): its figures are too uncertain to rely on.`, confirm: true });
    }
  } else if (input.unmeasured) {
    reasons.push({ kind: 'no-validation', text: 'Its card has no validation figures: nothing says how well it reads images.', confirm: true });
  }
  // The age guardrails (engine/guardrails/check-study.ts) read the card's age range: without one,
  // an adult's film, or a DICOM that records no age, is answered as if it were in range.
  if (input.population) {
    const what = input.population === 'none' ? 'no patient population' : 'no patient ages';
    reasons.push({ kind: 'no-population', text: `Its card states ${what}: the age checks that hold back adults' films are off with it.`, confirm: true });
  }
  // Perfect in-sample site figures ask for a check elsewhere, unless a kept independent one exists.
  if (input.site?.separated && input.independent) {
    reasons.push({ kind: 'independent-check', text: `Its perfect site figures are in-sample. ${independentText(input.independent)}`, confirm: false });
  } else if (input.site?.separated) {
    reasons.push({
      kind: 'separated-site',
      text: `Fitted on ${images(input.site.n)} of the site that the model already separated perfectly: its perfect figures there are in-sample and say nothing about new images. Check it on other labelled images first.`,
      confirm: true,
    });
  }
  const size = inputSizeNote(input.inputSize, input.start);
  if (size) reasons.push({ kind: 'input-size', text: size, confirm: false });
  return { reasons, confirm: reasons.some((r) => r.confirm) };
}

/** The rule on a stored model's card; `start` is the card of the model it was fine-tuned from, when installed. */
export function cardActivationCaution(card: ModelCard, start: ModelCard | null | undefined): ActivationCaution {
  const compared = card.training?.comparedWith;
  // A parent deleted since still has its input size in the recorded comparison.
  const independent = independentEvaluation(card);
  const recorded = compared?.role === 'parent' && compared.modelId === card.parent ? { name: compared.name, inputSize: compared.inputSize } : null;
  return activationCaution({
    validation: card.metrics?.validation,
    inputSize: card.inputSize,
    comparedWith: compared,
    start: card.parent ? (start ? { name: start.name, inputSize: start.inputSize } : recorded) : null,
    ...(card.calibration ? { site: { n: card.calibration.after.n, separated: card.calibration.separated === true } } : {}),
    ...(independent ? { independent } : {}),
    // Any figures say something: validation, a calibration's site figures (in-sample, and ruled on
    // above when separated), or a kept independent evaluation (an imported model checked since).
    unmeasured: headlineValidation(card) === null && !card.calibration && !independent,
    ...(card.population?.ageYears ? {} : { population: card.population ? ('no-ages' as const) : ('none' as const) }),
  });
}
