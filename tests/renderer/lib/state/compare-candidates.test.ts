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

test('the patient: by ID and name, never by a name alone, unknown when neither; one study is one patient', () => {
  assert.equal(patientMatch(P1, { PatientID: 'P1', PatientName: 'doe^jane^^' }), 'same');
  assert.equal(patientMatch(P1, P2), 'different');
  assert.equal(patientMatch(P1, { PatientID: 'P1', PatientName: 'MÜLLER^JONAS' }), 'different', 'one ID, two names: not the same patient');
  assert.equal(patientMatch({ PatientName: 'DOE^JANE' }, P1), 'unknown', 'a name alone is no proof');
  assert.equal(patientMatch({ PatientName: 'DOE^JOHN' }, P1), 'different');
  assert.equal(patientMatch({}, P1), 'unknown');
  assert.equal(patientMatch({}, {}), 'unknown');
  const noName: CompareSource[] = [{ file: '/a/lat.dcm', attributes: { StudyInstanceUID: '1.2.3' } }, { file: '/b/x.png', attributes: {} }];
  const c = compareCandidates({ file: '/a/pa.dcm', attributes: { StudyInstanceUID: '1.2.3' } }, noName);
  assert.deepEqual(c.map((x) => [x.relation, x.patient]), [['same study', 'same'], ['patient unknown', 'unknown']]);
});

test('anonymised images, namesakes and an ID without a name are never offered as this patient\'s', () => {
  const anon = (birth: string, sex: string) => ({ PatientID: 'ANON', PatientName: 'ANONYMOUS', PatientBirthDate: birth, PatientSex: sex, StudyDate: '20261201' });
  const here = { file: '/anon/now.dcm', attributes: { ...anon('19500101', 'M'), StudyInstanceUID: '1.9.1' } };
  const twin = { ...anon('19500101', 'M'), StudyInstanceUID: '1.9.3', StudyDate: '20250101' };
  const sources: CompareSource[] = [
    { file: '/anon/other.dcm', attributes: { ...anon('19880614', 'F'), StudyInstanceUID: '1.9.2', StudyDate: '20261101' } },
    { file: '/anon/same-study-other-born.dcm', attributes: { ...anon('19880614', 'M'), StudyInstanceUID: '1.9.1' } },
    { file: '/anon/twin.dcm', attributes: twin },
  ];
  assert.deepEqual(compareCandidates(here, sources).map((x) => [x.file, x.relation, x.patient]), [
    ['/anon/same-study-other-born.dcm', 'other patient', 'different'],
    ['/anon/other.dcm', 'other patient', 'different'],
    ['/anon/twin.dcm', 'patient unknown', 'unknown'],
  ]);
  const smith = { file: '/s/now.dcm', attributes: { PatientName: 'SMITH^JOHN', StudyInstanceUID: '2.1', StudyDate: '20261201' } };
  const namesake = { file: '/s/prior.dcm', attributes: { PatientName: 'SMITH^JOHN', StudyInstanceUID: '2.2', StudyDate: '20240101' } };
  assert.deepEqual(compareCandidates(smith, [namesake]).map((x) => x.patient), ['unknown']);
  const noName = { file: '/p1/no-name.dcm', attributes: { PatientID: 'P1', StudyInstanceUID: '3.2', StudyDate: '20240101' } };
  assert.deepEqual(compareCandidates(at('/p1/now-pa.dcm'), [noName]).map((x) => x.patient), ['unknown']);
  // The worklist lists none of them among this patient's rows.
  const rows = [row(namesake.file, namesake.attributes), row('/anon/twin.dcm', twin)];
  assert.deepEqual(compareSources({ here: smith, images: [], rows, recent: [], known: new Map(), shown: null }), []);
  assert.deepEqual(compareSources({ here, images: [], rows, recent: [], known: new Map(), shown: null }), []);
});

test("a header read this session wins over the worklist's and the study set's copy (the file replaced on disk by another patient's)", () => {
  const here = at('/p1/now-pa.dcm');
  const replaced = { ...P2, StudyInstanceUID: '7.7', StudyDate: '20261001' };
  const known = new Map([['/w/prior.dcm', replaced], ['/p1/prior-pa.dcm', replaced]]);
  const sources = compareSources({ here, images: [set[4]], rows: [row('/w/prior.dcm', set[4].attributes)], recent: ['/w/prior.dcm'], known, shown: null });
  const c = compareCandidates(here, sources);
  assert.deepEqual(c.map((x) => [x.file, x.patient]), [['/p1/prior-pa.dcm', 'different'], ['/w/prior.dcm', 'different']]);
});

test('options that would read the same are told apart: by study time, accession, series and image, else the file name', () => {
  const here = { file: '/p1/now.dcm', attributes: { ...P1, StudyInstanceUID: '5.0', StudyDate: '20230601', StudyTime: '101010', ViewPosition: 'PA' } };
  const same = (file: string, study: string, extra: Record<string, string>): CompareSource => ({
    file,
    attributes: { ...P1, StudyInstanceUID: study, StudyDate: '20230601', ViewPosition: 'PA', SeriesDescription: 'CHEST PA', ...extra },
  });
  const sources = [
    // Two other studies that day: their times differ.
    same('/p1/morning.dcm', '5.1', { StudyTime: '081500.000', AccessionNumber: 'A1', SeriesNumber: '1', InstanceNumber: '1' }),
    same('/p1/evening.dcm', '5.2', { StudyTime: '1930', AccessionNumber: 'A1', SeriesNumber: '1', InstanceNumber: '1' }),
    // Two at the same time: their accessions differ.
    same('/p1/a7.dcm', '5.3', { StudyTime: '120000', AccessionNumber: 'A7' }),
    same('/p1/a8.dcm', '5.4', { StudyTime: '120000', AccessionNumber: 'A8' }),
    // A repeat within the study on screen: the series and image numbers differ.
    { file: '/p1/now-repeat.dcm', attributes: { ...here.attributes, SeriesNumber: '1', InstanceNumber: '2' } },
    { file: '/p1/now-first.dcm', attributes: { ...here.attributes, SeriesNumber: '1', InstanceNumber: '1' } },
    // Nothing in the headers tells these apart (the reviewer's files): their names do.
    same('/ward/p1-nocal.dcm', '6.1', { StudyTime: '101010', AccessionNumber: 'A1', SeriesNumber: '1', InstanceNumber: '1' }),
    same('/ward/p1-big4k.dcm', '6.2', { StudyTime: '101010', AccessionNumber: 'A1', SeriesNumber: '1', InstanceNumber: '1' }),
    // The same name in two folders: the whole path.
    same('/a/x.dcm', '7.1', { StudyTime: '160000' }),
    same('/b/x.dcm', '7.2', { StudyTime: '160000' }),
    // The same name in two folders among other names: the whole path in the name's place.
    same('/c/y.dcm', '8.1', { StudyTime: '170000' }),
    same('/d/y.dcm', '8.2', { StudyTime: '170000' }),
    same('/d/z.dcm', '8.3', { StudyTime: '170000' }),
    // A label of its own is left as it is.
    { ...same('/p1/lateral.dcm', '5.0', {}), attributes: { ...here.attributes, ViewPosition: 'LL' }, lateral: true },
  ];
  const c = compareCandidates(here, sources);
  const label = (file: string) => c.find((x) => x.file === file)?.label;
  assert.equal(label('/p1/morning.dcm'), '2023-06-01 · PA · CHEST PA · 08:15');
  assert.equal(label('/p1/evening.dcm'), '2023-06-01 · PA · CHEST PA · 19:30');
  assert.equal(label('/p1/a7.dcm'), '2023-06-01 · PA · CHEST PA · 12:00 · accession A7');
  assert.equal(label('/p1/a8.dcm'), '2023-06-01 · PA · CHEST PA · 12:00 · accession A8');
  assert.equal(label('/p1/now-repeat.dcm'), 'PA · series 1, image 2');
  assert.equal(label('/p1/now-first.dcm'), 'PA · series 1, image 1');
  // What they share (accession, series and image) says nothing and is left out.
  assert.equal(label('/ward/p1-nocal.dcm'), '2023-06-01 · PA · CHEST PA · 10:10 · p1-nocal.dcm');
  assert.equal(label('/ward/p1-big4k.dcm'), '2023-06-01 · PA · CHEST PA · 10:10 · p1-big4k.dcm');
  assert.equal(label('/a/x.dcm'), '2023-06-01 · PA · CHEST PA · 16:00 · /a/x.dcm');
  assert.equal(label('/c/y.dcm'), '2023-06-01 · PA · CHEST PA · 17:00 · /c/y.dcm');
  assert.equal(label('/d/y.dcm'), '2023-06-01 · PA · CHEST PA · 17:00 · /d/y.dcm');
  assert.equal(label('/d/z.dcm'), '2023-06-01 · PA · CHEST PA · 17:00 · z.dcm');
  assert.equal(label('/p1/lateral.dcm'), 'LL');
  // Every option now reads differently.
  const options = c.map((x) => `${x.relation} · ${x.label}`);
  assert.equal(new Set(options).size, options.length, options.join('\n'));
});

test('one image under two paths (a link, a copy) is never offered beside itself, nor twice', () => {
  const here = { file: '/set/now.dcm', attributes: { ...P1, SOPInstanceUID: '1.2.9.1', StudyInstanceUID: '1.2.9', StudyDate: '20261201' } };
  const sources: CompareSource[] = [
    { file: '/dcm/now.dcm', attributes: { ...here.attributes } },
    { file: '/dcm/prior.dcm', attributes: { ...P1, SOPInstanceUID: '1.2.8.1', StudyInstanceUID: '1.2.8', StudyDate: '20251201' } },
    { file: '/set/prior.dcm', attributes: { ...P1, SOPInstanceUID: '1.2.8.1', StudyInstanceUID: '1.2.8', StudyDate: '20251201' } },
  ];
  assert.deepEqual(compareCandidates(here, sources).map((c) => [c.file, c.relation]), [['/dcm/prior.dcm', 'prior']]);
});
