// The activation rule: which models ask for confirmation before they become active, and the words
// that say why. Figures are computed from probabilities by the engine's own metrics, at a threshold.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { activationCaution, AUC_MARGIN, cardActivationCaution, inputSizeNote, MIN_VALIDATION_IMAGES } from '../../src-main/api/activation-caution';
import type { ModelCard, ModelMetrics } from '../../src-main/api/model-card';
import type { ComparisonRecord, TrainingRecord } from '../../src-main/api/training-record';
import { defaultCard } from '../../src-main/engine/model/card-file';
import { metricsAt } from '../../src-main/engine/training/metrics';
import { defaultTrainingOptions } from '../../src-main/engine/training/training-options';
import { testCard } from '../engine/inference/support/test-card';

/** Figures of a model scoring `pos` pneumonia and `neg` normal images, at threshold 0.5. */
function figures(pos: number[], neg: number[]): ModelMetrics {
  return metricsAt([...pos, ...neg], [...pos.map(() => 1), ...neg.map(() => 0)], 0.5);
}
/** n images per class, spread so the AUC is high (`good`) or the classes swapped (`bad`). */
function spread(n: number, quality: 'good' | 'bad' | 'mixed'): ModelMetrics {
  const up = Array.from({ length: n }, (_, i) => 0.55 + (0.4 * i) / n);
  const down = Array.from({ length: n }, (_, i) => 0.05 + (0.4 * i) / n);
  if (quality === 'good') return figures(up, down);
  if (quality === 'bad') return figures(down, up);
  return figures([...up.slice(0, n / 2), ...down.slice(0, n / 2)], [...down.slice(n / 2), ...up.slice(n / 2)]);
}

/** Children's ages, as the shipped card states them: the age guardrails have a range to check. */
const POPULATION: NonNullable<ModelCard['population']> = { ageYears: [1, 5], views: ['PA', 'AP'], description: 'Frontal chest radiographs of children aged 1 to 5' };

function compared(role: ComparisonRecord['role'], metrics: ModelMetrics, newMetrics: ModelMetrics, inputSize = 224): ComparisonRecord {
  return { role, modelId: 'default', name: 'Alveo default', inputSize, metrics, newMetrics };
}

test('a sound model measured on enough images asks nothing', () => {
  const v = spread(30, 'good');
  const c = activationCaution({ validation: v, inputSize: 224, comparedWith: compared('parent', spread(30, 'good'), v), start: { name: 'Alveo default', inputSize: 224 } });
  assert.deepEqual(c, { reasons: [], confirm: false });
});

test('worse than its parent on the same images: the reason names both AUCs and the image count', () => {
  // Four validation images: the new model ranks them backwards, the parent perfectly.
  const mine = figures([0.2, 0.3], [0.6, 0.7]);
  const parent = figures([0.9, 0.8], [0.1, 0.2]);
  const c = activationCaution({ validation: mine, inputSize: 64, comparedWith: compared('parent', parent, mine) });
  assert.equal(c.confirm, true);
  const below = c.reasons.find((r) => r.kind === 'below-reference');
  assert.equal(below?.text, `Validation AUC ${mine.auc.toFixed(2)} (4 images) is below its parent’s ${parent.auc.toFixed(2)} on the same images.`);
  assert.equal(below?.confirm, true);
  // Also: no better than chance, blind to both classes at its threshold, and far too few images.
  assert.deepEqual(c.reasons.map((r) => r.kind), ['below-reference', 'below-chance', 'no-sensitivity', 'no-specificity', 'tiny-validation']);
});

test('the comparison uses both models from the same evaluation; a gap within the margin is not "worse"', () => {
  const parent = spread(40, 'good');
  const close = { ...parent, auc: parent.auc - AUC_MARGIN / 2 };
  assert.equal(activationCaution({ validation: parent, inputSize: 224, comparedWith: compared('parent', parent, close) }).confirm, false);
  // The card's own validation may differ slightly from the comparison's evaluation: the comparison's figure decides.
  const worse = { ...parent, auc: parent.auc - 2 * AUC_MARGIN - 0.01 };
  const c = activationCaution({ validation: parent, inputSize: 224, comparedWith: compared('parent', parent, worse) });
  assert.deepEqual(c.reasons.map((r) => r.kind), ['below-reference']);
  assert.match(c.reasons[0].text, new RegExp(`Validation AUC ${worse.auc.toFixed(2)} \\(80 images\\) is below its parent’s ${parent.auc.toFixed(2)}`));
});

test('AUCs that read the same at two decimals are written with three', () => {
  const parent = { ...spread(40, 'good'), auc: 0.974 };
  const mine = { ...parent, auc: 0.966 };
  const c = activationCaution({ validation: mine, inputSize: 224, comparedWith: compared('parent', parent, mine) });
  assert.match(c.reasons[0].text, /AUC 0\.966 \(80 images\) is below its parent’s 0\.974/);
});

test('from scratch, compared with the model active then: the reason names that model', () => {
  const mine = spread(20, 'mixed');
  const active = spread(20, 'good');
  const c = activationCaution({ validation: mine, inputSize: 64, comparedWith: compared('active', active, mine) });
  assert.match(c.reasons.find((r) => r.kind === 'below-reference')?.text ?? '', /below the then active model “Alveo default”’s 1\.00 on the same images/);
});

test('below chance, blind to a class, or tiny validation: each alone asks for confirmation', () => {
  const chance = activationCaution({ validation: spread(20, 'bad'), inputSize: 224 });
  assert.ok(chance.reasons.some((r) => r.kind === 'below-chance' && /below 0\.5: no better than chance/.test(r.text)));
  // Everything called pneumonia: specificity 0 on 12 normal images.
  const allPositive = figures([0.9, 0.8, 0.7, 0.95, 0.85, 0.75, 0.9, 0.8, 0.7, 0.95, 0.85, 0.75], [0.6, 0.7, 0.8, 0.65, 0.55, 0.9, 0.6, 0.7, 0.8, 0.65, 0.55, 0.9]);
  const spec = activationCaution({ validation: allPositive, inputSize: 224 });
  assert.deepEqual(spec.reasons.map((r) => [r.kind, r.text]), [['no-specificity', 'Specificity 0%: it called all 12 images without pneumonia positive.']]);
  assert.equal(spec.confirm, true);
  const allNegative = figures([0.1, 0.2, 0.3, 0.4, 0.15, 0.25, 0.1, 0.2, 0.3, 0.4, 0.15, 0.25], [0.05, 0.1, 0.15, 0.02, 0.03, 0.04, 0.05, 0.1, 0.15, 0.02, 0.03, 0.04]);
  assert.deepEqual(activationCaution({ validation: allNegative, inputSize: 224 }).reasons.map((r) => r.kind), ['no-sensitivity']);
  const tiny = activationCaution({ validation: spread(4, 'good'), inputSize: 224 });
  assert.deepEqual(tiny.reasons.map((r) => [r.kind, r.text]), [['tiny-validation', `Validated on only 8 images (fewer than ${MIN_VALIDATION_IMAGES}): its figures are too uncertain to rely on.`]]);
  assert.equal(activationCaution({ validation: spread(MIN_VALIDATION_IMAGES / 2, 'good'), inputSize: 224 }).confirm, false, `${MIN_VALIDATION_IMAGES} images are enough`);
});

test('another input size than the start model is a note, not a reason to ask', () => {
  const c = activationCaution({ validation: spread(30, 'good'), inputSize: 64, start: { name: 'Alveo default', inputSize: 224 } });
  assert.equal(c.confirm, false);
  assert.deepEqual(c.reasons.map((r) => [r.kind, r.confirm]), [['input-size', false]]);
  assert.equal(c.reasons[0].text, inputSizeNote(64, { name: 'Alveo default', inputSize: 224 }));
  assert.match(c.reasons[0].text, /^Input size 64 px differs from the start model's 224 px \(“Alveo default”\)/);
  assert.equal(inputSizeNote(224, { name: 'x', inputSize: 224 }), null);
  assert.equal(inputSizeNote(64, null), null);
});

test('on a card: the stored comparison and the parent card; a deleted parent still has its recorded input size', () => {
  const mine = spread(4, 'bad');
  const parentMetrics = spread(4, 'good');
  const parent: ModelCard = testCard({ id: 'default', name: 'Alveo default', inputSize: 224, trained: true, population: POPULATION, metrics: { validation: spread(50, 'good') } });
  const record = compared('parent', parentMetrics, mine);
  const counts = { NORMAL: 4, PNEUMONIA: 4 };
  const training: TrainingRecord = {
    backend: 'wasm (simd, 2 threads)',
    dataset: { root: '/site', layout: 'class-folders', images: counts, patients: counts, patientSources: { file: 8 }, imbalance: { positiveFraction: 0.5, majority: 'PNEUMONIA', ratio: 1 }, notes: [], skipped: 0, duplicatesRemoved: 0 },
    split: { seed: 42, rule: 'patient-level', train: { images: counts, patients: counts }, val: { images: counts, patients: counts }, notes: [] },
    options: defaultTrainingOptions({ inputSize: 64, trained: true }),
    history: [],
    stoppedEarly: false,
    comparedWith: record,
    ms: 1,
  };
  const card: ModelCard = testCard({ id: 'ft', inputSize: 64, trained: true, parent: 'default', metrics: { validation: mine }, training });
  const withParent = cardActivationCaution(card, parent);
  const without = cardActivationCaution(card, null);
  assert.deepEqual(withParent, without, 'the same reasons whether or not the parent is still installed');
  assert.equal(withParent.confirm, true);
  assert.ok(withParent.reasons.some((r) => r.kind === 'below-reference'));
  assert.ok(withParent.reasons.some((r) => r.kind === 'input-size'));
  // The shipped card (no parent, large validation) asks nothing.
  assert.deepEqual(cardActivationCaution(parent, null), { reasons: [], confirm: false });
});

// A calibrated model that separated its site perfectly, and the evaluations a user may keep on it.
function separatedCard(evaluations: ModelCard['evaluations']): ModelCard {
  const iv = { value: 1, low: 0.9, high: 1 };
  const figures = { threshold: 0.5, temperature: 1, n: 49, sensitivity: iv, specificity: iv, auc: 1, logLoss: 0.1, ece: 0.01, confusion: { tp: 25, fp: 0, tn: 24, fn: 0 }, roc: [] };
  return testCard({
    id: 'cal',
    inputSize: 64,
    trained: true,
    parent: 'default',
    population: POPULATION,
    calibration: {
      temperature: 1.2,
      targetSensitivity: 0.95,
      method: 'calibrate',
      site: { root: '/site', images: { NORMAL: 24, PNEUMONIA: 25 }, patients: { NORMAL: 24, PNEUMONIA: 25 }, skipped: 0 },
      fittedOn: 'all site images',
      before: figures,
      after: figures,
      notes: [],
      separated: true,
      bootstrap: { replicates: 200, unit: 'patient', seed: 1 },
    },
    ...(evaluations ? { evaluations } : {}),
  });
}

function kept(over: Partial<NonNullable<ModelCard['evaluations']>[number]>): NonNullable<ModelCard['evaluations']>[number] {
  return {
    created: '2026-01-02T00:00:00.000Z',
    folder: '/independent',
    split: 'all',
    n: 120,
    images: { NORMAL: 60, PNEUMONIA: 60 },
    sensitivity: 0.9,
    specificity: 0.8,
    auc: 0.91,
    intervals: { auc: { value: 0.91, low: 0.86, high: 0.95 } },
    threshold: 0.5,
    thresholdRule: 'youden',
    engine: 'tfjs',
    views: 1,
    inSample: false,
    overlap: [],
    warnings: [],
    heldBack: 0,
    ...over,
  };
}

test('a kept independent evaluation with enough images replaces "check it on other labelled images" with its figures', () => {
  const before = cardActivationCaution(separatedCard(undefined), null);
  assert.ok(before.reasons.some((r) => r.kind === 'separated-site' && r.confirm));
  const after = cardActivationCaution(separatedCard([kept({})]), null);
  assert.ok(!after.reasons.some((r) => r.kind === 'separated-site'), 'the in-sample reason no longer applies');
  assert.equal(after.confirm, false);
  const note = after.reasons.find((r) => r.kind === 'independent-check');
  assert.ok(note && /120 images/.test(note.text) && /AUC 0\.910 \[0\.860–0\.950\]/.test(note.text), note?.text);
});

test('an in-sample, too small, other-threshold or one-class kept evaluation leaves the caution as it was', () => {
  const lifts = [
    kept({ inSample: true, overlap: ['calibrated on these images'] }),
    kept({ n: MIN_VALIDATION_IMAGES - 1 }),
    // Measured at another threshold: a parent's record, not this model's.
    kept({ threshold: 0.42 }),
    // One class only, or next to one: sensitivity or specificity is not measured.
    kept({ n: 25, images: { NORMAL: 25, PNEUMONIA: 0 }, sensitivity: Number.NaN, auc: Number.NaN }),
    kept({ n: 20, images: { NORMAL: 19, PNEUMONIA: 1 } }),
  ];
  for (const e of lifts) {
    const c = cardActivationCaution(separatedCard([e]), null);
    assert.ok(c.reasons.some((r) => r.kind === 'separated-site' && r.confirm));
    assert.ok(!c.reasons.some((r) => r.kind === 'independent-check'));
  }
});

const NO_FIGURES = 'Its card has no validation figures: nothing says how well it reads images.';
const NO_POPULATION = "Its card states no patient population: the age checks that hold back adults' films are off with it.";

test('an imported model (no figures, no population) asks first, and says why in plain words', () => {
  // The card `alveo import-weights` writes for a trained binary head: threshold 0.5, nothing measured, no patients stated.
  const imported = defaultCard({ id: 'imported', inputSize: 224, trained: true });
  const c = cardActivationCaution(imported, null);
  assert.equal(c.confirm, true);
  assert.deepEqual(c.reasons.map((r) => [r.kind, r.text, r.confirm]), [
    ['no-validation', NO_FIGURES, true],
    ['no-population', NO_POPULATION, true],
  ]);
});

test('trained from scratch (figures, but no population): the population alone asks first; a population without ages says so', () => {
  const scratch = testCard({ id: 'scratch', inputSize: 64, trained: true, metrics: { validation: spread(30, 'good') } });
  const c = cardActivationCaution(scratch, null);
  assert.equal(c.confirm, true);
  assert.deepEqual(c.reasons.map((r) => [r.kind, r.text]), [['no-population', NO_POPULATION]]);
  const noAges = cardActivationCaution({ ...scratch, population: { views: ['PA'], description: 'frontal views' } }, null);
  assert.deepEqual(noAges.reasons.map((r) => [r.kind, r.text]), [['no-population', "Its card states no patient ages: the age checks that hold back adults' films are off with it."]]);
  assert.deepEqual(cardActivationCaution({ ...scratch, population: POPULATION }, null), { reasons: [], confirm: false });
});

test('any figures lift "no validation figures": held-out cohorts, a calibration’s site figures, or a kept independent evaluation', () => {
  const bare = testCard({ id: 'bare', inputSize: 64, trained: true, population: POPULATION });
  assert.deepEqual(cardActivationCaution(bare, null).reasons.map((r) => r.kind), ['no-validation']);
  const kinds = (card: ModelCard) => cardActivationCaution(card, null).reasons.map((r) => r.kind);
  assert.deepEqual(kinds({ ...bare, metrics: { validationShifted: spread(30, 'good') } }), []);
  assert.deepEqual(kinds({ ...bare, metrics: { site: spread(30, 'good') } }), []);
  // A calibrated card: its site figures are on its calibration record (separated there: its own caution).
  const calibrated = separatedCard(undefined);
  assert.ok(!kinds(calibrated).includes('no-validation'));
  // Checked since on other images: those figures say how well it reads them.
  assert.deepEqual(kinds({ ...bare, evaluations: [kept({})] }), []);
  // In-sample or too small, a kept evaluation says nothing new.
  assert.deepEqual(kinds({ ...bare, evaluations: [kept({ inSample: true, overlap: ['trained on these images'] })] }), ['no-validation']);
  assert.deepEqual(kinds({ ...bare, evaluations: [kept({ n: MIN_VALIDATION_IMAGES - 1 })] }), ['no-validation']);
});

test('the rule on its own, without a card (a site run not saved yet), asks nothing of figures or population', () => {
  assert.deepEqual(activationCaution({ inputSize: 0 }), { reasons: [], confirm: false });
  assert.deepEqual(activationCaution({ inputSize: 0, site: { n: 40, separated: false } }), { reasons: [], confirm: false });
});

test('the shipped model asks nothing', () => {
  const card = JSON.parse(readFileSync(join(import.meta.dirname, '../../models/default/card.json'), 'utf8')) as ModelCard;
  assert.deepEqual(cardActivationCaution(card, null), { reasons: [], confirm: false });
});
