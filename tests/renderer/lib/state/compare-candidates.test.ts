// What the second viewport offers beside the image on screen: the other view of the same study
// first (a lateral beside a frontal), then the same patient's other studies, then the rest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCandidates } from '../../../../src-renderer/src/lib/state/compare-candidates';
import type { StripImage } from '../../../../src-renderer/src/lib/state/study-set-state.svelte';

function image(file: string, study: number, patient: string, viewPosition: string, position = 1): StripImage {
  return { file, format: 'dicom', viewPosition, lateral: viewPosition === 'LL', instanceNumber: null, modality: 'DX', attributes: { PatientID: patient }, study, position };
}

const set = [
  image('/p1/now-pa.dcm', 0, 'P1', 'PA', 1),
  image('/p1/now-pa-repeat.dcm', 0, 'P1', 'PA', 2),
  image('/p1/now-lat.dcm', 0, 'P1', 'LL', 3),
  image('/p2/other.dcm', 1, 'P2', 'AP'),
  image('/p1/prior-pa.dcm', 2, 'P1', 'PA'),
];
const dates = ['20240301', '20240101', '20230105'];

test('beside a frontal: the lateral of its study first, then the repeat, then the prior, then another patient', () => {
  const c = compareCandidates(set, '/p1/now-pa.dcm', dates);
  assert.deepEqual(c.map((x) => [x.file, x.relation]), [
    ['/p1/now-lat.dcm', 'same study'],
    ['/p1/now-pa-repeat.dcm', 'same study'],
    ['/p1/prior-pa.dcm', 'prior'],
    ['/p2/other.dcm', 'other'],
  ]);
  assert.equal(c[2].label, 'PA · 2023-01-05 · prior-pa.dcm');
});

test('beside a lateral the frontal views come first; the image on screen is never offered', () => {
  const c = compareCandidates(set, '/p1/now-lat.dcm', dates);
  assert.deepEqual(c.slice(0, 2).map((x) => x.file), ['/p1/now-pa.dcm', '/p1/now-pa-repeat.dcm']);
  assert.ok(!c.some((x) => x.file === '/p1/now-lat.dcm'));
  // An image outside the set (opened on its own): everything else, as "other".
  assert.ok(compareCandidates(set, '/elsewhere.dcm', dates).every((x) => x.relation === 'other'));
});
