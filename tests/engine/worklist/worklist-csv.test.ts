import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreRow } from '../../../src-main/api/contract';
import { shareableFileNames } from '../../../src-main/engine/worklist/shareable-file-names';
import { worklistCsv, worklistCsvColumns } from '../../../src-main/engine/worklist/worklist-csv';

const dicomRow: ScoreRow = {
  file: '/data/a, b.dcm',
  probability: 0.91,
  label: 'PNEUMONIA',
  threshold: 0.4,
  model: 'm1',
  error: null,
  warnings: ['view position is LATERAL'],
  attributes: { PatientName: 'DOE^JANE', PatientID: 'P123', PatientAge: '004Y', PatientSex: 'F', Modality: 'CR', StudyInstanceUID: '1.2.3' },
};
const failed: ScoreRow = { file: '/data/bad.jpg', probability: null, label: null, threshold: null, model: 'm1', error: 'not a DICOM, JPEG or PNG image', warnings: [], attributes: {} };

function parse(csv: string): string[][] {
  // Enough CSV for these rows: quoted fields without embedded newlines.
  return csv
    .trimEnd()
    .split('\n')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"')));
}

test('without identifiers: score columns and clinical attributes only, no name or ID anywhere', () => {
  const csv = worklistCsv([dicomRow, failed], false, { fileName: shareableFileNames('/data', '/home/u/pacs/cache') });
  const [header, a, b] = parse(csv);
  assert.deepEqual(header, worklistCsvColumns(false));
  assert.deepEqual(header.slice(0, 18), ['file', 'probability', 'label', 'threshold', 'model', 'error', 'warnings', 'status', 'warning_codes', 'notes', 'model_sha256', 'views', 'engine', 'alveo', 'run_at', 'age_unknown', 'guardrail_rules', 'temperature']);
  assert.ok(!header.includes('PatientName') && !header.includes('PatientID') && !header.includes('StudyInstanceUID'));
  assert.ok(!csv.includes('DOE') && !csv.includes('P123') && !csv.includes('1.2.3'));
  assert.equal(a[0], 'a, b.dcm', 'the path inside the scored folder, not the absolute one');
  assert.equal(b[0], 'bad.jpg');
  assert.equal(a[1], '0.91');
  assert.equal(a[header.indexOf('PatientAge')], '004Y');
  assert.equal(a[header.indexOf('Modality')], 'CR');
  assert.equal(b[5], 'not a DICOM, JPEG or PNG image');
  assert.equal(b[1], '');
});

test('with identifiers: name, ID and UIDs are added as columns', () => {
  const [header, a] = parse(worklistCsv([dicomRow], true, { fileName: shareableFileNames('/data', '/home/u/pacs/cache') }));
  assert.equal(a[0], 'a, b.dcm', 'the same file name as without identifiers: the two exports join on it');
  assert.equal(a[header.indexOf('path')], '/data/a, b.dcm', 'the path as scored, beside it');
  assert.equal(header.indexOf('path'), header.indexOf('temperature') + 1, 'before the attributes');
  assert.equal(a[header.indexOf('PatientName')], 'DOE^JANE');
  assert.equal(a[header.indexOf('PatientID')], 'P123');
  assert.equal(a[header.indexOf('StudyInstanceUID')], '1.2.3');
  assert.equal(a[header.indexOf('PatientSex')], 'F');
});
