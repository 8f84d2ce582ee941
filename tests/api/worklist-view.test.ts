import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreRow } from '../../src-main/api/contract';
import { DEFAULT_WORKLIST_VIEW, worklistView } from '../../src-main/api/worklist-view';

function row(file: string, probability: number | null, extra: Partial<ScoreRow> = {}): ScoreRow {
  return {
    file,
    probability,
    label: probability === null ? null : probability >= 0.5 ? 'PNEUMONIA' : 'NORMAL',
    threshold: probability === null ? null : 0.5,
    model: 'm',
    error: probability === null ? 'unreadable' : null,
    warnings: [],
    attributes: {},
    ...extra,
  };
}

const rows = [
  row('/d/img10.png', 0.2),
  row('/d/bad.jpg', null),
  row('/d/img2.png', 0.9, { attributes: { PatientName: 'DOE^JANE', PatientID: 'P7' } }),
  row('/d/sub/img1.dcm', 0.6, { warnings: ['lateral view'] }),
  row('/d/tie.png', 0.2),
];
const files = (v: ScoreRow[]) => v.map((r) => r.file.split('/').pop());

test('default view: probability descending, held-back answers between the pneumonias and the normals, failures last, ties in arrival order', () => {
  // img1.dcm (0.6, warnings) is held back: its number is not shown, so it must not rank it; it is not
  // cleared either, so triage order puts it above every normal (review 10v L5).
  assert.deepEqual(files(worklistView(rows, DEFAULT_WORKLIST_VIEW)), ['img2.png', 'img1.dcm', 'img10.png', 'tie.png', 'bad.jpg']);
  assert.deepEqual(files(worklistView(rows, { ...DEFAULT_WORKLIST_VIEW, descending: false })), ['img10.png', 'tie.png', 'img1.dcm', 'img2.png', 'bad.jpg']);
  assert.deepEqual(files(worklistView(rows, { ...DEFAULT_WORKLIST_VIEW, sort: 'label' })), ['img2.png', 'img1.dcm', 'img10.png', 'tie.png', 'bad.jpg']);
  // A held-back row with a low raw score still sits above the normals, above one with a high raw score in ascending order.
  const low = [...rows, row('/d/low.dcm', 0.05, { warnings: ['lateral view'] })];
  assert.deepEqual(files(worklistView(low, DEFAULT_WORKLIST_VIEW)), ['img2.png', 'img1.dcm', 'low.dcm', 'img10.png', 'tie.png', 'bad.jpg']);
  assert.deepEqual(files(worklistView(low, { ...DEFAULT_WORKLIST_VIEW, descending: false })), ['img10.png', 'tie.png', 'img1.dcm', 'low.dcm', 'img2.png', 'bad.jpg']);
  // By label too: the hidden labels (img1 PNEUMONIA, low NORMAL) must not order them, in either direction.
  assert.deepEqual(files(worklistView(low, { ...DEFAULT_WORKLIST_VIEW, sort: 'label' })), ['img2.png', 'img1.dcm', 'low.dcm', 'img10.png', 'tie.png', 'bad.jpg']);
  const lowFirst = [row('/d/low.dcm', 0.05, { warnings: ['lateral view'] }), ...rows];
  assert.deepEqual(files(worklistView(lowFirst, { ...DEFAULT_WORKLIST_VIEW, sort: 'label', descending: false })), ['img10.png', 'tie.png', 'low.dcm', 'img1.dcm', 'img2.png', 'bad.jpg']);
  assert.deepEqual(files(worklistView(lowFirst, { ...DEFAULT_WORKLIST_VIEW, sort: 'label' })), ['img2.png', 'low.dcm', 'img1.dcm', 'img10.png', 'tie.png', 'bad.jpg']);
});

test('filters by label, errors and warnings; a held-back answer counts as neither label', () => {
  const v = (filter: typeof DEFAULT_WORKLIST_VIEW.filter) => files(worklistView(rows, { ...DEFAULT_WORKLIST_VIEW, filter }));
  assert.deepEqual(v('pneumonia'), ['img2.png']);
  assert.deepEqual(v('normal'), ['img10.png', 'tie.png']);
  assert.deepEqual(v('errors'), ['bad.jpg']);
  assert.deepEqual(v('warnings'), ['img1.dcm']);
});

test('search matches the path, patient name and ID, case-insensitively; file sort is natural', () => {
  assert.deepEqual(files(worklistView(rows, { ...DEFAULT_WORKLIST_VIEW, search: 'jane' })), ['img2.png']);
  assert.deepEqual(files(worklistView(rows, { ...DEFAULT_WORKLIST_VIEW, search: 'p7' })), ['img2.png']);
  assert.deepEqual(files(worklistView(rows, { ...DEFAULT_WORKLIST_VIEW, search: 'SUB/' })), ['img1.dcm']);
  assert.deepEqual(files(worklistView(rows, { ...DEFAULT_WORKLIST_VIEW, sort: 'file', descending: false })), ['bad.jpg', 'img1.dcm', 'img2.png', 'img10.png', 'tie.png']);
});

test('search matches the name as shown and as stored, ignoring ^, commas and case, and the accession number', () => {
  const named = [
    row('/d/a1.dcm', 0.7, { attributes: { PatientName: 'DOE^JANE^Marie^^', PatientID: 'PED001', AccessionNumber: 'ACC1001' } }),
    row('/d/b.png', 0.3),
  ];
  for (const search of ['doe, jane', 'Jane Marie', 'DOE^JANE', 'DOE, JANE Marie', 'acc1001', 'ped001']) {
    assert.deepEqual(files(worklistView(named, { ...DEFAULT_WORKLIST_VIEW, search })), ['a1.dcm'], search);
  }
  assert.deepEqual(files(worklistView(named, { ...DEFAULT_WORKLIST_VIEW, search: 'jane doe' })), [], 'words in another order are another name');
  assert.deepEqual(files(worklistView(named, { ...DEFAULT_WORKLIST_VIEW, search: ',' })), [], 'separators alone match nothing');
});

test('sorting by patient: rows without a name or ID come last in both directions', () => {
  const people = [
    row('/d/none1.png', 0.2),
    row('/d/zed.dcm', 0.4, { attributes: { PatientName: 'ZED^ANN' } }),
    row('/d/idonly.dcm', 0.5, { attributes: { PatientID: 'M123' } }),
    row('/d/none2.png', 0.3, { attributes: { PatientName: '' } }),
    row('/d/abe.dcm', 0.6, { attributes: { PatientName: 'ABE^BOB' } }),
  ];
  const sorted = (descending: boolean) => files(worklistView(people, { ...DEFAULT_WORKLIST_VIEW, sort: 'patient', descending }));
  assert.deepEqual(sorted(false), ['abe.dcm', 'idonly.dcm', 'zed.dcm', 'none1.png', 'none2.png']);
  assert.deepEqual(sorted(true), ['zed.dcm', 'idonly.dcm', 'abe.dcm', 'none1.png', 'none2.png']);
});
