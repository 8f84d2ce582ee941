// The AI panel's line on the threshold: for an adapted model, the number of images the threshold was
// fitted on (the held-out part), not the whole site folder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SiteCalibration, SiteFigures } from '../../../src-main/api/adaptation';
import { scoreMeaning, thresholdChosen } from '../../../src-renderer/src/panels/score-meaning';
import { testCard } from '../../engine/inference/support/test-card';

const figures = (n: number): SiteFigures => ({ threshold: 0.5, temperature: 1, n, sensitivity: { value: 1, low: 1, high: 1 }, specificity: { value: 1, low: 1, high: 1 }, auc: 1, logLoss: 0, ece: 0, confusion: { tp: 0, fp: 0, tn: 0, fn: 0 }, roc: [] });
const calibration = (method: 'calibrate' | 'adapt', n: number): SiteCalibration => ({
  temperature: 1, targetSensitivity: 0.95, method, site: { root: '/site', images: { NORMAL: 80, PNEUMONIA: 81 }, patients: { NORMAL: 60, PNEUMONIA: 66 }, skipped: 0 },
  fittedOn: 'held out', before: figures(n), after: figures(n), notes: [], bootstrap: { replicates: 1, unit: 'patient', seed: 1 },
});

test('an adapted model: the threshold was chosen on the held-out images, not on the whole folder', () => {
  const card = testCard({ id: 'a', inputSize: 224, threshold: { value: 0.51, rule: 'site adaptation: the highest specificity with sensitivity >= 0.95; …' }, calibration: calibration('adapt', 49) });
  assert.equal(thresholdChosen(card), 'chosen to find at least 95% of pneumonia on 49 images of this site (held out from the adaptation)');
  assert.doesNotMatch(scoreMeaning(card, 0.51), /161/);
});

test('a calibrated model: on the images it was fitted on; a validation-chosen threshold says so; another rule is quoted', () => {
  const cal = testCard({ id: 'c', inputSize: 224, calibration: calibration('calibrate', 161) });
  assert.equal(thresholdChosen(cal), 'chosen to find at least 95% of pneumonia on 161 images of this site');
  const val = testCard({ id: 'v', inputSize: 224, threshold: { value: 0.4, rule: 'max specificity with sensitivity >= 0.9 on validation' } });
  assert.match(scoreMeaning(val, 0.4), /At or above 40\.0% it is flagged: a threshold chosen to find at least 90% of pneumonia on the model's validation images\./);
  assert.equal(thresholdChosen(testCard({ id: 'y', inputSize: 224, threshold: { value: 0.3, rule: 'youden' } })), 'youden');
});

test("the shipped model's threshold: chosen on its held-out cohorts, with their number of images (the card's rule)", async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const card = JSON.parse(readFileSync(join(import.meta.dirname, '../../../models/default/card.json'), 'utf8')) as Parameters<typeof thresholdChosen>[0];
  const n = card?.metrics?.validationShifted?.n;
  assert.ok(n, 'the shipped card has held-out cohort figures');
  assert.equal(thresholdChosen(card), `chosen to find at least 97% of pneumonia on ${n} images of the model's held-out validation cohorts`);
});
