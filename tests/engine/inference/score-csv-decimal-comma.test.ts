// Review 41 F7: a score CSV for Excel set to a decimal comma (German, French… regional settings) is
// ';'-separated with 0,25 in the number columns and a byte-order mark; readScoreCsv and the merge
// read it back to the very values the comma style gives, and the merge writes it again as it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreProvenance, ScoreRow } from '../../../src-main/api/contract';
import { mergedCsv, mergeScoreParts } from '../../../src-main/engine/inference/merge-score-parts';
import { readScoreCsv } from '../../../src-main/engine/inference/read-score-csv';
import { scoreCsv, scoreTableCsv } from '../../../src-main/engine/inference/score-csv';
import { UTF8_BOM } from '../../../src-main/engine/text/csv-cell';
import { readsCsv } from '../../../src-main/engine/readings/reads-csv';
import { parseCsv } from './support/parse-csv';

const provenance: ScoreProvenance = { modelSha256: 'c8f4', views: 5, engine: 'onnxruntime (cpu, 2 threads), 5-view TTA', alveo: '1.0.0', runAt: '2026-05-01T10:00:00Z', ageUnknown: 'hold-back', guardrailRules: 3, temperature: 0.6041 };
const rows: ScoreRow[] = [
  { file: 'de.dcm', probability: 0.07748375087976456, label: 'NORMAL', threshold: 0.4753, model: 'default', error: null, warnings: ['view is lateral; check'], warningCodes: ['view', 'age'], attributes: { PatientName: 'Müller^Jürgen', WindowCenter: '-40.5', PatientAge: '045Y' } },
  { file: '-1,5.png', probability: 1e-7, label: 'NORMAL', threshold: 0.4753, model: 'default', error: null, warnings: [], attributes: { PatientName: '=HYPERLINK("x")', WindowCenter: '40\\400' } },
  { file: 'bad.jpg', probability: null, label: null, threshold: null, model: 'default', error: 'not an image; no JPEG start marker', warnings: [], attributes: {} },
];
const opts = { attributes: ['PatientName', 'WindowCenter', 'PatientAge'], provenance };

test('the decimal-comma style: BOM, ; between cells, decimal commas in number columns only, ; cells quoted, formulas escaped', () => {
  const text = scoreCsv(rows, { ...opts, style: 'excel-decimal-comma' });
  assert.ok(text.startsWith(`${UTF8_BOM}file;probability;label;threshold;model;error;warnings;status;warning_codes;`), text.slice(0, 80));
  const [, de, odd, bad] = text.split('\n');
  assert.ok(de.startsWith('de.dcm;0,07748375087976456;NORMAL;0,4753;default;;"view is lateral; check";held back;"view;age";'), de);
  assert.ok(de.includes(';c8f4;5;onnxruntime (cpu, 2 threads), 5-view TTA;1.0.0;2026-05-01T10:00:00Z;hold-back;3;0,6041;'), 'text cells keep their commas and points, unquoted');
  assert.ok(de.endsWith(';Müller^Jürgen;-40,5;045Y'), 'a decimal DICOM attribute gets the comma, a text one not');
  assert.ok(odd.startsWith("'-1,5.png;1e-7;"), 'a file name is text: escaped as one (not a number), its comma kept, unquoted');
  assert.ok(odd.endsWith(`;"'=HYPERLINK(""x"")";40\\400;`), odd);
  assert.ok(bad.startsWith('bad.jpg;;;;default;"not an image; no JPEG start marker";;failed;'), bad);
});

test('written in the decimal-comma style, read back with readScoreCsv and merged: the same values as the comma style', () => {
  const comma = readScoreCsv(scoreCsv(rows, opts), 'comma.csv');
  const semi = readScoreCsv(scoreCsv(rows, { ...opts, style: 'excel-decimal-comma' }), 'semi.csv');
  assert.equal(semi.delimiter, ';');
  assert.equal(comma.delimiter, ',');
  assert.deepEqual(semi.header, comma.header);
  assert.deepEqual(semi.rows.map((r) => r.fields), comma.rows.map((r) => r.fields));
  const p = (t: typeof semi) => t.rows.map((r) => r.fields[t.header.indexOf('probability')]);
  assert.deepEqual(p(semi), ['0.07748375087976456', '1e-7', '']);
  assert.equal(Number(p(semi)[0]), rows[0].probability);
  // The merge reads both and writes either style: the same rows each way round.
  const merged = mergeScoreParts([semi]);
  assert.equal(scoreTableCsv(merged.header, merged.rows, 'scripts'), mergedCsv(mergeScoreParts([comma])));
  const again = scoreTableCsv(merged.header, merged.rows, 'excel-decimal-comma');
  assert.deepEqual(readScoreCsv(again, 'again.csv').rows.map((r) => r.fields), merged.rows);
  assert.equal(again, scoreCsv([...rows].sort((a, b) => (a.file < b.file ? -1 : 1)), { ...opts, style: 'excel-decimal-comma' }), 'the merge writes what score wrote');
});

test('a decimal-comma part and a comma part merge: they were scored alike (temperature, threshold compared as numbers)', () => {
  const a = readScoreCsv(scoreCsv([rows[0]], { ...opts, style: 'excel-decimal-comma' }), 'part-0.csv');
  const b = readScoreCsv(scoreCsv([rows[2]], { ...opts, style: 'excel' }), 'part-1.csv');
  const merged = mergeScoreParts([a, b]);
  assert.deepEqual(merged.rows.map((r) => r[merged.header.indexOf('temperature')]), ['0.6041', '0.6041']);
});

test('the reads CSV in the decimal-comma style: seconds, score and threshold with a comma', () => {
  const read = { file: 'x.dcm', reader: 'Dr. Müller', finding: 'pneumonia', note: 'a; b', at: '2026-05-01T10:00:00Z', afterAi: true, readingMs: 12_345, ai: { model: 'default', probability: 0.123456789, label: 'PNEUMONIA', threshold: 0.4753, heldBack: false } } as const;
  const text = readsCsv([read], { style: 'excel-decimal-comma' });
  const [header, line] = text.replace(UTF8_BOM, '').trimEnd().split('\n');
  assert.ok(text.startsWith(UTF8_BOM));
  assert.ok(header.startsWith('file;image;sop_instance_uid;'), header);
  assert.ok(line.includes(';"a; b";'), line);
  assert.ok(line.endsWith(';12,3;default;0,123457;PNEUMONIA;0,4753;false;true'), line);
  assert.deepEqual(parseCsv(readsCsv([read])).length, 2, 'the comma style unchanged');
});
