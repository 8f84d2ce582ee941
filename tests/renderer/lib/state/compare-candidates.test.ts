// What the second viewport offers beside the image on screen: this patient's images first (the
// other view of the same study, then the priors), other patients' and unnamed images apart, never
// marked as this patient's, so nothing but this patient's image is put beside it unasked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCandidates, type CompareSource } from '../../../../src-renderer/src/lib/state/compare-candidates';
import { compareSources } from '../../../../src-renderer/src/lib/state/compare-sources';
import { patientMatch } from '../../../../src-renderer/src/lib/state/patient-match';
import type { ScoreRow } from '../../../../src-main/api/contract';
import type { StripImage } from '../../../../src-renderer/src/lib/state/study-set-state.svelte';

const P1 = { PatientID: 'P1', PatientName: 'DOE^JANE' };
const P2 = { PatientID: 'P2', PatientName: 'KIM^SOO' };

function image(file: string, study: number, patient: Record<string, string>, viewPosition: string, date: string, position = 1): StripImage {
  return {
    file,
    format: 'dicom',
    viewPosition,
    lateral: viewPosition === 'LL',
    instanceNumber: null,
    modality: 'DX',
    attributes: { ...patient, StudyInstanceUID: `1.2.${study}`, StudyDate: date, ViewPosition: viewPosition },
    study,
    position,
  };
}

const set = [
  image('/p1/now-pa.dcm', 0, P1, 'PA', '20261201', 1),
  image('/p1/now-pa-repeat.dcm', 0, P1, 'PA', '20261201', 2),
  image('/p1/now-lat.dcm', 0, P1, 'LL', '20261201', 3),
  image('/p2/other.dcm', 1, P2, 'AP', '20261130'),
  image('/p1/prior-pa.dcm', 2, P1, 'PA', '20261115'),
  image('/p1/older-pa.dcm', 3, P1, 'PA', '20250105'),
];
const at = (file: string) => {
  const i = set.find((x) => x.file === file)!;
  return { file, attributes: i.attributes, lateral: i.lateral };
};
const row = (file: string, attributes: Record<string, string>): ScoreRow => ({ file, probability: 0.5, label: 'NORMAL', threshold: 0.5, model: 'm', error: null, warnings: [], attributes });

test('beside a frontal: the lateral of its study, the repeat, the priors newest first; another patient last, apart', () => {
  const c = compareCandidates(at('/p1/now-pa.dcm'), set);
  assert.deepEqual(c.map((x) => [x.file, x.relation, x.patient]), [
    ['/p1/now-lat.dcm', 'same study', 'same'],
    ['/p1/now-pa-repeat.dcm', 'same study', 'same'],
    ['/p1/prior-pa.dcm', 'prior', 'same'],
    ['/p1/older-pa.dcm', 'prior', 'same'],
    ['/p2/other.dcm', 'other patient', 'different'],
  ]);
  // Labels say what the image is (date, view), not its file name.
  assert.equal(c[2].label, '2026-11-15 · PA');
  assert.equal(c[0].label, 'LL');
  assert.equal(c[4].label, 'KIM, SOO (P2) · 2026-11-30 · AP');
});

test("beside another patient's image nothing of the first patient is marked as this patient's", () => {
  const c = compareCandidates(at('/p2/other.dcm'), set);
  assert.ok(c.every((x) => x.patient === 'different' && x.relation === 'other patient'), JSON.stringify(c));
  // The image on screen is never offered.
  assert.ok(!c.some((x) => x.file === '/p2/other.dcm'));
});

test('recent files of another or an unknown patient are never this patient\'s; a known one is', () => {
  const here = at('/p2/other.dcm');
  const known = new Map([['/p1/prior-pa.dcm', set[4].attributes], ['/p2/prior.dcm', { ...P2, StudyInstanceUID: '9', StudyDate: '20240101' }]]);
  const sources = compareSources({ here, images: [], rows: [], recent: ['/p1/prior-pa.dcm', '/x/photo.jpeg', '/p2/prior.dcm'], known, shown: null });
  const c = compareCandidates(here, sources);
  assert.deepEqual(c.map((x) => [x.file, x.relation, x.patient]), [
    ['/p2/prior.dcm', 'prior', 'same'],
    ['/p1/prior-pa.dcm', 'other patient', 'different'],
    ['/x/photo.jpeg', 'patient unknown', 'unknown'],
  ]);
  assert.equal(c[2].label, 'photo.jpeg');
});

test("after a reload the worklist's rows of this patient are offered (its prior found again); other patients' rows are not listed", () => {
  const here = at('/p1/now-pa.dcm');
  const rows = [row('/w/now.dcm', set[0].attributes), row('/w/prior.dcm', set[4].attributes), row('/w/kim.dcm', set[3].attributes)];
  const c = compareCandidates(here, compareSources({ here, images: [], rows: rows.slice(1), recent: [], known: new Map(), shown: null }));
  assert.deepEqual(c.map((x) => [x.file, x.relation]), [['/w/prior.dcm', 'prior']]);
});

test('the patient: by ID, by name when an ID is missing, unknown when neither; one study is one patient', () => {
  assert.equal(patientMatch(P1, { PatientID: 'P1', PatientName: 'doe^jane^^' }), 'same');
  assert.equal(patientMatch(P1, P2), 'different');
  assert.equal(patientMatch(P1, { PatientID: 'P1', PatientName: 'MÜLLER^JONAS' }), 'different', 'one ID, two names: not the same patient');
  assert.equal(patientMatch({ PatientName: 'DOE^JANE' }, P1), 'same');
  assert.equal(patientMatch({ PatientName: 'DOE^JOHN' }, P1), 'different');
  assert.equal(patientMatch({}, P1), 'unknown');
  assert.equal(patientMatch({}, {}), 'unknown');
  const noName: CompareSource[] = [{ file: '/a/lat.dcm', attributes: { StudyInstanceUID: '1.2.3' } }, { file: '/b/x.png', attributes: {} }];
  const c = compareCandidates({ file: '/a/pa.dcm', attributes: { StudyInstanceUID: '1.2.3' } }, noName);
  assert.deepEqual(c.map((x) => [x.relation, x.patient]), [['same study', 'same'], ['patient unknown', 'unknown']]);
});
