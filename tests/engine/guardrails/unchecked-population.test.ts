// The note beside a JPEG's or PNG's answer: the age and view rules could not run on it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uncheckedPopulationNote } from '../../../src-main/engine/guardrails/unchecked-population';
import { testCard } from '../inference/support/test-card';

const population = { ageYears: [1, 5] as [number, number], views: ['PA', 'AP'], description: 'children' };

test('a JPEG or PNG read by a model with a stated population says its age and view were not checked', () => {
  const card = testCard({ id: 'p', inputSize: 224, population });
  assert.equal(uncheckedPopulationNote('jpeg', card), 'A JPEG records no patient age or view, so Alveo could not check this image against what the model was trained on (children aged 1-5 years, PA/AP views). Make sure it is one.');
  assert.match(uncheckedPopulationNote('png', card) ?? '', /^A PNG records no patient age or view/);
  assert.match(uncheckedPopulationNote('png', testCard({ id: 'v', inputSize: 224, population: { views: ['PA'], description: 'adults' } })) ?? '', /\(PA views\)/);
  assert.match(uncheckedPopulationNote('png', testCard({ id: 'a', inputSize: 224, population: { ageYears: [18, 90], description: 'adults' } })) ?? '', /\(patients aged 18-90 years\)/);
});

test('no note for a DICOM (its header is checked) or a model that states no population', () => {
  assert.equal(uncheckedPopulationNote('dicom', testCard({ id: 'p', inputSize: 224, population })), null);
  assert.equal(uncheckedPopulationNote('jpeg', testCard({ id: 'n', inputSize: 224 })), null);
  assert.equal(uncheckedPopulationNote('jpeg', null), null);
});
