// The one validation figure a model is summarised by: held-out cohorts when the card has them,
// else the in-distribution split, always named. Checked on the shipped card when it is there.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { headlineValidation } from '../../src-main/api/headline-validation';
import type { ModelCard } from '../../src-main/api/model-card';
import { metricsAt } from '../../src-main/engine/training/metrics';
import { testCard } from '../engine/inference/support/test-card';

const SHIPPED = join(import.meta.dirname, '../../models/default/card.json');

test('held-out cohorts first, named; else the in-distribution split; else a site model\'s in-sample figures; none without figures', () => {
  const inCohort = metricsAt([0.9, 0.8, 0.3, 0.1], [1, 1, 0, 0], 0.5);
  const shifted = metricsAt([0.9, 0.4, 0.6, 0.1, 0.2], [1, 1, 0, 0, 0], 0.5);
  const both = headlineValidation(testCard({ id: 'a', inputSize: 64, metrics: { validation: inCohort, validationShifted: shifted } }));
  assert.deepEqual(both && [both.split, both.metrics, both.short, both.long], ['validationShifted', shifted, 'held-out cohorts', 'validation on held-out cohorts (5 images)']);
  const one = headlineValidation(testCard({ id: 'b', inputSize: 64, metrics: { validation: inCohort } }));
  assert.deepEqual(one && [one.split, one.metrics, one.short, one.long], ['validation', inCohort, 'same cohorts', 'validation on the same cohorts as training (4 images)']);
  assert.equal(headlineValidation(testCard({ id: 'c', inputSize: 64 })), null);
  const site = headlineValidation(testCard({ id: 'd', inputSize: 64, metrics: { site: inCohort } }));
  assert.deepEqual(site && [site.split, site.metrics, site.short, site.long], ['site', inCohort, 'site, in-sample', 'the site images it was fitted on (4 images; in-sample, optimistic)']);
});

test('the shipped card: the held-out figure, as the AI panel shows it', (t) => {
  if (!existsSync(SHIPPED)) return t.skip(`${SHIPPED} is absent`);
  const card = JSON.parse(readFileSync(SHIPPED, 'utf8')) as ModelCard;
  const h = headlineValidation(card);
  const expected = card.metrics?.validationShifted ?? card.metrics?.validation;
  assert.equal(h?.metrics.auc, expected?.auc);
  assert.equal(h?.split, card.metrics?.validationShifted ? 'validationShifted' : 'validation');
});
